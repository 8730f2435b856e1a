"""The one dotted-path getter over JSON documents: `address.city` of an item, `cursor.next` of a body."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def value_at(document: Any, path: str | Sequence[str]) -> Any:
    """The value at `path` (`"a.b"` or `("a", "b")`), reaching into objects only; None where a step is missing."""
    node = document
    for part in path.split(".") if isinstance(path, str) else path:
        node = node.get(part) if isinstance(node, dict) else None
    return node
