"""One contract change: where, what, and whether it breaks clients; and the keywords that classify changes."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

UNSET = "(unset)"
SET_KEYWORDS = ("enum", "required")
# Keywords that bound a value, and whether a larger number is the looser bound.
BOUNDS = {
    "maximum": True,
    "maxLength": True,
    "maxItems": True,
    "exclusiveMaximum": True,
    "minimum": False,
    "minLength": False,
    "minItems": False,
    "exclusiveMinimum": False,
}


@dataclass(frozen=True)
class Change:
    operation: str
    path: str
    kind: str
    detail: str
    breaking: bool

    def as_json(self) -> dict[str, Any]:
        return asdict(self)
