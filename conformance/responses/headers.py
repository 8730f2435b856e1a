"""Documented response headers against received ones: Schemathesis 4.32.5's `response_headers_conformance`."""

from __future__ import annotations

from typing import Any

from conformance.responses.definitions import ResponseDefinition
from conformance.responses.problems import MISSING_HEADERS, SCHEMA_VIOLATION, Problem
from conformance.responses.recorded import RecordedResponse
from conformance.responses.rendering import violation_message

CHECK = "response_headers_conformance"
HEADER_VIOLATION_TITLE = "Response header does not conform to the schema"
ANY_TYPE = ["null", "boolean", "number", "string", "array", "object"]
ALL_TYPES = ["null", "boolean", "integer", "number", "string", "array", "object"]
# Swagger 2.0's `collectionFormat` delimiters, which Schemathesis applies to Open API 3 header arrays too (sic).
COLLECTION_FORMAT_DELIMITERS = {"csv": ",", "ssv": " ", "tsv": "\t", "pipes": "|"}
TRUE_SPELLINGS = ("y", "yes", "t", "true", "on", "1")
FALSE_SPELLINGS = ("n", "no", "f", "false", "off", "0")


def header_problems(definition: ResponseDefinition, response: RecordedResponse) -> list[Problem]:
    """Schema violations of the received documented headers, then one problem naming every missing required one."""
    problems: list[Problem] = []
    missing: list[str] = []
    for header in definition.headers:
        values = response.header(header.name)
        if values is None:
            if header.required:
                missing.append(header.name)
            continue
        schema = definition.header_schema(header)
        if schema is None:
            continue
        validator = definition.cache.header_validator(schema)
        for error in validator.iter_errors(coerce_header_value(values[0], schema.schema, explode=header.explode)):
            message = violation_message(error, schema.schema, schema.name_to_uri)
            key = "/".join(map(str, error.schema_path))
            problems.append(SCHEMA_VIOLATION.problem(CHECK, message, key, title=HEADER_VIOLATION_TITLE))
    if missing:
        listed = "".join(f"\n- `{name}`" for name in missing)
        message = f"The following required headers are missing from the response:{listed}"
        problems.append(MISSING_HEADERS.problem(CHECK, message, ",".join(missing)))
    return problems


def coerce_header_value(value: str, schema: Any, *, explode: bool = False) -> Any:
    """The header's text read as its schema's type: `simple`-style objects and arrays, numbers, booleans, null."""
    types = schema_types(schema)
    # OpenAPI 3 headers use `simple` style: `k=v,k=v` when exploded, `k,v,k,v` otherwise.
    if "object" in types and "type" in schema:
        return _coerce_object(value, schema, explode)
    # An untyped schema also admits arrays, but its header value is not a delimited list.
    if "array" in types and "type" in schema:
        delimiter = COLLECTION_FORMAT_DELIMITERS.get(schema.get("collectionFormat", "csv"))
        if delimiter is None:
            return value
        items = schema.get("items") or {}
        return [coerce_header_value(item, items) for item in value.split(delimiter)]
    if "string" in types:
        return value
    if "null" in types and value.lower() == "null":
        return None
    coerced = coerce_wire_string(value, types)
    return value if coerced is None else coerced


def _coerce_object(value: str, schema: dict[str, Any], explode: bool) -> Any:
    if explode:
        pairs = [item.split("=", 1) for item in value.split(",")]
    else:
        items = value.split(",")
        pairs = [items[i : i + 2] for i in range(0, len(items), 2)]
    if any(len(pair) != 2 for pair in pairs):
        return value
    properties = schema.get("properties") or {}
    additional = schema.get("additionalProperties")
    fallback = additional if isinstance(additional, dict) else {}
    return {key: coerce_header_value(item, properties.get(key, fallback)) for key, item in pairs}


def schema_types(schema: Any) -> list[str]:
    """The JSON types a schema admits by its `type` (every one when it has none)."""
    if isinstance(schema, bool):
        return list(ANY_TYPE)
    declared = schema.get("type", ANY_TYPE)
    if isinstance(declared, str):
        return [declared]
    if declared is ANY_TYPE:
        return list(declared)
    return [name for name in ALL_TYPES if name in declared]


def coerce_wire_string(value: str, expected_types: list[str]) -> int | float | bool | None:
    """The text as an integer, number or boolean the types admit, or None; servers accept no `1_0` nor ` 5`."""
    if not value.isascii() or "_" in value or value != value.strip():
        return None
    if "integer" in expected_types:
        try:
            return int(value)
        except (ValueError, TypeError):
            pass
    if "number" in expected_types:
        try:
            return float(value)
        except (ValueError, TypeError):
            pass
    if "boolean" in expected_types:
        if value.lower() in TRUE_SPELLINGS:
            return True
        if value.lower() in FALSE_SPELLINGS:
            return False
    return None
