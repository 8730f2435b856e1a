"""An OpenAPI response schema as the JSON Schema the validator compiles: Schemathesis 4.32.5's `to_json_schema`
(`specs/openapi/converter.py`) with `is_response_schema=True`, the only flavour responses use.

Ported in place and in the same order, because the result is what failure messages quote: `nullable` becomes
`anyOf: [schema, {type: null}]`, write-only properties become `{not: {}}`, `if/then/else` becomes `anyOf`, tuples
become Draft 4 `items` lists, and (3.1) legacy boolean exclusive bounds and `items: [...]` are upgraded.
"""

from __future__ import annotations

from typing import Any

from conformance.responses import rewrites
from conformance.responses.bundling import BUNDLE_KEY, BUNDLE_PREFIX
from conformance.responses.dialect import NULLABLE, Dialect
from conformance.responses.patterns import compiles, enforced_pattern

DRAFT_03 = "http://json-schema.org/draft-03/schema#"
IN_VALUE = frozenset(
    (
        "additionalProperties",
        "contains",
        "contentSchema",
        "else",
        "if",
        "items",
        "not",
        "propertyNames",
        "then",
        "unevaluatedItems",
        "unevaluatedProperties",
    )
)
IN_ITEM = frozenset(("allOf", "anyOf", "oneOf", "prefixItems"))
IN_CHILD = frozenset(("$defs", "definitions", "dependentSchemas", "patternProperties", "properties", BUNDLE_KEY))
WRITE_ONLY = ("writeOnly", "x-writeOnly")


def to_response_schema(schema: Any, dialect: Dialect) -> Any:
    """The bundled schema converted in place (bundling already copied it)."""
    if isinstance(schema, bool):
        return schema
    return _convert(schema, dialect, negated=False, bundle=None)


def _convert(schema: Any, dialect: Dialect, *, negated: bool, bundle: dict[str, Any] | None) -> Any:
    if not isinstance(schema, dict):
        return schema if isinstance(schema, bool) else {}
    if bundle is None and isinstance(schema.get(BUNDLE_KEY), dict):
        bundle = schema[BUNDLE_KEY]
    # Conversion rewrites into Draft 4/7 shapes, so a declared dialect no longer describes the schema.
    if schema.get("$schema", DRAFT_03) != DRAFT_03:
        del schema["$schema"]
    if not dialect.merge_ref_siblings and "$ref" in schema:
        _drop_ref_siblings(schema)
    if dialect.upgrade_legacy_exclusive_bounds:
        rewrites.upgrade_legacy_exclusive_bounds(schema)
        rewrites.upgrade_legacy_tuple_items(schema)
    schema = _nullable(schema)
    schema_type = schema.get("type")
    # Responses tolerate an `enum` that omits null while `type` lists it, as a likely incomplete enum.
    if isinstance(schema_type, list) and "null" in schema_type:
        enum = schema.get("enum")
        if isinstance(enum, list) and None not in enum:
            enum.append(None)
    if schema_type == "file":
        schema["type"] = "string"
        schema["format"] = "binary"
    _keep_enforceable_pattern(schema, negated)
    _required_on_properties(schema)
    if schema_type is None or schema_type == "object" or (isinstance(schema_type, list) and "object" in schema_type):
        # Write-only properties must not occur in responses.
        _forbid_properties(schema, bundle)
    _ensure_required_properties(schema)
    # Under 3.1 too (sic): the `prefixItems` just upgraded go back to `items: [...]`, which Draft 2020-12 refuses,
    # so Schemathesis' check crashes on any 3.1 response tuple; so does this one (InvalidSpec).
    rewrites.prefix_items_as_items(schema)
    rewrites.rewrite_if_then_else(schema)
    if schema_type == "array":
        rewrites.rewrite_allof_of_contains_consts(schema)
    _convert_subschemas(schema, dialect, negated, bundle)
    _drop_forbidden_from_required(schema)
    return schema


def _drop_ref_siblings(schema: dict[str, Any]) -> None:
    # OpenAPI 3.0: keys next to `$ref` are ignored, so they are dropped; `nullable` is kept (sic).
    nullable = schema.get(NULLABLE)
    for key in list(schema):
        if key not in ("$ref", BUNDLE_KEY):
            del schema[key]
    if nullable:
        schema[NULLABLE] = nullable


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if not schema.get(NULLABLE):
        return schema
    del schema[NULLABLE]
    bundled = schema.pop(BUNDLE_KEY, None)
    wrapped: dict[str, Any] = {"anyOf": [schema, {"type": "null"}]}
    if bundled:
        wrapped[BUNDLE_KEY] = bundled
    return wrapped


def _keep_enforceable_pattern(schema: dict[str, Any], negated: bool) -> None:
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        # Under `not`, a pattern the validator compiles is kept even where Python cannot read it.
        enforced = pattern if negated and compiles(pattern) else enforced_pattern(pattern)
        if enforced is None:
            del schema["pattern"]
        else:
            schema["pattern"] = enforced
    elif pattern is not None:
        # E.g. YAML reads an unquoted `00:00:00.00` as a float: no regex is left to enforce.
        del schema["pattern"]


def _required_on_properties(schema: dict[str, Any]) -> None:
    # `required: true` written on a property (a common mistake) moves to the parent's `required` list.
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        return
    for name, subschema in properties.items():
        if not isinstance(subschema, dict):
            continue
        flag = subschema.get("required")
        if flag is True:
            required = schema.setdefault("required", [])
            if name not in required:
                required.append(name)
            del subschema["required"]
        elif flag is False:
            if "required" in schema and name in schema["required"]:
                schema["required"].remove(name)
            del subschema["required"]


def _forbid_properties(schema: dict[str, Any], bundle: dict[str, Any] | None) -> None:
    required = schema.get("required", [])
    properties = schema.get("properties")
    if isinstance(properties, dict):
        for name, subschema in list(properties.items()):
            if _has_annotation(subschema, bundle, WRITE_ONLY):
                if isinstance(required, list) and name in required:
                    required.remove(name)
                properties[name] = {"not": {}}
    # Empty `required` and `properties` go, whether or not anything was forbidden (sic).
    if not schema.get("required"):
        schema.pop("required", None)
    if not schema.get("properties"):
        schema.pop("properties", None)


def _has_annotation(schema: object, bundle: dict[str, Any] | None, keywords: tuple[str, ...]) -> bool:
    """A truthy keyword on the schema, behind a bundled `$ref`, in an `allOf` branch, or a nullable union's side."""
    pending: list[object] = [schema]
    seen: set[int] = set()
    while pending:
        node = pending.pop()
        if not isinstance(node, dict) or id(node) in seen:
            continue
        seen.add(id(node))
        if any(node.get(keyword) for keyword in keywords):
            return True
        name = _bundled_name(node.get("$ref"))
        if bundle is not None and name is not None:
            pending.append(bundle.get(name))
        all_of = node.get("allOf")
        if isinstance(all_of, list):
            pending.extend(all_of)
        for keyword in ("anyOf", "oneOf"):
            variants = node.get(keyword)
            if isinstance(variants, list):
                non_null = [variant for variant in variants if variant != {"type": "null"}]
                if len(non_null) == 1:
                    pending.append(non_null[0])
    return False


def _bundled_name(reference: object) -> str | None:
    if isinstance(reference, str) and reference.startswith(f"{BUNDLE_PREFIX}/"):
        return reference[len(BUNDLE_PREFIX) + 1 :]
    return None


def _ensure_required_properties(schema: dict[str, Any]) -> None:
    if schema.get("additionalProperties") is not False:
        return
    required = schema.get("required")
    if not required or not isinstance(required, list):
        return
    properties = schema.setdefault("properties", {})
    if not isinstance(properties, dict):
        return
    for name in required:
        if name not in properties:
            properties[name] = {}


def _convert_subschemas(schema: dict[str, Any], dialect: Dialect, negated: bool, bundle: dict[str, Any] | None) -> None:
    for keyword, value in schema.items():
        if keyword in IN_VALUE and isinstance(value, dict):
            schema[keyword] = _convert(value, dialect, negated=negated != (keyword == "not"), bundle=bundle)
        elif keyword in IN_ITEM and isinstance(value, list):
            for index, subschema in enumerate(value):
                value[index] = _convert(subschema, dialect, negated=negated, bundle=bundle)
        elif keyword in IN_CHILD and isinstance(value, dict):
            for name, subschema in value.items():
                value[name] = _convert(subschema, dialect, negated=negated, bundle=bundle)


def _drop_forbidden_from_required(schema: dict[str, Any]) -> None:
    # A property forbidden inside an `allOf` branch leaves the parent's `required`, else nothing satisfies it.
    required = schema.get("required")
    if not isinstance(required, list) or not required:
        return
    forbidden = _forbidden_in_allof_branches(schema)
    if not forbidden:
        return
    kept = [name for name in required if name not in forbidden]
    if kept:
        schema["required"] = kept
    else:
        schema.pop("required", None)


def _forbidden_in_allof_branches(schema: dict[str, Any]) -> set[str]:
    forbidden: set[str] = set()
    all_of = schema.get("allOf")
    pending: list[object] = list(all_of) if isinstance(all_of, list) else []
    seen: set[int] = set()
    while pending:
        branch = pending.pop()
        if not isinstance(branch, dict) or id(branch) in seen:
            continue
        seen.add(id(branch))
        properties = branch.get("properties")
        if isinstance(properties, dict):
            forbidden.update(name for name, subschema in properties.items() if _is_unsatisfiable(subschema))
        nested = branch.get("allOf")
        if isinstance(nested, list):
            pending.extend(nested)
    return forbidden


def _is_unsatisfiable(schema: object) -> bool:
    return schema is False or (isinstance(schema, dict) and schema.get("not") == {})
