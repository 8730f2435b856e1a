"""Every schema and every example or default in a spec, found once each by walking the document without following
$refs (so $ref cycles cannot loop), with the JSON pointer of each."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from conformance.lint.document import SpecDocument, join

# Keywords whose value is one schema, or a list or map of schemas. Composition keywords also pass on their
# parent, because a `required` inside an allOf branch may name a property that a sibling branch defines.
ONE_SCHEMA = ("additionalProperties", "items", "not", "contains", "propertyNames")
SCHEMA_MAPS = ("properties", "patternProperties", "dependentSchemas")
SCHEMA_LISTS = ("prefixItems",)
COMPOSITION = ("allOf", "anyOf", "oneOf")
CONDITIONAL = ("if", "then", "else")


@dataclass(frozen=True)
class SchemaNode:
    """A schema object at a pointer, with the schemas it is composed into (nearest first)."""

    pointer: str
    schema: dict[str, Any]
    parents: tuple[dict[str, Any], ...] = ()
    parameter: bool = False  # the top schema of a parameter: its default has a rule of its own


@dataclass(frozen=True)
class ExampleSite:
    """A value the spec gives as an example or default, and the schema it must satisfy."""

    pointer: str
    instance: Any
    schema: Any
    kind: str  # "example" or "default"
    parameter: bool = False


@dataclass
class Walk:
    """What walking one document found."""

    schemas: list[SchemaNode] = field(default_factory=list)
    examples: list[ExampleSite] = field(default_factory=list)


def walk(doc: SpecDocument) -> Walk:
    found = Walk()
    for path, item in (doc.raw.get("paths") or {}).items():
        if isinstance(item, dict):
            _parameters(doc, found, join("", "paths", path), item)
    for operation in doc.operations:
        _operation(doc, found, operation.pointer, operation.node)
    components = doc.raw.get("components") or {}
    for name, schema in _items(components.get("schemas")):
        _schema(found, join("", "components", "schemas", name), schema)
    for name, parameter in _items(components.get("parameters")):
        _parameter(doc, found, join("", "components", "parameters", name), parameter)
    for name, header in _items(components.get("headers")):
        _parameter(doc, found, join("", "components", "headers", name), header)
    for name, body in _items(components.get("requestBodies")):
        _content(doc, found, join("", "components", "requestBodies", name), body)
    for name, response in _items(components.get("responses")):
        _response(doc, found, join("", "components", "responses", name), response)
    return found


def _items(group: Any) -> Iterator[tuple[str, Any]]:
    return iter(group.items()) if isinstance(group, dict) else iter(())


def _operation(doc: SpecDocument, found: Walk, pointer: str, node: dict[str, Any]) -> None:
    _parameters(doc, found, pointer, node)
    body = node.get("requestBody")
    if isinstance(body, dict) and "$ref" not in body:  # a $ref'd body is walked under components
        _content(doc, found, join(pointer, "requestBody"), body)
    for status, response in _items(node.get("responses")):
        _response(doc, found, join(pointer, "responses", status), response)


def _parameters(doc: SpecDocument, found: Walk, pointer: str, node: dict[str, Any]) -> None:
    for index, parameter in enumerate(node.get("parameters") or []):
        _parameter(doc, found, join(pointer, "parameters", index), parameter)


def _response(doc: SpecDocument, found: Walk, pointer: str, response: Any) -> None:
    if not isinstance(response, dict) or "$ref" in response:
        return
    _content(doc, found, pointer, response)
    for name, header in _items(response.get("headers")):
        _parameter(doc, found, join(pointer, "headers", name), header)


def _parameter(doc: SpecDocument, found: Walk, pointer: str, parameter: Any) -> None:
    """A parameter or header: its schema, its examples, or its content."""
    if not isinstance(parameter, dict) or "$ref" in parameter:
        return
    schema = parameter.get("schema")
    if isinstance(schema, dict):
        _schema(found, join(pointer, "schema"), schema, parameter=True)
        _examples(doc, found, pointer, parameter, schema)
    _content(doc, found, pointer, parameter)


def _content(doc: SpecDocument, found: Walk, pointer: str, node: dict[str, Any]) -> None:
    for media_type, media in _items(node.get("content")):
        if not isinstance(media, dict):
            continue
        at = join(pointer, "content", media_type)
        schema = media.get("schema")
        if isinstance(schema, dict):
            _schema(found, join(at, "schema"), schema)
            if "json" in media_type or media_type == "*/*":  # examples of other media types are not JSON values
                _examples(doc, found, at, media, schema)


def _examples(doc: SpecDocument, found: Walk, pointer: str, node: dict[str, Any], schema: Any) -> None:
    """`example` and `examples.*.value` of a media type, parameter or header."""
    if "example" in node:
        found.examples.append(ExampleSite(join(pointer, "example"), node["example"], schema, "example"))
    for name, example in _items(node.get("examples")):
        if isinstance(example, dict) and "$ref" in example:
            target = doc.resolve(example)
            if isinstance(target, dict) and "value" in target:
                found.examples.append(ExampleSite(example["$ref"][1:] + "/value", target["value"], schema, "example"))
        elif isinstance(example, dict) and "value" in example:
            found.examples.append(
                ExampleSite(join(pointer, "examples", name, "value"), example["value"], schema, "example")
            )


def _schema(
    found: Walk, pointer: str, schema: Any, parents: tuple[dict[str, Any], ...] = (), parameter: bool = False
) -> None:
    if not isinstance(schema, dict):
        return
    found.schemas.append(SchemaNode(pointer, schema, parents, parameter))
    if "example" in schema:
        found.examples.append(ExampleSite(join(pointer, "example"), schema["example"], schema, "example"))
    if isinstance(schema.get("examples"), list):  # OpenAPI 3.1: a schema's examples are a list of values
        for index, value in enumerate(schema["examples"]):
            found.examples.append(ExampleSite(join(pointer, "examples", index), value, schema, "example"))
    if "default" in schema:
        found.examples.append(ExampleSite(join(pointer, "default"), schema["default"], schema, "default", parameter))
    if "$ref" in schema:
        return
    for keyword in ONE_SCHEMA:
        value = schema.get(keyword)
        if isinstance(value, dict):
            _schema(found, join(pointer, keyword), value)
        elif keyword == "items" and isinstance(value, list):
            for index, item in enumerate(value):
                _schema(found, join(pointer, keyword, index), item)
    for keyword in SCHEMA_MAPS:
        for name, value in _items(schema.get(keyword)):
            _schema(found, join(pointer, keyword, name), value)
    for keyword in SCHEMA_LISTS:
        for index, value in enumerate(schema.get(keyword) or []):
            _schema(found, join(pointer, keyword, index), value)
    for keyword in (*COMPOSITION, *CONDITIONAL):
        value = schema.get(keyword)
        for index, branch in enumerate(value if isinstance(value, list) else []):
            _schema(found, join(pointer, keyword, index), branch, (schema, *parents))
        if isinstance(value, dict):
            _schema(found, join(pointer, keyword), value, (schema, *parents))
