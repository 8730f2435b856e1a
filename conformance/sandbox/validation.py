"""JSON Schema validation of items against a spec's schemas, with $refs resolved in place, not inlined.

`conformance.openapi.inline` copies every $ref; on Voucherify's recursive schemas that is millions of nodes,
so the sandbox validates against the spec document itself, with OpenAPI's `nullable` rewritten once.
"""

from __future__ import annotations

from typing import Any

import jsonschema

_KEEP = ("enum", "default", "example", "examples", "required", "const")


def _rewritten(node: Any) -> Any:
    """OpenAPI 3.0's `nullable: true` as a null alternative; every other keyword kept."""
    if isinstance(node, list):
        return [_rewritten(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {key: value if key in _KEEP else _rewritten(value) for key, value in node.items() if key != "nullable"}
    if isinstance(node.get("properties"), dict):
        result["properties"] = {name: _rewritten(value) for name, value in node["properties"].items()}
    if node.get("nullable") is True:
        return {"anyOf": [result, {"type": "null"}]}
    return result


class SpecValidator:
    """Validators for schemas of one spec, sharing one rewritten copy of its components."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.components = _rewritten(spec.get("components", {}))
        dialect = str(spec.get("openapi", ""))
        # OpenAPI 3.1 schemas are JSON Schema 2020-12; 3.0 schemas are closest to draft 4.
        self.cls: Any = jsonschema.Draft202012Validator if dialect.startswith("3.1") else jsonschema.Draft4Validator

    def validator(self, schema: Any) -> Any:
        return self.cls({"allOf": [_rewritten(schema)], "components": self.components})
