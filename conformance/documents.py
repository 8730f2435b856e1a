"""The one dotted-path getter over JSON documents: `address.city` of an item, `cursor.next` of a body."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def value_at(document: Any, path: str | Sequence[str | int]) -> Any:
    """The value at `path` (`"a.b"` or `("a", 0, "b")`): a name reaches into an object, an int into an array.

    None where a step is missing, or where a step does not fit the node (a name on an array, an index on an object).
    """
    node = document
    for part in path.split(".") if isinstance(path, str) else path:
        if isinstance(part, int) and not isinstance(part, bool):
            node = node[part] if isinstance(node, list) and -len(node) <= part < len(node) else None
        else:
            node = node.get(part) if isinstance(node, dict) else None
    return node
