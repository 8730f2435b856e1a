"""Every documented query parameter a list receives is checked against its own schema: enum, type and range, as
the real API refuses what its spec rules out. The profile's parameters (limit, page, order, dates, cursors,
filters) are checked where they are read; this covers the rest (`type=AAA` on an activity list, say)."""

from __future__ import annotations

import re
from typing import Any

from conformance.openapi import resolve
from conformance.sandbox.query import InvalidQuery

_INTEGER = re.compile(r"^[+-]?\d{1,12}$", re.ASCII)
_NUMBER = re.compile(r"^[+-]?\d{1,12}(\.\d+)?$", re.ASCII)
_BOOLEAN = ("true", "false")


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
        if value == "":
            continue
        enum = schema.get("enum")
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
