"""Where an operation under a parent gets its path values: a field of an item of the parent's list (the profile's
`PathParam`), else, read from the spec, a field of another GET's items or object that the parameter's pattern, the
segment before it (`/members/{memberId}`) or its name (`voucher.code`, `customer_id`) points to."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from conformance.openapi import json_response_schema, properties, resolve
from conformance.profile.model import ListProfile, PathParam
from conformance.profile.reading import read_list
from conformance.profile.schemas import branches, is_array

_TEMPLATE = re.compile(r"^\{(\w+)\}$")
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")
KeyPath = tuple[str, ...]
EACH = "[]"  # in a key path: an array's members
MAX_KEYS = 4  # object keys deep a value may be nested (`cards[].card.id` is three)


@dataclass(frozen=True)
class ValueSource:
    """A path value read at `keys` of the first item of `operation`'s list, or of its object when not `listed`."""

    operation: str
    keys: KeyPath
    listed: bool

    def describe(self) -> str:
        shown = ".".join(key for key in self.keys if key != EACH)
        return f"`{shown}` of {self.operation}'s {'first item' if self.listed else 'object'}"


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


def value_sources(spec: dict[str, Any], path: str, name: str) -> tuple[ValueSource, ...]:
    """Every GET of the spec that may hold `{name}` of `path`, most likely first: the profile's parent, then the
    fields with the parameter's pattern (an object's own `id` first), the `code`/`id` of the list the segment
    before it names, a nested `voucher.code` under `/vouchers/{code}`, a snake-cased `customer_id`."""
    direct = next((p for p in path_params(spec, path)[0] if p.name == name), None)
    found: list[tuple[tuple[int, int, int], ValueSource]] = []
    if direct and direct.parent_operation and direct.field:
        found.append(((0, 0, 0), ValueSource(direct.parent_operation, (direct.field,), True)))
    param = _declared(spec, path, name)
    segments = path.split("/")
    collection = segments[segments.index("{" + name + "}") - 1] if "{" + name + "}" in segments else ""
    keys = (
        ("code", "id")
        if name == "code" or re.search(r"\bcode\b", str(param.get("description", "")), re.I)
        else ("id", "code")
    )
    pattern = resolve(spec, param.get("schema", {})).get("pattern") if isinstance(param, dict) else None
    snake = _CAMEL.sub("_", name).lower()
    for other, listed in _gets(spec):
        if other == path or "{" + name + "}" in other:
            continue  # itself, or one that needs the value to be read
        closeness = -len(_common(other, path).split("/"))
        operation = f"GET {other}"
        for leaf, schema in _leaves(spec, _document_schema(spec, other, listed)):
            rank: tuple[int, int] | None = None
            if pattern and schema.get("pattern") == pattern:
                rank = (1, 0 if leaf[-1] == "id" else 1)
            elif listed and leaf in [(key,) for key in keys] and other.rsplit("/", 1)[-1] == collection:
                rank = (2, keys.index(leaf[0]))
            elif leaf in [(_singular(collection), key) for key in keys]:
                rank = (3, keys.index(leaf[-1]))
            elif snake.endswith("_id") and snake != name and leaf == (snake,):
                rank = (4, 0)
            if rank is not None:
                found.append(((*rank, closeness), ValueSource(operation, leaf, listed)))
    ranked = sorted(found, key=lambda entry: (entry[0], entry[1].operation, entry[1].keys))
    return tuple(dict.fromkeys(source for _rank, source in ranked))


def _gets(spec: dict[str, Any]) -> Iterator[tuple[str, bool]]:
    """Every GET path whose answer a run can read values from, and whether it is a list (else one object)."""
    for other, item in spec.get("paths", {}).items():
        if not isinstance(item, dict) or not isinstance(item.get("get"), dict):
            continue
        read = read_list(spec, other)
        if isinstance(read, ListProfile) or read is None:
            yield other, read is not None


def _document_schema(spec: dict[str, Any], path: str, listed: bool) -> Any:
    schema = json_response_schema(spec, spec["paths"][path]["get"])
    if not listed:
        return schema
    read = read_list(spec, path)
    body = properties(spec, schema)
    # The array data_ref names, else the body's array (data_ref may name one the body lacks).
    arrays = [key for key, value in body.items() if is_array(spec, value)]
    source = read.items_key if isinstance(read, ListProfile) and read.items_key in arrays else next(iter(arrays), "")
    return next((b.get("items", {}) for b in branches(spec, body.get(source, {})) if "items" in b), {})


def _leaves(spec: dict[str, Any], schema: Any, keys: KeyPath = ()) -> Iterator[tuple[KeyPath, dict[str, Any]]]:
    """Each scalar field of a schema by its key path, through oneOf alternatives, allOf and arrays."""
    for node in branches(spec, schema):
        if is_array(spec, node):
            yield from _leaves(spec, node.get("items", {}), (*keys, EACH))
            continue
        fields = properties(spec, node)
        if not fields:
            yield keys, node
        elif len([key for key in keys if key != EACH]) < MAX_KEYS:
            for key, value in fields.items():
                yield from _leaves(spec, value, (*keys, key))


def _declared(spec: dict[str, Any], path: str, name: str) -> dict[str, Any]:
    path_item = spec.get("paths", {}).get(path, {})
    raw = [*path_item.get("parameters", []), *path_item.get("get", {}).get("parameters", [])]
    for param in (resolve(spec, x) for x in raw):
        if isinstance(param, dict) and param.get("in") == "path" and param.get("name") == name:
            return param
    return {}


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") else word
