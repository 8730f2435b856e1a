"""The probes phase: the multi-request probes of one list operation, any crash an error of the run."""

from __future__ import annotations

from typing import Any

from conformance.engine.exercise import Exerciser, crash
from conformance.errors import TargetError
from conformance.probes import Prober, run_plan
from conformance.profile import ListProfile

PROBES = "probes"


def run_probes(
    exerciser: Exerciser, operation: Any, profile: ListProfile, budget: int | None, path: dict[str, str] | None = None
) -> None:
    """Run the operation's probe plan; TargetError if the target is lost, any other exception is a RunError."""
    prober = Prober(exerciser, operation, profile, dict(path or {}))
    try:
        run_plan(prober, budget)
    except TargetError:
        raise
    except Exception as exc:  # noqa: BLE001 - a crashed probe is an error of the run, never a pass
        exerciser.log.add_error(crash(operation.label, PROBES, exc))
