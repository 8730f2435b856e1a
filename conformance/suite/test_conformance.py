"""The verdict suite: one test per (operation, check), each reading the RunResult, none sending anything.

The engine runs once per session, whole, before any verdict: so a `-k` subset shows a subset of the same
verdicts, and never a pass for requests that were not sent.
"""

from __future__ import annotations

import pytest

from conformance.reporting import allure as allure_report
from conformance.result import RunResult
from conformance.suite.handoff import ALLOW_OPTION_KEY
from conformance.verdicts import ALLOW_INCOMPLETE, Outcome, verdict


def test_verdict(
    conformance_pair: tuple[str, str], conformance_result: RunResult, request: pytest.FixtureRequest
) -> None:
    """The verdict of one check on one operation, over every response the run saw."""
    operation, check = conformance_pair
    allow = request.config.stash.get(ALLOW_OPTION_KEY, ALLOW_INCOMPLETE)
    decided = verdict(conformance_result, operation, check, allow)
    allure_report.label(conformance_result, operation, check, decided.findings)
    allure_report.steps(decided.findings)
    if decided.outcome is Outcome.BROKEN:
        raise allure_report.RunBroken(allure_report.broken_message(decided))
    if decided.outcome is Outcome.FAILED:
        pytest.fail(decided.message, pytrace=False)
    if decided.outcome is Outcome.SKIPPED:
        pytest.skip(decided.message)
