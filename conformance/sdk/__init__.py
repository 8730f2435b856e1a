"""`conformance sdk`: gate releases of the official Python SDK on the spec (see docs/sdk.md).

The names load on first use, so that `conformance --help` does not pay for the gate's imports.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "DEFAULT_SDK": "conformance.sdk.environment",
    "SdkEnv": "conformance.sdk.environment",
    "ensure_sdk": "conformance.sdk.environment",
    "SdkSettings": "conformance.sdk.gate",
    "run_sdk_gate": "conformance.sdk.gate",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'conformance.sdk' has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)
