"""Small, cycle-safe helpers over raw OpenAPI 3.0 documents: $ref resolution and allOf-merged properties."""

from __future__ import annotations

from typing import Any

MAX_DEPTH = 32
# The operations of a path item, in OpenAPI's order; the one list of HTTP methods.
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def resolve(spec: dict[str, Any], node: Any) -> Any:
    """Follow `$ref` chains at the top of `node` (not inside it)."""
    seen: set[str] = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if ref in seen or not ref.startswith("#/"):
            return {}
        seen.add(ref)
        node = spec
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            node = node.get(part, {}) if isinstance(node, dict) else {}
    return node


def properties(spec: dict[str, Any], schema: Any, depth: int = 0) -> dict[str, Any]:
    """Properties of an object schema, merged through allOf, with $refs resolved."""
    schema = resolve(spec, schema)
    if not isinstance(schema, dict) or depth > MAX_DEPTH:
        return {}
    merged: dict[str, Any] = {}
    for part in schema.get("allOf", []):
        merged.update(properties(spec, part, depth + 1))
    for name, value in schema.get("properties", {}).items():
        merged[name] = resolve(spec, value)
    return merged


def inline(spec: dict[str, Any], schema: Any, depth: int = 0) -> Any:
    """A JSON Schema with every $ref inlined and OpenAPI's `nullable` turned into a null alternative."""
    schema = resolve(spec, schema)
    if depth > MAX_DEPTH:
        return {}
    if isinstance(schema, list):
        return [inline(spec, item, depth + 1) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result = {
        key: value if key in ("enum", "default", "example", "examples", "required") else inline(spec, value, depth + 1)
        for key, value in schema.items()
        if key != "nullable"
    }
    if isinstance(schema.get("properties"), dict):
        # Property names are not keywords: a property called `nullable` must survive.
        result["properties"] = {name: inline(spec, value, depth + 1) for name, value in schema["properties"].items()}
    if schema.get("nullable") is True:
        return {"anyOf": [result, {"type": "null"}]}
    return result


def json_response_schema(spec: dict[str, Any], operation: dict[str, Any], status: str = "200") -> Any:
    """The raw schema of a JSON response, or None."""
    response = resolve(spec, operation.get("responses", {}).get(status, {}))
    content = response.get("content", {}) if isinstance(response, dict) else {}
    for media_type, body in content.items():
        if "json" in media_type:
            return body.get("schema")
    return None
