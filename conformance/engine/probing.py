"""The probes phase: the multi-request probes of every selected list, step k of each list before step k+1 of any,
so that under a budget every list gets its most valuable requests first. A crash is an error, never a pass."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from conformance.engine.exercise import RATE_LIMITED, Exerciser
from conformance.engine.log import PROBES, crash
from conformance.errors import ConformanceError
from conformance.gate import RateLimited
from conformance.probes import Prober, Step, plan_steps, run_step
from conformance.profile import ListProfile
from conformance.progress import Progress

__all__ = ["PROBES", "ListOperation", "run_probes"]


@dataclass(frozen=True)
class ListOperation:
    """A selected list operation, with the path values it will be called with."""

    operation: Any
    profile: ListProfile
    path: dict[str, str]


def run_probes(exerciser: Exerciser, lists: list[ListOperation], budget: int | None, progress: Progress) -> None:
    """Run every list's plan, interleaved by step; TargetError if the target is lost."""
    plans: list[tuple[Prober, list[Step]]] = []
    for item in lists:
        prober = Prober(exerciser, item.operation, item.profile, dict(item.path))
        plans.append((prober, plan_steps(prober, budget)))
    crashed: set[int] = set()
    cut: set[int] = set()
    for index in range(max((len(steps) for _, steps in plans), default=0)):
        for number, (prober, steps) in enumerate(plans):
            if index >= len(steps) or number in crashed:
                continue
            exerciser.log.enter(prober.operation.label, PROBES)
            progress.phase(prober.operation.label, f"{PROBES}: {steps[index].name}")
            try:
                if not run_step(prober, steps[index]):
                    cut.add(number)
            except ConformanceError:
                raise
            except RateLimited as exc:
                _rate_limited(prober, steps[index:], exc)
                crashed.add(number)
            except Exception as exc:  # noqa: BLE001 - a crashed probe is an error of the run, never a pass
                exerciser.log.add_error(crash(prober.operation.label, f"{PROBES} ({steps[index].name})", exc))
                crashed.add(number)
    for number, (prober, _steps) in enumerate(plans):
        if number not in crashed and number not in cut:
            exerciser.log.completed(prober.operation.label, PROBES)


def _rate_limited(prober: Prober, rest: list[Step], exc: RateLimited) -> None:
    """A 429 outlasted the retries: this step and the operation's later ones are not checked, never judged."""
    for step in rest:
        for check in step.checks or (PROBES,):
            prober.exerciser.log.not_checked(prober.operation.label, check, f"{RATE_LIMITED} ({step.name}): {exc}")
