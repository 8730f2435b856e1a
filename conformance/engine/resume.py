"""`--resume FILE`: what earlier budgeted runs of the same spec already covered, so that this run continues there.

The file holds, per operation, the phases ("probes", "generated cases") that ran to the end. A phase cut short by
the budget, or by an error, is not done and runs again.
"""

from __future__ import annotations

import json
from pathlib import Path

from conformance.errors import UsageError
from conformance.result import RunResult

EARLIER = "checked in an earlier run"
FORMAT = 1


def load(path: Path | None, spec_sha256: str) -> dict[str, set[str]]:
    """Phases done per operation; empty for a new file; UsageError for a file of another spec."""
    if path is None or not path.exists():
        return {}
    try:
        data = json.loads(path.read_text())
        if data.get("spec_sha256") != spec_sha256:
            raise UsageError(
                f"--resume {path} was written for another spec (sha256 {str(data.get('spec_sha256'))[:12]}…); "
                "pass a new file, or the spec it was made for."
            )
        return {operation: set(phases) for operation, phases in data["done"].items()}
    except (OSError, ValueError, KeyError, AttributeError, TypeError) as exc:
        raise UsageError(
            f"--resume {path} is not a coverage file written by conformance: {type(exc).__name__}."
        ) from None


def done_in(result: RunResult, earlier: dict[str, set[str]]) -> dict[str, set[str]]:
    """Phases done per operation after this run: the earlier ones, plus those this run finished."""
    done = {operation: set(found) for operation, found in earlier.items()}
    for op in result.operations:
        if op.complete_phases:
            done.setdefault(op.operation, set()).update(op.complete_phases)
    return done


def save(path: Path, spec_sha256: str, done: dict[str, set[str]]) -> None:
    data = {"format": FORMAT, "spec_sha256": spec_sha256, "done": {op: sorted(p) for op, p in sorted(done.items())}}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n")
