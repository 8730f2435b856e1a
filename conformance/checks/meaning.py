"""What a list's filter parameters mean, decided from the spec's words (docs/checks.md lists every decision).

- A text filter matches *exactly* (ignoring case) when its description says so ("this specific email address",
  "the specified city", "a unique campaign name"), when its schema is an enum, or when it names an
  identifier (`id`, `*_id`). Any other text filter only has to be contained in the item's field.
- `start_date` / `end_date` bound the items' `date` when the words speak of a "date range" and the items have
  a `date`, else their `created_at` when the words say results "begin", "start" or "end" on it. A parameter
  whose words name the other end ("start_date: ... results must end on") or no item field is not checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from conformance.openapi import json_response_schema, properties, resolve
from conformance.profile import ListProfile
from conformance.profile.parameters import query_parameters
from conformance.profile.schemas import branches

_EXACT_WORDS = re.compile(r"\b(specific|specified|unique|identifies|exact(ly)?|equal to)\b", re.I)
_RESULTS_ON = re.compile(r"\bresults must (begin|start|end) on\b", re.I)
_RANGE = re.compile(r"\b(start|end) of the (report )?date range\b", re.I)


@dataclass(frozen=True)
class FilterMeaning:
    """Per operation: the exact text filters, the start/end parameters' (item field, side), what stays open."""

    exact: frozenset[str] = frozenset()
    # parameter -> (item field, "start" | "end")
    ranges: dict[str, tuple[str, str]] = field(default_factory=dict)
    # parameter -> why it is not checked
    unchecked: dict[str, str] = field(default_factory=dict)


def read_meaning(spec: dict[str, Any], profile: ListProfile) -> FilterMeaning:
    """The meaning of the profile's text filters and start/end dates in this spec."""
    method, _, path = profile.operation.partition(" ")
    path_item = spec.get("paths", {}).get(path, {})
    operation = path_item.get(method.lower(), {}) if isinstance(path_item, dict) else {}
    params = query_parameters(spec, path_item, operation) if isinstance(operation, dict) else {}
    exact = frozenset(name for name in profile.text_filters if _is_exact(spec, name, params.get(name, {})))
    ranges: dict[str, tuple[str, str]] = {}
    unchecked: dict[str, str] = {}
    item_fields = _item_fields(spec, operation, profile) if isinstance(operation, dict) else set()
    for name, side in ((profile.start_date, "start"), (profile.end_date, "end")):
        if name is None:
            continue
        decided = _range(str(params.get(name, {}).get("description", "")), side, item_fields)
        if isinstance(decided, str):
            unchecked[name] = decided
        else:
            ranges[name] = decided
    return FilterMeaning(exact, ranges, unchecked)


def _is_exact(spec: dict[str, Any], name: str, param: dict[str, Any]) -> bool:
    schema = resolve(spec, param.get("schema", {}))
    if isinstance(schema, dict) and schema.get("enum"):
        return True
    return name == "id" or name.endswith("_id") or bool(_EXACT_WORDS.search(str(param.get("description", ""))))


def _range(text: str, side: str, item_fields: set[str]) -> tuple[str, str] | str:
    ranged = _RANGE.search(text)
    said = _RESULTS_ON.search(text)
    if ranged and "date" in item_fields:
        words_side = ranged.group(1).lower()
        field_name = "date"
    elif said and "created_at" in item_fields:
        words_side = "start" if said.group(1).lower() in ("begin", "start") else "end"
        field_name = "created_at"
    else:
        return f"its words ({text[:80]!r}) name no item field it bounds"
    if words_side != side:
        return f"its name says {side} but its words say {words_side} ({text[:80]!r})"
    return field_name, side


def _item_fields(spec: dict[str, Any], operation: dict[str, Any], profile: ListProfile) -> set[str]:
    body = properties(spec, json_response_schema(spec, operation))
    items: Any = next((b.get("items", {}) for b in branches(spec, body.get(profile.items_key, {})) if "items" in b), {})
    return set(properties(spec, items))
