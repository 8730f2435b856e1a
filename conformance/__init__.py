"""conformance: does this API behave as its OpenAPI spec says?

Importing the package is cheap (the pytest11 plugin does it in every session): the settings load on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

from conformance.errors import ConformanceError, CredentialError, SpecError, TargetError, UsageError

__version__ = "0.1.0"

_LAZY = {"RunSettings": "conformance.settings", "resolve_settings": "conformance.settings"}

__all__ = [
    "ConformanceError",
    "CredentialError",
    "RunSettings",
    "SpecError",
    "TargetError",
    "UsageError",
    "__version__",
    "resolve_settings",
]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'conformance' has no attribute {name!r}")
    return getattr(importlib.import_module(_LAZY[name]), name)
