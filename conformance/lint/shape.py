"""The properties a schema can have once its composition is taken into account, and whether it is a list envelope."""

from __future__ import annotations

from typing import Any

from conformance.lint.document import SpecDocument
from conformance.lint.walk import CONDITIONAL, SchemaNode
from conformance.openapi import properties

BRANCHES = ("anyOf", "oneOf", *CONDITIONAL)


def visible_properties(doc: SpecDocument, node: SchemaNode) -> dict[str, Any]:
    """Its own properties merged through allOf, its branches', and those of the schemas it is composed into."""
    merged = dict(properties(doc.raw, node.schema))
    for keyword in BRANCHES:
        value = node.schema.get(keyword)
        for branch in value if isinstance(value, list) else [value] if isinstance(value, dict) else []:
            merged.update(properties(doc.raw, branch))
    for parent in node.parents:
        merged.update(properties(doc.raw, parent))
    return merged


def is_array(doc: SpecDocument, schema: Any) -> bool:
    schema = doc.resolve(schema)
    if not isinstance(schema, dict):
        return False
    kind = schema.get("type")
    if kind == "array" or (isinstance(kind, list) and "array" in kind) or "items" in schema:
        return True
    return any(is_array(doc, part) for part in schema.get("allOf", []))


def is_list_envelope(doc: SpecDocument, props: dict[str, Any]) -> bool:
    """A list response body: it names its array in `data_ref`, or says it is an `object: list`."""
    if "data_ref" in props:
        return True
    kind = doc.resolve(props.get("object"))
    if not isinstance(kind, dict):
        return False
    values = [*(kind.get("enum") or []), kind.get("default"), kind.get("const")]
    return "list" in values and any(is_array(doc, value) for value in props.values())
