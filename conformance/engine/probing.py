"""The probes phase: the multi-request probes of every selected list, step k of each list before step k+1 of any,
so that under a budget every list gets its most valuable requests first; then the credential checks of every
other operation. A crash is an error, never a pass."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from conformance.engine.exercise import RATE_LIMITED, Exerciser
from conformance.engine.log import PROBES, crash
from conformance.errors import ConformanceError
from conformance.gate import BudgetExhausted, RateLimited
from conformance.probes import AUTH, OperationProbe, Prober, Step, plan_steps, probe_auth, run_step
from conformance.profile import ListProfile
from conformance.progress import Progress
from conformance.selection import SAFE_METHODS

__all__ = ["PROBES", "ListOperation", "run_auth", "run_probes"]
# Why a non-list operation's credential checks were not sent.
METHOD_RULES_OUT = "not sent without credentials: only GET and HEAD are"


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
        prober = Prober(exerciser, item.operation, dict(item.path), profile=item.profile)
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


def run_auth(exerciser: Exerciser, operations: list[tuple[Any, dict[str, str]]], progress: Progress) -> None:
    """The credential checks of operations that are not lists (a list's run among its probes): its probes phase.
    Sent to GET and HEAD only; any other method is listed as not checked, with why."""
    log = exerciser.log
    for operation, path in operations:
        label, method = operation.label, operation.method.upper()
        log.enter(label, PROBES)
        progress.phase(label, f"{PROBES}: missing and wrong credentials")
        try:
            if method in SAFE_METHODS:
                with log.timing(label, (AUTH,)):
                    probe_auth(OperationProbe(exerciser, operation, dict(path)))
                log.ran(label, AUTH, applied=True)
            else:
                log.not_checked(label, AUTH, f"{METHOD_RULES_OUT}: {method} would change data if it were accepted")
        except ConformanceError:
            raise
        except BudgetExhausted as exc:
            log.not_checked(label, AUTH, exc.why("the request budget ran out before the credential checks"))
            continue
        except RateLimited as exc:
            log.not_checked(label, AUTH, f"{RATE_LIMITED}: {exc}")
            continue
        except Exception as exc:  # noqa: BLE001 - a crashed probe is an error of the run, never a pass
            log.add_error(crash(label, f"{PROBES} (missing and wrong credentials)", exc))
            continue
        log.completed(label, PROBES)
