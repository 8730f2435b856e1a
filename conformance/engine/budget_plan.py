"""What a run will cost, per operation and phase, estimated from the spec without a request (`budget_cost`), and how
a `--max-requests` budget is spent over any number of spec files: the one allocation that `--plan` prints and a run
over several files follows (`engine/files.py`).

A budget is spent in this order, across all the files: every operation's path values and probes; then every
operation's covering set (`engine/budget.py`), operations taking turns; then the rest of the generated cases,
operations taking turns. An operation whose probes or covering set the budget cuts is short: "not checked" for the
budget. One whose covering set was sent is checked; what the budget leaves of its other cases, a full run adds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from conformance import st_schema
from conformance.engine.budget_cost import (
    NOTHING,
    Estimate,
    auth_cost,
    case_cost,
    covering_cost,
    path_value_cost,
    probe_cost,
)
from conformance.engine.log import GENERATED, PROBES
from conformance.engine.plan import PATH_VALUES
from conformance.errors import ConformanceError
from conformance.generation import schemathesis_config
from conformance.profile import list_profile
from conformance.result import FILE_SEPARATOR
from conformance.selection import SAFE_METHODS
from conformance.settings import RunSettings
from conformance.spec import Spec

PREFLIGHT = Estimate.exactly(1)  # the first documented list, asked once before anything else


@dataclass(frozen=True)
class OperationCost:
    operation: str
    list_style: str | None
    by_phase: dict[str, Estimate]
    skipped: str | None  # why nothing of it would be sent
    covering: Estimate = NOTHING  # the generated cases of its covering set, part of `by_phase[GENERATED]`

    @property
    def total(self) -> Estimate:
        return sum(self.by_phase.values(), NOTHING)

    @property
    def probing(self) -> int:
        """Its path values and probes: what a budget spends on it before any generated case."""
        return self.by_phase[PATH_VALUES].expected + self.by_phase[PROBES].expected

    @property
    def cases(self) -> int:
        return self.by_phase[GENERATED].expected

    @property
    def covering_cases(self) -> int:
        return min(self.covering.expected, self.cases)


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
    """How a budget is spent over plans: probes first, then covering sets, then the other cases, across files."""

    budget: int
    probing: int  # preflight, path values and probes of every operation
    covering: int  # the covering sets of every operation
    total: int  # the whole run
    short: tuple[str, ...]  # operations whose probes or covering set the budget cannot send: not checked
    cut: tuple[str, ...]  # operations checked, whose other generated cases the budget leaves to a full run
    shares: tuple[int, ...] = field(default=())  # per plan, in order: the requests it may spend

    @property
    def covers_every_check(self) -> bool:
        return not self.short


def estimate(spec: Spec, settings: RunSettings) -> SpecPlan:
    """The estimated cost of running `settings` against one spec; sends nothing, generates nothing."""
    config = schemathesis_config(settings, "http://127.0.0.1", live=settings.base_url is not None)
    schema = st_schema.select(st_schema.load_schema(spec.raw, config), settings.selection)
    costs = []
    for label, _operation, _error in st_schema.operations(schema):
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
        covering = covering_cost(spec.raw, definition, path_item)
        costs.append(OperationCost(label, style, _phases(path_value_cost(path), probes, cases), None, covering))
    sends = any(op.skipped is None for op in costs)
    return SpecPlan(str(spec.path), tuple(costs), PREFLIGHT if sends else NOTHING)


def estimates(specs: Sequence[Spec], settings: RunSettings) -> tuple[SpecPlan, ...]:
    """One plan per spec file, in order; a file Schemathesis cannot load plans nothing (its run says why)."""
    plans = []
    for spec in specs:
        try:
            plans.append(estimate(spec, settings))
        except ConformanceError:
            plans.append(SpecPlan(str(spec.path), (), NOTHING))
    return tuple(plans)


def _phases(path_values: Estimate, probes: Estimate, cases: Estimate) -> dict[str, Estimate]:
    return {PATH_VALUES: path_values, PROBES: probes, GENERATED: cases}


def allocate(plans: Sequence[SpecPlan], budget: int) -> Allocation:
    """Spend `budget` as a budgeted run does, across every plan: path values and probes of every operation, then
    covering sets round robin over operations, then the other generated cases round robin (`engine/generated.py`).
    Each plan's share is what its operations get; a budget below every probe is shared in proportion to them."""
    owned = [(number, op) for number, costed in enumerate(plans) for op in costed.sent]
    overheads = [costed.overhead.expected for costed in plans]
    probing = sum(overheads) + sum(op.probing for _, op in owned)
    covering = sum(op.covering_cases for _, op in owned)
    total = sum(costed.total.expected for costed in plans)
    names = _names(plans)
    if budget < probing:
        weights = [overheads[n] + sum(op.probing for op in costed.sent) for n, costed in enumerate(plans)]
        shares = _fill(weights, budget, by_weight=True)
        return Allocation(budget, probing, covering, total, tuple(names[id(op)] for _, op in owned), (), shares)
    ops = [op for _, op in owned]
    covered = _fill([op.covering_cases for op in ops], budget - probing)
    rest = _fill([op.cases - op.covering_cases for op in ops], budget - probing - sum(covered))
    short = tuple(names[id(op)] for op, got in zip(ops, covered, strict=True) if got < op.covering_cases)
    cut = tuple(
        names[id(op)]
        for op, got, more in zip(ops, covered, rest, strict=True)
        if got == op.covering_cases and more < op.cases - op.covering_cases
    )
    spent = list(overheads)
    for (number, op), got, more in zip(owned, covered, rest, strict=True):
        spent[number] += op.probing + got + more
    return Allocation(budget, probing, covering, total, short, cut, tuple(spent))


def checked_budget(plans: Sequence[SpecPlan]) -> int:
    """The least budget the allocation checks every operation of the plans with: their probes and covering sets."""
    return sum(costed.overhead.expected + sum(op.probing + op.covering_cases for op in costed.sent) for costed in plans)


def _fill(needs: Sequence[int], pot: int, by_weight: bool = False) -> tuple[int, ...]:
    """What each need gets of `pot`: taking turns one at a time (the smallest needs are met first, the others share
    what is left equally); `by_weight`, in proportion to the needs instead."""
    pot = max(0, pot)
    if by_weight:
        whole = sum(needs)
        return tuple(pot * need // whole if whole else 0 for need in needs)
    got = [0] * len(needs)
    order = sorted(range(len(needs)), key=lambda n: needs[n])
    for place, number in enumerate(order):
        got[number] = min(needs[number], pot // (len(order) - place))
        pot -= got[number]
    return tuple(got)


def _names(plans: Sequence[SpecPlan]) -> dict[int, str]:
    """How the plan names each operation: by its label, after its file's name when there are several files."""
    several = len(plans) > 1
    return {
        id(op): f"{Path(costed.spec).name}{FILE_SEPARATOR}{op.operation}" if several else op.operation
        for costed in plans
        for op in costed.sent
    }
