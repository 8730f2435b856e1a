"""The sandbox's reading of a list's query parameters: order values and the default order, text filters, date
bounds and the `filters` object; and the few schema questions it asks (alternatives, types, the one value)."""

from __future__ import annotations

import re
from typing import Any

from conformance.openapi import properties, resolve
from conformance.sandbox.shape import EQUALITY, FilterObject

_BOUND = re.compile(r"^(\w+)\[(before|after)\]$")
# "Defaults to 10", "If no limit is set, it returns 10 items", "default is 10"
_DEFAULT_NUMBER = re.compile(r"\b(?:defaults? (?:to|is)|by default|is not set|no \w+ is set)\D{0,30}?(\d+)", re.I)
# "Defaults to `-created_at`", "Default is `-created_at`", "defaults to `date`"
_DEFAULT_TICKED = re.compile(r"\bdefault(?:s)?(?: to| is|:)?\s+`(-?[\w.]+)`", re.I)
# "Allowed values: `id`, `-id`", "Valid orders are `a` and `b`", "one of the filtering options: `-created_at`, ..."
_LISTING = re.compile(
    r"(?:allowed values|valid orders are|filtering options)\s*:?\s*((?:`-?[\w.]+`[\s,]*(?:and|or)?\s*)+)", re.I
)
_TICKED = re.compile(r"`(-?[\w.]+)`")
# "lists the segments from the newest to the oldest", "with the most recent ... appearing first" (or "last").
_NEWEST_FIRST = re.compile(r"newest to (?:the )?oldest|most recent\b[^.]{0,60}\bfirst", re.I)
_OLDEST_FIRST = re.compile(r"oldest to (?:the )?newest|most recent\b[^.]{0,60}\blast", re.I)


def query_parameters(spec: dict[str, Any], path: str) -> dict[str, dict[str, Any]]:
    """GET `path`'s query parameters by name, the operation's own over the path item's."""
    item = spec.get("paths", {}).get(path, {})
    found: dict[str, dict[str, Any]] = {}
    for raw in [*item.get("parameters", []), *item.get("get", {}).get("parameters", [])]:
        param = resolve(spec, raw)
        if isinstance(param, dict) and param.get("in") == "query" and isinstance(param.get("name"), str):
            found[param["name"]] = param
    return found


def alternatives(spec: dict[str, Any], schema: Any) -> list[dict[str, Any]]:
    """A schema's non-null alternatives (oneOf/anyOf), or the schema itself, resolved."""
    node = resolve(spec, schema)
    if not isinstance(node, dict):
        return []
    listed = node.get("oneOf") or node.get("anyOf")
    if not listed:
        return [node]
    nodes = [resolve(spec, alt) for alt in listed]
    return [alt for alt in nodes if isinstance(alt, dict) and kinds(alt) != {"null"}]


def kinds(node: dict[str, Any]) -> set[str]:
    declared = node.get("type")
    return set(declared) if isinstance(declared, list) else {declared} if isinstance(declared, str) else set()


def takes_array(spec: dict[str, Any], param: dict[str, Any]) -> bool:
    """Whether the parameter's schema admits an array: sent as the name repeated (form style, explode)."""
    return any("array" in kinds(node) or "items" in node for node in alternatives(spec, param.get("schema", {})))


def only_value(spec: dict[str, Any], schema: Any) -> str | None:
    """The one string a field holds: its const, its single enum value, or its default."""
    node = resolve(spec, schema)
    if not isinstance(node, dict):
        return None
    if isinstance(node.get("const"), str):
        return str(node["const"])
    enum = node.get("enum")
    if isinstance(enum, list) and len(enum) == 1 and isinstance(enum[0], str):
        return enum[0]
    return node["default"] if isinstance(node.get("default"), str) else None


def string_values(spec: dict[str, Any], schema: Any) -> tuple[str, ...]:
    """Every string a schema lists (enum or const), through alternatives and array items."""
    found: list[str] = []
    for node in alternatives(spec, schema):
        if "items" in node:
            found += string_values(spec, node["items"])
        found += [value for value in node.get("enum", []) if isinstance(value, str)]
        found += [node["const"]] if isinstance(node.get("const"), str) else []
    return tuple(dict.fromkeys(found))


def pattern(spec: dict[str, Any], param: dict[str, Any]) -> str | None:
    return next((str(n["pattern"]) for n in alternatives(spec, param.get("schema", {})) if "pattern" in n), None)


def object_fields(spec: dict[str, Any], schema: Any) -> dict[str, Any]:
    """The properties of an object schema, or of any of its alternatives."""
    found: dict[str, Any] = {}
    for node in alternatives(spec, schema):
        found.update(properties(spec, node))
    return found


def default_in_words(text: str) -> int | None:
    match = _DEFAULT_NUMBER.search(text)
    return int(match.group(1)) if match else None


def order_values(spec: dict[str, Any], param: dict[str, Any]) -> tuple[str, ...]:
    """The order values the schema lists, else those its description lists."""
    listed = string_values(spec, param.get("schema", {}))
    if listed:
        return listed
    words = _LISTING.search(param.get("description", ""))
    return tuple(dict.fromkeys(_TICKED.findall(words.group(1)))) if words else ()


def default_order(
    spec: dict[str, Any], operation: dict[str, Any], param: dict[str, Any], values: tuple[str, ...]
) -> str | None:
    """The schema's default; else the one the parameter's words name; else what the answer's words say of dates."""
    for node in [resolve(spec, param.get("schema", {})), *alternatives(spec, param.get("schema", {}))]:
        if isinstance(node, dict) and node.get("default") in values:
            return str(node["default"])
    said = _DEFAULT_TICKED.search(param.get("description", ""))
    if said and said.group(1) in values:
        return said.group(1)
    answer = resolve(spec, operation.get("responses", {}).get("200", {}))
    words = f"{answer.get('description', '') if isinstance(answer, dict) else ''} {param.get('description', '')}"
    if "-created_at" in values and _NEWEST_FIRST.search(words):
        return "-created_at"
    if "created_at" in values and _OLDEST_FIRST.search(words):
        return "created_at"
    return None


def text_filters(
    spec: dict[str, Any], params: dict[str, dict[str, Any]], item_fields: dict[str, Any]
) -> dict[str, tuple[str, ...]]:
    """A string parameter that bears the name of a string field of the items, or of one of their objects (`city`
    of `address`), filters on that field's equality."""
    found: dict[str, tuple[str, ...]] = {}
    for name, param in params.items():
        if _BOUND.match(name) or not any(kinds(n) == {"string"} for n in alternatives(spec, param.get("schema", {}))):
            continue
        if name in item_fields and "string" in kinds(resolve(spec, item_fields[name])):
            found[name] = (name,)
            continue
        nested = [(outer, name) for outer, node in item_fields.items() if name in object_fields(spec, node)]
        strings = [keys for keys in nested if "string" in kinds(object_fields(spec, item_fields[keys[0]])[name])]
        if strings:
            found[name] = strings[0]
    return found


def date_bounds(spec: dict[str, Any], params: dict[str, dict[str, Any]]) -> dict[str, tuple[str, str]]:
    """`created_at[before]` as a parameter of its own, or as the `before` key of a deepObject `created_at`."""
    found = {name: (match.group(1), match.group(2)) for name in params if (match := _BOUND.match(name))}
    for name, param in params.items():
        if param.get("style") == "deepObject" and name != "filters":
            keys = object_fields(spec, param.get("schema", {}))
            found.update({f"{name}[{side}]": (name, side) for side in ("before", "after") if side in keys})
    return found


def filter_object(spec: dict[str, Any], param: dict[str, Any] | None) -> FilterObject | None:
    """`filters[field][conditions][$cond]`: per field, the conditions the schema lists."""
    if param is None:
        return None
    fields: dict[str, tuple[str, ...]] = {}
    values: dict[str, tuple[str, ...]] = {}
    for name, node in object_fields(spec, param.get("schema", {})).items():
        if name == "junction":
            continue
        conditions = object_fields(spec, object_fields(spec, node).get("conditions", {}))
        fields[name] = tuple(sorted(conditions))
        named = [value for condition in EQUALITY for value in string_values(spec, conditions.get(condition, {}))]
        if named:
            values[name] = tuple(dict.fromkeys(named))
    return FilterObject(str(param["name"]), fields, values)
