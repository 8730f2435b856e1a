"""Where a list under a parent gets its path values: a field of an item of the parent's list."""

from __future__ import annotations

import re
from typing import Any

from conformance.openapi import json_response_schema, properties, resolve
from conformance.profile.model import ListProfile, PathParam
from conformance.profile.reading import read_list
from conformance.profile.schemas import branches

_TEMPLATE = re.compile(r"^\{(\w+)\}$")
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def path_params(spec: dict[str, Any], path: str) -> tuple[tuple[PathParam, ...], tuple[str, ...]]:
    """Each `{name}` of the path with the list that supplies it, and notes on what the spec leaves unclear."""
    segments = path.split("/")
    found: list[PathParam] = []
    notes: list[str] = []
    declared = _declared_path_params(spec, path)
    for index, segment in enumerate(segments):
        match = _TEMPLATE.match(segment)
        if match is None:
            continue
        name = match.group(1)
        if declared and name not in declared:
            notes.append(f"the path names {{{name}}} but the operation declares path parameters {sorted(declared)}")
        prefix = "/".join(segments[:index])
        parent = _parent(spec, prefix, name)
        if parent is None:
            notes.append(f"no list in this spec supplies {{{name}}}")
            found.append(PathParam(name, None, None))
        else:
            found.append(PathParam(name, *parent))
    return tuple(found), tuple(notes)


def field_for(name: str) -> str:
    """`code` -> `code`; `campaignId`, `id`, `export_Id` -> `id`."""
    return "code" if name == "code" else "id"


def _parent(spec: dict[str, Any], prefix: str, name: str) -> tuple[str, str] | None:
    # The list whose path is the prefix: its items' id (or code).
    if isinstance(read_list(spec, prefix), ListProfile):
        return f"GET {prefix}", field_for(name)
    # Else a list whose items name the value (campaignId -> campaign_id), closest to the prefix first.
    snake = _CAMEL.sub("_", name).lower()
    if snake == name or not snake.endswith("_id"):
        return None
    candidates = []
    for other in spec.get("paths", {}):
        if "{" in other or not other.startswith(prefix.rsplit("/", 1)[0] + "/"):
            continue
        read = read_list(spec, other)
        if isinstance(read, ListProfile) and snake in _item_fields(spec, other, read):
            candidates.append(other)
    if not candidates:
        return None
    best = max(candidates, key=lambda other: (len(_common(other, prefix)), -len(other)))
    return f"GET {best}", snake


def _item_fields(spec: dict[str, Any], path: str, profile: ListProfile) -> set[str]:
    operation = spec["paths"][path]["get"]
    body = properties(spec, json_response_schema(spec, operation))
    source = profile.items_key if profile.items_key in body else next(iter(body), "")
    items: Any = next((b.get("items", {}) for b in branches(spec, body.get(source, {})) if "items" in b), {})
    return set(properties(spec, items))


def _common(a: str, b: str) -> str:
    shared = [x for x, y in zip(a.split("/"), b.split("/"), strict=False) if x == y]
    return "/".join(shared)


def _declared_path_params(spec: dict[str, Any], path: str) -> set[str]:
    path_item = spec.get("paths", {}).get(path, {})
    raw = [*path_item.get("parameters", []), *path_item.get("get", {}).get("parameters", [])]
    return {p["name"] for p in (resolve(spec, x) for x in raw) if isinstance(p, dict) and p.get("in") == "path"}
