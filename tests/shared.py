"""The read-only `../shared` folder beside the checkout: specs, docs and spec history that tests read.

A test that needs it fails with a clear message when it is missing; it never skips quietly.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Any

import pytest

SHARED = Path(os.environ.get("CONFORMANCE_SHARED", Path(__file__).resolve().parent.parent.parent / "shared"))


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a test failure that says where it was looked for and how to fix it."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.fail(
            f"Expected {path} (the read-only ../shared folder beside the checkout); it is missing. "
            "Check out ../shared or set CONFORMANCE_SHARED to its location.",
            pytrace=False,
        )
    return path


def official_specs() -> list[Path]:
    """Every official Voucherify spec file, sorted; a failure when ../shared is missing."""
    return sorted(shared_path("voucherify", "openapi").glob("*.json"))


@functools.cache
def official_spec(file: str) -> dict[str, Any]:
    """One official spec file, parsed once per session (callers must not change it)."""
    spec: dict[str, Any] = json.loads(shared_path("voucherify", "openapi", file).read_text())
    return spec
