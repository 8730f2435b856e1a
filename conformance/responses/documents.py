"""The spec as Schemathesis 4.32.5 reads it: every mapping key as text (`stringify_keys`), so a YAML 1.1 key read
as a number or a boolean (`200:`, `on:`) is spelled as the wire spells it ("200", "true")."""

from __future__ import annotations

import copy
from typing import Any

import jsonschema_rs


def with_text_keys(document: dict[str, Any]) -> dict[str, Any]:
    """`document` itself when every key is text; else a copy with text keys (Schemathesis rewrites it in place)."""
    try:
        # Serializing refuses non-text keys and is much faster than the walk below (it also refuses other
        # non-JSON values, such as YAML dates, which the walk then leaves alone).
        jsonschema_rs.canonical.json.to_string(document)
    except ValueError:
        document = copy.deepcopy(document)
        _spell_keys(document)
    return document


def _spell_keys(document: Any) -> None:
    stack = [document]
    seen: set[int] = set()  # YAML anchors can make a container its own descendant
    while stack:
        item = stack.pop()
        if not isinstance(item, (dict, list)) or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, dict):
            if not all(isinstance(key, str) for key in item):
                items = [(key if isinstance(key, str) else wire_text(key), value) for key, value in item.items()]
                item.clear()
                item.update(items)
            stack.extend(item.values())
        else:
            stack.extend(item)


def wire_text(value: object) -> str:
    """JSON scalars as JSON spells them: `True` -> "true", `None` -> "null", `200` -> "200"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)
