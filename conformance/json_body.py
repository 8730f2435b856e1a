"""A response body parsed as JSON once, however many checks read it one after the other.

Our checks of one response each need the body as data; a list page is tens of kilobytes, and parsing it again
for each reader was most of what a recheck spent on judging. The last body parsed is kept, with what parsing it
gave: the value, or the error. Shared: no reader may change the value.
"""

from __future__ import annotations

import json
from typing import Any

ENCODING = "utf-8"  # RFC 8259: JSON exchanged between systems is UTF-8
_last: list[tuple[bytes, Any, Exception | None]] = []


def parse_json(body: bytes) -> Any:
    """`json.loads(body.decode("utf-8"))`, answered from the last call when `body` is the same object; raises what
    that raises (UnicodeDecodeError, json.JSONDecodeError: both ValueErrors)."""
    if _last and _last[0][0] is body:
        _, value, error = _last[0]
    else:
        try:
            value, error = json.loads(body.decode(ENCODING)), None
        except ValueError as exc:
            value, error = None, exc
        _last[:] = [(body, value, error)]
    if error is not None:
        raise error
    return value
