"""The user's cache folder, where installed tools (SDK virtualenvs, the pinned Allure) are kept between runs."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

CACHE_ENV = "CONFORMANCE_CACHE_DIR"


def cache_root(environ: Mapping[str, str] = os.environ) -> Path:
    """$CONFORMANCE_CACHE_DIR, else $XDG_CACHE_HOME/conformance, else ~/.cache/conformance."""
    if environ.get(CACHE_ENV):
        return Path(environ[CACHE_ENV])
    xdg = environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "conformance"
