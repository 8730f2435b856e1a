"""The verdict of one check on one operation, decided from the RunResult alone: the one rule that the JUnit
writer and the pytest verdict suite (and so Allure) share."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from conformance.counts import counted
from conformance.result import Finding, Kind, OperationResult, RunError, RunResult, Verdict

RUN_PAIR = ("(run)", "run")
# Not-checked items a run-level message names before it says "and N more".
FIRST_GAPS = 5
ALLOW_INCOMPLETE = "--allow-incomplete"
SPEC_GAP_PREFIX = "Spec gap"
SPEC_FINDING_PREFIX = "Spec finding"


class Outcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"
    BROKEN = "broken"


@dataclass(frozen=True)
class PairVerdict:
    outcome: Outcome
    message: str = ""
    findings: tuple[Finding, ...] = ()
    errors: tuple[RunError, ...] = ()


def pairs(result: RunResult) -> list[tuple[str, str]]:
    """Every (operation, check) the run knows of, operations in run order; the run itself last when it errored,
    was interrupted, or left something selected not checked: the run's own verdict then has a test of its own."""
    found = [(op.operation, check) for op in result.operations for check in _checks(result, op)]
    if any(error.operation is None for error in result.errors) or not result.complete or result.interrupted:
        found.append(RUN_PAIR)
    return found


def _checks(result: RunResult, op: OperationResult) -> list[str]:
    named = [
        *op.checked,
        *op.not_applicable,
        *(item.check for item in op.not_checked),
        *(f.check for f in result.findings if f.operation == op.operation),
        *(e.check for e in result.errors if e.operation == op.operation and e.check),
    ]
    return sorted(set(named))


def verdict(result: RunResult, operation: str, check: str, allow_option: str = ALLOW_INCOMPLETE) -> PairVerdict:
    """`allow_option`: how the user accepts an incomplete run where this verdict is shown (the pytest plugin's
    option is not the command's)."""
    if (operation, check) == RUN_PAIR:
        return _run_verdict(result, allow_option)
    errors = tuple(result.errors_for(operation, check))
    findings = tuple(result.for_pair(operation, check))
    if errors:
        return PairVerdict(Outcome.BROKEN, _lines(e.message for e in errors), findings, errors)
    defects = [f for f in findings if f.kind is Kind.DEFECT]
    if defects:
        return PairVerdict(Outcome.FAILED, _lines(map(describe, defects)), findings)
    spec = [f for f in findings if f.kind in (Kind.SPEC_GAP, Kind.SPEC_FINDING)]
    if spec:
        prefix = SPEC_GAP_PREFIX if spec[0].kind is Kind.SPEC_GAP else SPEC_FINDING_PREFIX
        outcome = Outcome.FAILED if result.info.strict_spec else Outcome.SKIPPED
        return PairVerdict(outcome, f"{prefix}: " + _lines(map(describe, spec)), findings)
    op = next((o for o in result.operations if o.operation == operation), None)
    if op is None:
        return PairVerdict(Outcome.SKIPPED, "Not selected in this run")
    item = next((item for item in op.not_checked if item.check == check), None)
    if item is not None:
        said = "No check can judge it" if item.limitation else "Not checked"
        return PairVerdict(Outcome.SKIPPED, f"{said}: {item.reason}", findings)
    if check in op.checked:
        return PairVerdict(Outcome.PASSED, "", findings)
    return PairVerdict(Outcome.SKIPPED, "Not applicable to this operation", findings)


def _run_verdict(result: RunResult, allow_option: str) -> PairVerdict:
    """The run's own verdict: broken by an error of the run or an interrupt, failed when incomplete (skipped
    when --allow-incomplete accepts it), else passed."""
    errors = tuple(e for e in result.errors if e.operation is None)
    if errors:
        return PairVerdict(Outcome.BROKEN, _lines(e.message for e in errors), errors=errors)
    if result.interrupted:
        message = f"Interrupted (Ctrl-C) after {counted(result.requests, 'request')}. {coverage_sentence(result)}"
        return PairVerdict(Outcome.BROKEN, message, errors=(RunError(message),))
    if result.complete:
        return PairVerdict(Outcome.PASSED)
    message = f"Incomplete: {coverage_sentence(result)}"
    if result.verdict is not Verdict.INCOMPLETE:
        return PairVerdict(Outcome.SKIPPED, message)  # the run failed or errored: that pair says so
    if result.accepted_incomplete:
        return PairVerdict(Outcome.SKIPPED, f"{message} (accepted with {allow_option})")
    return PairVerdict(Outcome.FAILED, f"{message} Pass {allow_option} to accept an incomplete run.")


def coverage_sentence(result: RunResult) -> str:
    """How many selected operations were fully checked, and the first few things that were not, with why."""
    complete, selected = result.coverage()
    gaps = [f"{op.operation}: {item.check}: {item.reason}" for op in result.operations for item in op.gaps]
    unfinished = [
        f"{op.operation}: not every phase ran"
        for op in result.operations
        if not op.gaps and not result.fully_checked(op)
    ]
    listed = [*gaps, *unfinished]
    more = f"; and {len(listed) - FIRST_GAPS} more" if len(listed) > FIRST_GAPS else ""
    named = f" Not checked: {'; '.join(listed[:FIRST_GAPS])}{more}." if listed else ""
    return f"{complete} of {selected} selected operations fully checked.{named}"


def describe(finding: Finding) -> str:
    return f"{finding.title}\n{finding.message}\nReproduce: {finding.reproduce}"


def _lines(parts: Iterable[str]) -> str:
    return "\n\n".join(parts)
