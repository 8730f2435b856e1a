"""Recording runs into vcrpy cassettes, replaying them offline, scanning them for secrets, rechecking them.

Names are loaded on first use: reading or scanning a cassette must not pay for importing vcrpy.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "CassetteError": "errors",
    "ChangedInputs": "errors",
    "IncompleteCassette": "errors",
    "NotACassette": "errors",
    "NothingToRecheck": "errors",
    "ReplayMiss": "errors",
    "UnreadableCassette": "errors",
    "NOT_REQUEST_SHAPING": "header",
    "REQUEST_SHAPING": "header",
    "build_header": "header",
    "request_shaping_files": "header",
    "CassetteFile": "reader",
    "read_cassette": "reader",
    "read_header": "reader",
    "RECORD_MODES": "recording",
    "REPLAY_MODES": "recording",
    "label_cassette": "recording",
    "replay_miss": "recording",
    "use_cassette": "recording",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
