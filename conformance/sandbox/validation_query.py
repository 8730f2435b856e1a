"""Every documented query parameter a list receives is checked against its own schema: enum, type and range, as
the real API refuses what its spec rules out. The profile's parameters (limit, page, order, dates, cursors,
filters) are checked where they are read; this covers the rest (`type=AAA` on an activity list, say)."""

from __future__ import annotations

import re
from typing import Any

from conformance.openapi import properties, resolve
from conformance.sandbox.params import date
from conformance.sandbox.query import InvalidQuery

_INTEGER = re.compile(r"^[+-]?\d{1,12}$", re.ASCII)
_NUMBER = re.compile(r"^[+-]?\d{1,12}(\.\d+)?$", re.ASCII)
_BOOLEAN = ("true", "false")
_INDEX = re.compile(r"\[\d+\]$")
MAX_NESTING = 6


def plain_parameters(spec: dict[str, Any], path: str, method: str = "get") -> dict[str, dict[str, Any]]:
    """Query parameters with a scalar (or array of scalar) schema, by name; deepObject ones are left out."""
    path_item = spec.get("paths", {}).get(path, {})
    declared = [*path_item.get("parameters", []), *path_item.get(method, {}).get("parameters", [])]
    found: dict[str, dict[str, Any]] = {}
    for parameter in (resolve(spec, p) for p in declared):
        if not isinstance(parameter, dict) or parameter.get("in") != "query" or "name" not in parameter:
            continue
        if parameter.get("style") == "deepObject":
            continue
        schema = resolve(spec, parameter.get("schema", {}))
        if isinstance(schema, dict) and schema.get("type") in ("string", "integer", "number", "boolean", "array"):
            found[str(parameter["name"])] = _scalar(spec, schema)
    return found


def _scalar(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    if schema.get("type") == "array":
        items = resolve(spec, schema.get("items", {}))
        return items if isinstance(items, dict) else {}
    return schema


def check(name: str, values: list[str], schema: dict[str, Any]) -> None:
    """InvalidQuery naming the parameter, what it accepts and what it got; an empty value is no value."""
    for value in values:
        enum = schema.get("enum")
        if value == "" and not enum:
            continue  # an empty value filters nothing; an enum has no empty member, though
        if isinstance(enum, list) and enum and value not in [str(v) for v in enum]:
            raise InvalidQuery(f"Parameter '{name}' must be one of {', '.join(map(str, enum))}; got {value!r}.")
        kind = schema.get("type")
        if kind == "integer" and not _INTEGER.match(value):
            raise InvalidQuery(f"Parameter '{name}' must be an integer; got {value!r}.")
        if kind == "number" and not _NUMBER.match(value):
            raise InvalidQuery(f"Parameter '{name}' must be a number; got {value!r}.")
        if kind == "boolean" and value not in _BOOLEAN:
            raise InvalidQuery(f"Parameter '{name}' must be true or false; got {value!r}.")
        if kind in ("integer", "number"):
            _range(name, float(value), schema)


def _range(name: str, number: float, schema: dict[str, Any]) -> None:
    low, high = schema.get("minimum"), schema.get("maximum")
    if (isinstance(low, int | float) and number < low) or (isinstance(high, int | float) and number > high):
        raise InvalidQuery(f"Parameter '{name}' must be from {low} to {high}; got {number:g}.")


def deep_parameters(spec: dict[str, Any], path: str, method: str = "get") -> dict[str, dict[str, Any]]:
    """`filters[field][conditions][$cond]` -> the condition's scalar schema, for every deepObject parameter."""
    path_item = spec.get("paths", {}).get(path, {})
    declared = [*path_item.get("parameters", []), *path_item.get(method, {}).get("parameters", [])]
    found: dict[str, dict[str, Any]] = {}
    for parameter in (resolve(spec, p) for p in declared):
        if isinstance(parameter, dict) and parameter.get("in") == "query" and parameter.get("style") == "deepObject":
            _walk(spec, resolve(spec, parameter.get("schema", {})), str(parameter.get("name")), found, 0)
    return found


def _walk(spec: dict[str, Any], schema: Any, prefix: str, found: dict[str, dict[str, Any]], depth: int) -> None:
    if not isinstance(schema, dict) or depth > MAX_NESTING:
        return
    for name, child in properties(spec, schema).items():
        child = resolve(spec, child)
        key = f"{prefix}[{name}]"
        if isinstance(child, dict) and (child.get("type") == "object" or "properties" in child or "allOf" in child):
            _walk(spec, child, key, found, depth + 1)
        elif isinstance(child, dict):
            found[key] = _scalar(spec, child)


def check_deep(name: str, values: list[str], parameters: dict[str, dict[str, Any]]) -> None:
    """A deepObject value (`filters[created_at][conditions][$after]`, possibly `...[$in][0]`) against its schema."""
    schema = parameters.get(_INDEX.sub("", name))
    if schema is None:
        return
    check(name, values, schema)
    if schema.get("format") in ("date-time", "date"):
        for value in values:
            if value:
                date(name, value)  # the sandbox's one reading of ISO 8601 dates; InvalidQuery if it is none


def required_headers(spec: dict[str, Any], path: str, method: str = "get") -> tuple[str, ...]:
    """Header parameters the spec requires (the client API's `origin`), besides the credentials."""
    path_item = spec.get("paths", {}).get(path, {})
    declared = [*path_item.get("parameters", []), *path_item.get(method, {}).get("parameters", [])]
    return tuple(
        str(p["name"])
        for p in (resolve(spec, d) for d in declared)
        if isinstance(p, dict) and p.get("in") == "header" and p.get("required") and "name" in p
    )
