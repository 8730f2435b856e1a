"""`conformance run`'s list checks (pagination, sorting, filters, cursor, shape) on the responses the SDK received."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from conformance.checks import LIST_CHECKS
from conformance.engine.offline import OfflineChecker, Recorded
from conformance.leniency import Contradictions, contradictions
from conformance.lint import lint_spec
from conformance.profile import ListProfile
from conformance.result import Finding, Kind, RunError
from conformance.sdk.exchanges import Exchange

SDK_BASE_URL = "http://sdk.invalid"  # only for the curl lines of findings; the exchanges were already made


def run_list_checks(
    spec: dict[str, Any], profile: ListProfile, exchanges: list[Exchange]
) -> tuple[list[Finding], list[RunError]]:
    """Findings of the list checks on these responses (each request's query and its answer), and the checks that
    crashed (errors, never a pass)."""
    if not exchanges:
        return [], []
    checker = OfflineChecker(spec, SDK_BASE_URL)
    for exchange in exchanges:
        recorded = Recorded(
            method=exchange.method,
            url=SDK_BASE_URL + exchange.target,
            status=exchange.status,
            headers={name: [value] for name, value in exchange.headers.items()},
            body=exchange.body.encode(),
        )
        checker.check(recorded, only=LIST_CHECKS)
    findings = [f for kind in (Kind.DEFECT, Kind.SPEC_GAP) for f in checker.findings(kind)]
    explained = _contradictions(spec).get(profile.operation)
    return [
        replace(f, kind=Kind.SPEC_FINDING) if explained is not None and explained.explains(f.check, f.message) else f
        for f in findings
        if f.operation == profile.operation
    ], checker.log.errors()


def _contradictions(spec: dict[str, Any]) -> dict[str, Contradictions]:
    """As `conformance run` does: a finding that the spec's own contradiction explains is a spec finding."""
    key = id(spec)
    if key not in _LINTED or _LINTED[key][0] is not spec:
        _LINTED[key] = (spec, contradictions(lint_spec(spec, ""), spec))
    return _LINTED[key][1]


_LINTED: dict[int, tuple[dict[str, Any], dict[str, Contradictions]]] = {}
