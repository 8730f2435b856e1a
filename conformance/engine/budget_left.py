"""What is left of a campaign, and which operations a budget reaches of it: a plan without what earlier runs of its
`--resume` file covered (`--plan --resume FILE`), and the operations a budgeted run holds back (`engine/run.py`), as
`budget_plan.allocate` chooses them: whole operations, cheapest first."""

from __future__ import annotations

import dataclasses

from conformance.engine.budget_cost import NOTHING, Estimate
from conformance.engine.budget_plan import OperationCost, SpecPlan, allocate, estimate
from conformance.engine.log import GENERATED, PROBES
from conformance.engine.plan import PATH_VALUES, UNFUNDED
from conformance.engine.resume import Resumed
from conformance.errors import ConformanceError
from conformance.settings import RunSettings
from conformance.spec import Spec

__all__ = ["UNFUNDED", "remaining", "unfunded"]


def remaining(plan: SpecPlan, earlier: Resumed, prefix: str = "") -> SpecPlan:
    """`plan` less what earlier runs covered: their finished phases (a finished probes phase also answers its path
    values from what it received), and the generated cases they sent of a phase not finished. `prefix` is how the
    coverage file names this plan's operations (`customers.json: ` in a run over several files)."""
    left = tuple(
        _left(op, earlier.done.get(prefix + op.operation, set()), earlier.cases_sent.get(prefix + op.operation, 0))
        for op in plan.operations
    )
    nothing_left = all(op.total.high == 0 for op in left if op.skipped is None)
    return dataclasses.replace(plan, operations=left, overhead=NOTHING if nothing_left else plan.overhead)


def unfunded(spec: Spec, settings: RunSettings, available: int, earlier: Resumed) -> frozenset[str]:
    """The planned operations of `spec` that a budgeted run of `available` requests does not send, what earlier runs
    covered left out; none for a spec Schemathesis cannot load (its run says why). An operation the plan does not
    send (a method it leaves out) is not the allocation's to hold back."""
    try:
        planned = remaining(estimate(spec, settings), earlier)
    except ConformanceError:
        return frozenset()
    return frozenset(op.operation for op in planned.sent) - set(allocate([planned], available).funded)


def _left(op: OperationCost, done: set[str], sent: int) -> OperationCost:
    if op.skipped is not None:
        return op
    phases = dict(op.by_phase)
    if PROBES in done:
        phases[PROBES] = phases[PATH_VALUES] = NOTHING
    covering = op.covering
    if GENERATED in done:
        phases[GENERATED], covering = NOTHING, NOTHING
    elif sent:
        phases[GENERATED], covering = _less(phases[GENERATED], sent), _less(covering, sent)
    return dataclasses.replace(op, by_phase=phases, covering=covering)


def _less(count: Estimate, sent: int) -> Estimate:
    return Estimate(max(0, count.low - sent), max(0, count.expected - sent), max(0, count.high - sent))
