"""The read-only `../shared` folder beside the checkout: specs, docs and spec history that tests read.

A test that needs it fails with a clear message when it is missing; it never skips quietly.
"""

from __future__ import annotations

import os
from pathlib import Path

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
