"""How cases are generated: everything that decides, with the spec and the seed, which requests Schemathesis sends."""

from __future__ import annotations

from typing import Any

from conformance.credentials import CREDENTIAL_HEADERS
from conformance.settings import RunSettings

PHASES = ("examples", "coverage", "fuzzing")
UNEXPECTED_METHODS = ("GET", "PUT", "POST", "DELETE", "OPTIONS", "PATCH", "TRACE", "QUERY")


def schemathesis_config(
    settings: RunSettings, base_url: str, path_values: dict[str, dict[str, str]] | None = None, live: bool = False
) -> dict[str, Any]:
    """Pinned generation: seeded, no example database, examples + coverage + fuzzing, both modes; operations under
    a parent get the path values the run resolved (`path_values`: "GET /path" -> name -> value). Against a `live`
    target (someone's data) without --methods all, the coverage phase's cases of methods a path does not declare
    use only the safe methods: by default Schemathesis sends PUT, POST, DELETE and PATCH to a GET-only path."""
    keys = [name.lower() for name in CREDENTIAL_HEADERS]
    allowed = settings.selection.methods if live else None
    # Schemathesis' unexpected methods are GET, PUT, POST, DELETE, OPTIONS, PATCH, TRACE and QUERY: not HEAD.
    unexpected = [method.lower() for method in allowed or () if method in UNEXPECTED_METHODS]
    coverage = {"unexpected-methods": unexpected} if allowed is not None else {}
    return {
        "seed": settings.seed,
        "base-url": base_url,
        "generation": {
            "mode": "all",
            "max-examples": settings.max_examples,
            "database": "none",
            # Replay needs the very same cases: no randomness beyond the seed.
            "deterministic": settings.cassette is not None,
            # We add real credentials to every request; generated ones would only be noise.
            "with-security-parameters": False,
        },
        "phases": {name: {"enabled": True} for name in PHASES}
        | {"coverage": {"enabled": True, **coverage}, "stateful": {"enabled": False}},
        "analysis": {"constants": {"enabled": False}},
        "output": {"sanitization": {"keys-to-sanitize": [*keys, "authorization", "cookie", "set-cookie"]}},
        "operations": [
            {
                "include-method": label.partition(" ")[0],
                "include-path": label.partition(" ")[2],
                "parameters": {f"path.{name}": value for name, value in values.items()},
            }
            for label, values in (path_values or {}).items()
            if values
        ],
    }
