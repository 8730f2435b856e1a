"""`--plan`: what a run will cost, per operation and phase, estimated from the spec without a request (the probes
from each list's profile, the generated cases from a formula: `engine/budget_cost.py`), and how a
`--max-requests` budget is spread over it, in the order a run spends it (`engine/plan.py`): every operation's path
values and probes first, then generated cases round robin over operations (`engine/generated.py`).

`estimate(spec, settings)` plans one spec file; a run over several files sums the `SpecPlan`s (`allocate` and
`render` take any number of them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from conformance import st
from conformance.engine.budget_cost import (
    NOTHING,
    Estimate,
    auth_cost,
    case_cost,
    path_value_cost,
    probe_cost,
)
from conformance.engine.log import GENERATED, PROBES
from conformance.engine.plan import PATH_VALUES
from conformance.generation import schemathesis_config
from conformance.profile import list_profile
from conformance.selection import SAFE_METHODS
from conformance.settings import RunSettings
from conformance.spec import Spec, load_spec

HOURLY_QUOTA = 100  # Voucherify's sandbox allows about 100 calls an hour
PREFLIGHT = Estimate.exactly(1)  # the first documented list, asked once before anything else
# How far a plan can be off, as the tests hold it against real runs on the embedded sandbox (tests/test_costing.py):
# a file's probes within this share of the estimate (the 141 served GET operations of the official files: 14 % over
# in all, 35 % at worst for one file), its generated cases within a factor of two either way.
PROBE_ERROR = 0.4
CASE_FACTOR = 2
# The line of the requests that belong to no operation, so that the lines add up to the total.
OVERHEAD = "(run) preflight: is the target the API"


@dataclass(frozen=True)
class OperationCost:
    operation: str
    list_style: str | None
    by_phase: dict[str, Estimate]
    skipped: str | None  # why nothing of it would be sent

    @property
    def total(self) -> Estimate:
        return sum(self.by_phase.values(), NOTHING)

    @property
    def probing(self) -> int:
        """Its path values and probes: what a budget spends on it before any generated case."""
        return self.by_phase[PATH_VALUES].expected + self.by_phase[PROBES].expected


@dataclass(frozen=True)
class SpecPlan:
    """The estimated cost of one spec file's run."""

    spec: str
    operations: tuple[OperationCost, ...]
    overhead: Estimate  # preflight and other requests outside any operation

    @property
    def total(self) -> Estimate:
        return sum((op.total for op in self.operations), self.overhead)

    @property
    def sent(self) -> tuple[OperationCost, ...]:
        return tuple(op for op in self.operations if op.skipped is None)


@dataclass(frozen=True)
class Allocation:
    """How a budget is spent over plans: every probe first, then generated cases, operations taking turns."""

    budget: int
    probing: int  # preflight, path values and probes of every operation
    total: int  # the whole run
    short: tuple[str, ...]  # operations whose generated cases (or probes) the budget cannot finish

    @property
    def covers_every_check(self) -> bool:
        return not self.short


def plan(settings: RunSettings) -> SpecPlan:
    """The estimated cost of the run the settings describe, for its first (or only) spec file."""
    return estimate(load_spec(settings.spec), settings)


def plans(settings: RunSettings) -> tuple[SpecPlan, ...]:
    """The estimated cost of the run the settings describe, one plan per spec file, in the run's order."""
    return tuple(estimate(load_spec(path), settings) for path in settings.spec_files)


def estimate(spec: Spec, settings: RunSettings) -> SpecPlan:
    """The estimated cost of running `settings` against one spec; sends nothing, generates nothing."""
    config = schemathesis_config(settings, "http://127.0.0.1")
    schema = st.select(st.load_schema(spec.raw, config), settings.selection)
    costs = []
    for label, _operation, _error in st.operations(schema):
        method, _, path = label.partition(" ")
        path_item = spec.raw.get("paths", {}).get(path, {})
        definition = path_item.get(method.lower(), {}) if isinstance(path_item, dict) else {}
        profile = list_profile(spec.raw, method, path)
        style = profile.style.value if profile is not None else None
        if method not in SAFE_METHODS and not settings.selection.all_methods:
            costs.append(OperationCost(label, style, _phases(NOTHING, NOTHING, NOTHING), "not sent: not GET or HEAD"))
            continue
        probes = probe_cost(spec.raw, profile, settings.max_requests) if profile is not None else auth_cost()
        if method not in SAFE_METHODS:
            probes = NOTHING  # credential checks go to GET and HEAD only
        cases = case_cost(spec.raw, definition, path_item, settings.max_examples)
        costs.append(OperationCost(label, style, _phases(path_value_cost(path), probes, cases), None))
    sends = any(op.skipped is None for op in costs)
    return SpecPlan(str(spec.path), tuple(costs), PREFLIGHT if sends else NOTHING)


def _phases(path_values: Estimate, probes: Estimate, cases: Estimate) -> dict[str, Estimate]:
    return {PATH_VALUES: path_values, PROBES: probes, GENERATED: cases}


def allocate(plans: Sequence[SpecPlan], budget: int) -> Allocation:
    """Spend `budget` as a budgeted run does: path values and probes of every operation, then generated cases
    round robin over operations (`engine/generated.py`); an operation whose cases the budget cannot finish is short
    (a run reports it as not checked)."""
    operations = [op for costed in plans for op in costed.sent]
    probing = sum(costed.overhead.expected for costed in plans) + sum(op.probing for op in operations)
    left, short = budget - probing, []
    # Round robin: the operations that need least finish first; the others share what is left equally.
    needs = sorted(operations, key=lambda op: op.by_phase[GENERATED].expected)
    for number, op in enumerate(needs):
        share = max(0, left) // (len(needs) - number)
        need = op.by_phase[GENERATED].expected
        if need > share:
            short.append(op.operation)
        left -= min(need, share)
    total = sum(costed.total.expected for costed in plans)
    return Allocation(budget, probing, total, tuple(short))


def render(plans: SpecPlan | Sequence[SpecPlan], budget: int | None = None) -> str:
    plans = [plans] if isinstance(plans, SpecPlan) else list(plans)
    total = sum((costed.total for costed in plans), NOTHING)
    lines = [
        f"Plan: about {total.expected} requests in all ({total.low} to {total.high}), estimated from the spec; "
        "nothing was sent.",
        f"  The estimate can be off: a file's probes by up to {PROBE_ERROR:.0%} (walks depend on the target's data), "
        f"generated cases by up to a factor of {CASE_FACTOR} (Schemathesis' coverage phase).",
    ]
    for costed in plans:
        if len(plans) > 1:
            lines.append(f"{costed.spec}: about {costed.total.expected}")
        for op in costed.operations:
            if op.skipped:
                lines.append(f"  {op.operation}: not checked: {op.skipped}")
                continue
            phases = ", ".join(f"{phase} {count.expected}" for phase, count in op.by_phase.items() if count.high)
            lines.append(f"  {op.operation} [{op.list_style or 'not a list'}]: {op.total.expected} ({phases})")
        if costed.overhead.high:
            lines.append(f"  {OVERHEAD}: {costed.overhead.expected}")
    hours = -(-total.expected // HOURLY_QUOTA)
    lines.append(f"At Voucherify's sandbox quota of {HOURLY_QUOTA} calls an hour: about {hours} hour(s).")
    if budget is not None:
        lines += _budget_lines(allocate(plans, budget))
    return "\n".join(lines)


def _budget_lines(spent: Allocation) -> list[str]:
    lines = [
        f"--max-requests {spent.budget}: every operation's path values and probes need about {spent.probing}; "
        + (
            "the budget covers the whole run."
            if spent.covers_every_check
            else f"{len(spent.short)} operation(s) would end not fully checked: {', '.join(spent.short[:3])}"
            + (" ..." if len(spent.short) > 3 else "")
        )
    ]
    if spent.budget < spent.total:
        runs = -(-spent.total // spent.budget)
        lines.append(
            f"The whole run (every generated case) takes about {runs} runs of {spent.budget} with --resume FILE; "
            "each run sends every probe before any generated case."
        )
    return lines
