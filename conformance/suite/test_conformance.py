"""The verdict suite: one test per (operation, check), each reading the RunResult, none sending anything.

The engine runs once per session, whole, before any verdict: so a `-k` subset shows a subset of the same
verdicts, and never a pass for requests that were not sent.
"""

from __future__ import annotations

import pytest

from conformance.reporting import allure as allure_report
from conformance.result import RunResult
from conformance.suite.handoff import ALLOW_OPTION_KEY
from conformance.verdicts import ALLOW_INCOMPLETE, Outcome, PairVerdict, verdict


@pytest.fixture
def conformance_verdict(
    conformance_pair: tuple[str, str], conformance_result: RunResult, request: pytest.FixtureRequest
) -> PairVerdict:
    """The verdict of one check on one operation, over every response the run saw. A crash (of a check, a probe
    or the run itself) is raised here, in setup: pytest shows it as an error, Allure as broken, never a failure."""
    operation, check = conformance_pair
    allow = request.config.stash.get(ALLOW_OPTION_KEY, ALLOW_INCOMPLETE)
    decided = verdict(conformance_result, operation, check, allow)
    # allure-pytest names the test after its setup, over a title set here: the title is set again at teardown,
    # which comes for a verdict raised here too.
    request.addfinalizer(lambda: allure_report.retitle(operation, check))
    allure_report.label(conformance_result, operation, check, decided.findings)
    if decided.outcome is Outcome.BROKEN:
        raise allure_report.RunBroken(allure_report.broken_message(decided))
    return decided


def test_verdict(conformance_verdict: PairVerdict) -> None:
    """Passes, fails (a defect) or skips (not applicable, not checked) as the run's verdict for its pair says."""
    allure_report.steps(conformance_verdict.findings)  # in the test: a step taken in a fixture is the fixture's
    if conformance_verdict.outcome is Outcome.FAILED:
        pytest.fail(conformance_verdict.message, pytrace=False)
    if conformance_verdict.outcome is Outcome.SKIPPED:
        pytest.skip(conformance_verdict.message)
