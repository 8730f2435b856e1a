"""Reading OpenAPI 3.0 and 3.1 schema nodes the same way: nullable branches, type lists, const and enum."""

from __future__ import annotations

from typing import Any

from conformance.openapi import resolve


def branches(spec: dict[str, Any], schema: Any) -> list[dict[str, Any]]:
    """The schema itself, or its non-null oneOf/anyOf alternatives, resolved."""
    node = resolve(spec, schema)
    if not isinstance(node, dict):
        return []
    alternatives = node.get("oneOf") or node.get("anyOf")
    if not alternatives:
        return [node]
    resolved = [resolve(spec, alt) for alt in alternatives]
    return [alt for alt in resolved if isinstance(alt, dict) and alt.get("type") != "null"]


def types(node: dict[str, Any]) -> set[str]:
    declared = node.get("type")
    return set(declared) if isinstance(declared, list) else {declared} if isinstance(declared, str) else set()


def is_array(spec: dict[str, Any], schema: Any) -> bool:
    return any("array" in types(node) or "items" in node for node in branches(spec, schema))


def single_value(spec: dict[str, Any], schema: Any) -> str | None:
    """The one value a string field may hold: its const, its only enum value, or else its default."""
    node = resolve(spec, schema)
    if not isinstance(node, dict):
        return None
    if isinstance(node.get("const"), str):
        return str(node["const"])
    enum = node.get("enum")
    if isinstance(enum, list) and len(enum) == 1 and isinstance(enum[0], str):
        return enum[0]
    default = node.get("default")
    return default if isinstance(default, str) else None


def enum_values(spec: dict[str, Any], schema: Any) -> tuple[str, ...]:
    """String enum values of a parameter, through oneOf alternatives and array items."""
    values: list[str] = []
    for node in branches(spec, schema):
        if "array" in types(node) or "items" in node:
            values += enum_values(spec, node.get("items", {}))
        values += [v for v in node.get("enum", []) if isinstance(v, str)]
        if isinstance(node.get("const"), str):
            values.append(node["const"])
    return tuple(dict.fromkeys(values))


def declared_default(spec: dict[str, Any], schema: Any) -> Any:
    node = resolve(spec, schema)
    if isinstance(node, dict) and "default" in node:
        return node["default"]
    return next((b["default"] for b in branches(spec, schema) if "default" in b), None)
