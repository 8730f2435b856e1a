"""An OpenAPI document read independently of `conformance`: JSON Schema validators that resolve each `$ref` when
they meet it, through a `referencing` registry over the whole document, so no schema is copied and recursion costs
nothing. The tests hold our bundling and our lint to it.

OpenAPI 3.0's reading is applied in place, once per document: `nullable: true` becomes a null alternative, a
`$ref`'s siblings are ignored, and a `$ref` that cannot be followed (outside the document, to nothing, or a chain
back to itself) accepts anything. OpenAPI's `discriminator` is not applied: a plain `oneOf` is JSON Schema's.
"""

from __future__ import annotations

from typing import Any

import jsonschema
import jsonschema_rs
import referencing.exceptions
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4, DRAFT202012

from conformance.openapi import DATA_KEYWORDS

SPEC_URI = "urn:conformance:spec"


def _reaches_a_schema(ref: Any, resolver: referencing.Resolver[Any]) -> bool:
    """Whether a chain of `$ref`s from `ref` ends at a schema, not outside the document, nowhere, or in a loop."""
    seen: set[str] = set()
    while isinstance(ref, str) and ref not in seen:
        seen.add(ref)
        try:
            target = resolver.lookup(ref).contents
        except referencing.exceptions.Unresolvable:
            return False
        if not (isinstance(target, dict) and "$ref" in target):
            return True
        ref = target["$ref"]
    return False


def _openapi_30(node: Any, resolver: referencing.Resolver[Any]) -> Any:
    if isinstance(node, list):
        return [_openapi_30(item, resolver) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return {"$ref": node["$ref"]} if _reaches_a_schema(node["$ref"], resolver) else {}
    result = {key: value if key in DATA_KEYWORDS else _openapi_30(value, resolver) for key, value in node.items()}
    if isinstance(node.get("properties"), dict):  # property names are not keywords
        result["properties"] = {name: _openapi_30(value, resolver) for name, value in node["properties"].items()}
    result.pop("nullable", None)
    return {"anyOf": [result, {"type": "null"}]} if node.get("nullable") is True else result


def is_31(spec: dict[str, Any]) -> bool:
    return str(spec.get("openapi", "")).startswith("3.1")


class SpecReader:
    """Validators for the schemas of one document, each named by its JSON pointer."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.modern = is_31(spec)
        specification = DRAFT202012 if self.modern else DRAFT4
        raw = Registry().with_resource(SPEC_URI, Resource(contents=spec, specification=specification))
        self.read = _openapi_30(spec, raw.resolver(SPEC_URI))
        self.registry = Registry().with_resource(SPEC_URI, Resource(contents=self.read, specification=specification))
        draft = jsonschema_rs.Draft202012 if self.modern else jsonschema_rs.Draft4
        self.fast_registry = jsonschema_rs.Registry([(SPEC_URI, self.read)], draft=draft)

    def validator(self, pointer: str) -> Any:
        kind = jsonschema.Draft202012Validator if self.modern else jsonschema.Draft4Validator
        return kind({"$ref": f"{SPEC_URI}#{pointer}"}, registry=self.registry)

    def fast(self, pointer: str) -> Any:
        """jsonschema-rs' validator, with its own `format` rules, as the shape check runs it."""
        kind = jsonschema_rs.Draft202012Validator if self.modern else jsonschema_rs.Draft4Validator
        return kind({"$ref": f"{SPEC_URI}#{pointer}"}, registry=self.fast_registry)


def every_error(errors: Any) -> list[ValidationError]:
    """The errors and, recursively, the errors of each branch they report (`oneOf`, `anyOf`)."""
    found: list[ValidationError] = []
    for error in errors:
        found.append(error)
        found.extend(every_error(error.context or []))
    return found
