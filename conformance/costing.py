"""`--plan`: what a run will cost, per operation and phase, estimated from the spec without a request (the probes
from each list's profile, the generated cases from a formula: `engine/budget_cost.py`), and how a
`--max-requests` budget is spent over it, with the one allocation a run follows (`engine/budget_plan.py`): every
operation's path values and probes first, across all the files, then every covering set, then the other generated
cases, operations taking turns (`engine/generated.py`).

`estimate(spec, settings)` plans one spec file; `allocate` and `render` take any number of them.
"""

from __future__ import annotations

from collections.abc import Sequence

from conformance.engine import resume
from conformance.engine.budget_cost import NOTHING
from conformance.engine.budget_left import remaining
from conformance.engine.budget_plan import (
    PREFLIGHT,
    Allocation,
    OperationCost,
    SpecPlan,
    allocate,
    checked_budget,
    estimate,
    estimates,
)
from conformance.engine.files import file_keys, qualify, whole_sha256
from conformance.settings import RunSettings
from conformance.spec import load_spec

__all__ = [
    "CASE_FACTOR",
    "COVERING_ERROR",
    "DAY_OF_QUOTA",
    "HOURLY_QUOTA",
    "OVERHEAD",
    "PREFLIGHT",
    "PROBE_ERROR",
    "Allocation",
    "OperationCost",
    "SpecPlan",
    "allocate",
    "checked_budget",
    "estimate",
    "plan",
    "plans",
    "render",
]

HOURLY_QUOTA = 100  # Voucherify's sandbox allows about 100 calls an hour
DAY_OF_QUOTA = 24 * HOURLY_QUOTA  # issue #23: the whole API within this budget
# How far a plan can be off, measured against a run of all 28 official files (GET) on the embedded sandbox: a file's
# probes came to 0.80 to 1.04 of the estimate (0.90 in all), its covering sets (as Schemathesis generates them, with
# the probes' share left out) to 0.78 to 1.45 (1.00 in all, each operation within 4), its generated cases to 0.80 to
# 1.73 (0.97 in all). tests/test_costing.py holds sample operations to these bounds.
PROBE_ERROR = 0.2
COVERING_ERROR = 0.45
CASE_FACTOR = 2
# The line of the requests that belong to no operation, so that the lines add up to the total.
OVERHEAD = "(run) preflight: is the target the API"


def plan(settings: RunSettings) -> SpecPlan:
    """The estimated cost of the run the settings describe, for its first (or only) spec file."""
    return estimate(load_spec(settings.spec), settings)


def plans(settings: RunSettings) -> tuple[SpecPlan, ...]:
    """The estimated cost of the run the settings describe, one plan per spec file, in the run's order; with
    `--resume FILE`, what is left of that campaign (UsageError for a file of other specs, as the run says)."""
    specs = [load_spec(path) for path in settings.spec_files]
    planned = estimates(specs, settings)
    if settings.resume is None:
        return planned
    generated_by = resume.generation(settings.seed, settings.max_examples)
    if not settings.specs:
        return (remaining(planned[0], resume.load(settings.resume, specs[0].sha256, generated_by)),)
    keys = file_keys(settings.spec_files)
    earlier = resume.load(settings.resume, whole_sha256(dict(zip(keys.values(), specs, strict=True))), generated_by)
    return tuple(
        remaining(costed, earlier, qualify(keys[path], ""))
        for path, costed in zip(settings.spec_files, planned, strict=True)
    )


def render(plans: SpecPlan | Sequence[SpecPlan], budget: int | None = None) -> str:
    plans = [plans] if isinstance(plans, SpecPlan) else list(plans)
    total = sum((costed.total for costed in plans), NOTHING)
    lines = [
        f"Plan: about {total.expected} requests in all ({total.low} to {total.high}), estimated from the spec; "
        "nothing was sent.",
        f"  The estimate can be off (measured on the embedded sandbox): a file's probes by up to {PROBE_ERROR:.0%} "
        f"(walks depend on the target's data), its covering sets by up to {COVERING_ERROR:.0%}, its generated cases "
        f"by up to a factor of {CASE_FACTOR} (Schemathesis' coverage phase).",
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
    if total.high == 0:
        lines.append(
            "Nothing is left to send: every phase of every operation was finished by the runs of the campaign."
        )
        return "\n".join(lines)
    hours = -(-total.expected // HOURLY_QUOTA)
    lines.append(f"At Voucherify's sandbox quota of {HOURLY_QUOTA} calls an hour: about {hours} hour(s).")
    if budget is not None:
        lines += _budget_lines(allocate(plans, budget))
    return "\n".join(lines)


def _budget_lines(spent: Allocation) -> list[str]:
    head = (
        f"--max-requests {spent.budget}: every operation's path values and probes need about {spent.probing}, "
        f"their covering sets of generated cases about {spent.covering}; "
    )
    if spent.covers_every_check:
        head += "the budget covers every applicable check of every operation"
        head += "." if not spent.cut else f" ({len(spent.cut)} without all their generated cases: see below)."
    else:
        head += (
            f"it checks {len(spent.checked)} operation(s) whole (path values, probes and covering set), cheapest "
            f"first; {len(spent.short)} operation(s) would end not checked for the budget: {', '.join(spent.short[:3])}"
        )
        head += " ..." if len(spent.short) > 3 else ""
    lines = [head]
    if spent.never_whole:
        lines.append(
            f"{len(spent.never_whole)} operation(s) are sent but never checked whole, whatever the budget "
            f"(their probes cannot send a header the spec requires): {', '.join(spent.never_whole[:3])}"
            + (" ..." if len(spent.never_whole) > 3 else "")
        )
    if spent.budget < spent.total:
        runs = -(-spent.total // spent.budget)
        lines.append(
            f"The whole run (every generated case) takes about {runs} runs of {spent.budget} with --resume FILE; "
            "each run checks the operations left whole, cheapest first, and once all are checked sends every probe "
            "before any generated case, and every covering set before the other cases."
        )
    return lines
