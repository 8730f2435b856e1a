"""What a run will cost, per operation and phase, estimated from the spec without a request (`budget_cost`), and how
a `--max-requests` budget is spent over any number of spec files: the one allocation that `--plan` prints and a run
over several files follows (`engine/files.py`).

A budget that cannot check every operation goes to whole operations (path values, probes and covering set:
`engine/budget.py`), cheapest first across all the files, so that the most operations end checked rather than all
of them cut; the first that does not fit gets what is left. A budget that checks them all sends every operation's
path values and probes, then every covering set, operations taking turns, then the rest of the generated cases,
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
from conformance.probes.covering import served
from conformance.probes.plan import unsent_required
from conformance.profile import ListProfile, list_profile
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
    never_whole: str | None = None  # why no budget checks it whole (it is sent all the same)

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

    @property
    def checked_cost(self) -> int:
        """What checks it under a budget: its path values, probes and covering set."""
        return self.probing + self.covering_cases


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
    """How a budget is spent over plans: whole operations cheapest first, then the other cases, across files."""

    budget: int
    probing: int  # preflight, path values and probes of every operation
    covering: int  # the covering sets of every operation
    total: int  # the whole run
    short: tuple[str, ...]  # operations whose probes or covering set the budget cannot send: not checked
    cut: tuple[str, ...]  # operations checked, whose other generated cases the budget leaves to a full run
    shares: tuple[int, ...] = field(default=())  # per plan, in order: the requests it may spend
    funded: tuple[str, ...] = field(default=())  # operations the budget reaches (all but the last one checked)
    never_whole: tuple[str, ...] = field(default=())  # operations no budget checks whole (`OperationCost.never_whole`)

    @property
    def checked(self) -> tuple[str, ...]:
        """The operations the budget checks whole."""
        return tuple(name for name in self.funded if name not in self.short and name not in self.never_whole)

    @property
    def covers_every_check(self) -> bool:
        return not self.short


def estimate(spec: Spec, settings: RunSettings) -> SpecPlan:
    """The estimated cost of running `settings` against one spec; sends nothing, generates nothing."""
    config = schemathesis_config(settings, "http://127.0.0.1", live=settings.base_url is not None)
    schema = st_schema.select(st_schema.load_schema(spec.raw, config), settings.selection)
    costs = []
    asked: set[str] = set()
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
        unsent = unsent_required(spec.raw, path, method) if profile is not None else []
        if unsent:
            probes = NOTHING  # the probes send query parameters only: none goes out (`probes.plan.plan_steps`)
        if method not in SAFE_METHODS:
            probes = NOTHING  # credential checks go to GET and HEAD only
        cases = case_cost(spec.raw, definition, path_item, settings.max_examples)
        covering = covering_cost(spec.raw, definition, path_item, _served(spec, method, path, profile))
        phases = _phases(path_value_cost(path, asked), probes, cases)
        never = f"its probes cannot send the required {', '.join(unsent)}" if unsent else None
        costs.append(OperationCost(label, style, phases, None, covering, never))
    sends = any(op.skipped is None for op in costs)
    return SpecPlan(str(spec.path), tuple(costs), PREFLIGHT if sends else NOTHING)


def _served(spec: Spec, method: str, path: str, profile: ListProfile | None) -> int:
    """How many cases of the covering set the probes' requests serve (`probes.covering`): one per parameter (a served
    check key rides along with some parameter's first case, `tests/test_budget_covering.py`)."""
    return len(served(spec.raw, method, path, profile).parameters) if profile is not None else 0


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
    """Spend `budget` as a budgeted run does, across every plan. When it cannot check every operation, whole
    operations (path values, probes and covering set, and their file's preflight for the first of a file) go
    cheapest first, so that the most operations end checked; the first that does not fit gets what is left (its
    probes go as far as that takes them), and the others none. When it can, what is left after every covering set
    goes to the other generated cases, operations taking turns (`engine/generated.py`)."""
    owned = [(number, op) for number, costed in enumerate(plans) for op in costed.sent]
    overheads = [costed.overhead.expected for costed in plans]
    probing = sum(overheads) + sum(op.probing for _, op in owned)
    covering = sum(op.covering_cases for _, op in owned)
    total = sum(costed.total.expected for costed in plans)
    names = _names(plans)
    spent = [0] * len(plans)
    checked = [False] * len(owned)
    reached: list[int] = []
    pot = budget
    # sorted() is stable: among operations of one cost, the spec's order.
    for place in sorted(range(len(owned)), key=lambda n: owned[n][1].checked_cost):
        number, op = owned[place]
        need = op.checked_cost + (overheads[number] if not spent[number] else 0)
        got = min(need, max(0, pot))
        if need and not got:
            break
        pot -= got
        spent[number] += got
        checked[place] = got == need
        reached.append(place)
        if got < need:
            break
    rest = _fill([op.cases - op.covering_cases if checked[n] else 0 for n, (_, op) in enumerate(owned)], pot)
    for (number, _op), more in zip(owned, rest, strict=True):
        spent[number] += more
    short = tuple(names[id(op)] for n, (_, op) in enumerate(owned) if not checked[n])
    cut = tuple(
        names[id(op)] for n, (_, op) in enumerate(owned) if checked[n] and rest[n] < op.cases - op.covering_cases
    )
    funded = tuple(names[id(owned[n][1])] for n in sorted(reached))
    never = tuple(names[id(op)] for _, op in owned if op.never_whole)
    return Allocation(budget, probing, covering, total, short, cut, tuple(spent), funded, never)


def checked_budget(plans: Sequence[SpecPlan]) -> int:
    """The least budget the allocation checks every operation of the plans with: their probes and covering sets."""
    return sum(costed.overhead.expected + sum(op.probing + op.covering_cases for op in costed.sent) for costed in plans)


def _fill(needs: Sequence[int], pot: int) -> tuple[int, ...]:
    """What each need gets of `pot`: taking turns one at a time (the smallest needs are met first, the others share
    what is left equally)."""
    pot = max(0, pot)
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
