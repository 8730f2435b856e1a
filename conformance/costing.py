"""`--plan`: what a run will cost, per operation and phase, measured by running the same plan on the embedded
sandbox of the same spec. The target itself gets nothing."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from conformance.engine.run import run as run_engine
from conformance.result import RunResult
from conformance.settings import RunSettings

HOURLY_QUOTA = 100  # Voucherify's sandbox allows about 100 calls an hour
# The line of the requests that belong to no operation, so that the lines add up to the total.
OVERHEAD = "(run) preflight: is the target the API"


@dataclass(frozen=True)
class OperationCost:
    operation: str
    list_style: str | None
    by_phase: dict[str, int]
    skipped: str | None  # why nothing of it would be sent

    @property
    def total(self) -> int:
        return sum(self.by_phase.values())


@dataclass(frozen=True)
class Plan:
    operations: tuple[OperationCost, ...]
    overhead: int  # preflight and other requests outside any operation
    budget: int | None

    @property
    def total(self) -> int:
        return self.overhead + sum(op.total for op in self.operations)


def plan(settings: RunSettings) -> Plan:
    """Cost of the run the settings describe, measured on the embedded sandbox with no budget."""
    rehearsal = dataclasses.replace(
        settings, base_url=None, cassette=None, record_mode=None, replaying=False, max_requests=None, rate_limit=None
    )
    return _costs(run_engine(rehearsal), settings.max_requests)


def _costs(result: RunResult, budget: int | None) -> Plan:
    operations = []
    for op in result.operations:
        whole = next((item.reason for item in op.not_checked if item.check == "*"), None)
        operations.append(OperationCost(op.operation, op.list_style, dict(op.requests_by_phase), whole))
    overhead = result.requests - sum(op.total for op in operations)
    return Plan(tuple(operations), overhead, budget)


def render(costed: Plan) -> str:
    lines = [f"Plan: {costed.total} requests in all (measured on the embedded sandbox; nothing was sent)."]
    for op in costed.operations:
        if op.skipped:
            lines.append(f"  {op.operation}: not checked: {op.skipped}")
            continue
        phases = ", ".join(f"{phase} {count}" for phase, count in op.by_phase.items())
        lines.append(f"  {op.operation} [{op.list_style or 'not a list'}]: {op.total} ({phases})")
    if costed.overhead:
        lines.append(f"  {OVERHEAD}: {costed.overhead}")
    hours = -(-costed.total // HOURLY_QUOTA)
    lines.append(f"At Voucherify's sandbox quota of {HOURLY_QUOTA} calls an hour: about {hours} hour(s).")
    if costed.budget is not None and costed.budget < costed.total:
        runs = -(-costed.total // costed.budget)
        lines.append(
            f"--max-requests {costed.budget} covers it in {runs} runs with --resume FILE; "
            "each run sends every list's probes before any generated case."
        )
    return "\n".join(lines)
