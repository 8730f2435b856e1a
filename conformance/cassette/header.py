"""What a recording depends on, stored in the cassette, and compared before any replay."""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path
from typing import Any

import hypothesis
import schemathesis

import conformance
from conformance.errors import ConformanceError

META_KEY = "conformance"
# Inputs that change which requests a run sends; a replay needs every one of them unchanged.
COMPARED = ("spec_sha256", "suite", "suite_requests", "schemathesis", "hypothesis", "seed", "max_examples")
# Our modules that decide what is sent (the probe plan, generation settings, the preflight): their source
# is hashed into the cassette, so that a change to them asks for a re-recording instead of a replay miss.
PACKAGE = Path(conformance.__file__).parent
REQUEST_SHAPING = (
    "probes",
    "context.py",
    "preflight.py",
    "profile.py",
    "determinism.py",
    "exercise.py",
    "suite/test_conformance.py",
)


class CassetteError(ConformanceError):
    """The cassette cannot be replayed for this run: missing, broken, or recorded from other inputs."""


def build_header(*, spec_sha256: str, seed: int, max_examples: int, target: str, base_url: str) -> dict[str, Any]:
    return {
        "spec_sha256": spec_sha256,
        "suite": conformance.__version__,
        "suite_requests": request_shaping_sha(),
        "schemathesis": schemathesis.__version__,
        "hypothesis": hypothesis.__version__,
        "vcrpy": version("vcrpy"),
        "seed": seed,
        "max_examples": max_examples,
        "target": target,
        "base_url": base_url,
    }


def request_shaping_sha() -> str:
    digest = hashlib.sha256()
    for name in REQUEST_SHAPING:
        target = PACKAGE / name
        for path in sorted(target.rglob("*.py")) if target.is_dir() else [target]:
            digest.update(path.relative_to(PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def compare(path: str, recorded: dict[str, Any], current: dict[str, Any]) -> None:
    """Raise CassetteError naming every input that changed since the recording, and how to re-record."""
    changed = [
        f"{key} {recorded.get(key)!r} -> {current.get(key)!r}"
        for key in COMPARED
        if recorded.get(key) != current.get(key)
    ]
    if changed:
        raise CassetteError(
            f"Cassette {path} was recorded with other inputs ({'; '.join(changed)}). "
            f"Re-record it with --record-mode all against a live target, or run with the recorded options."
        )
