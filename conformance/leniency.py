"""Where the API may rightly be more lenient, or stricter, than its spec: spec gaps, not defects.

- Voucherify's listing docs say date filters take ISO 8601 dates, `2016-11-16T14:14:31Z` or `2016-11-16`, where
  the spec says `format: date-time`. Accepting a plain date, or an offset such as `+0000`, there is the documented
  behaviour (`timestamps.parse_iso8601`); an impossible calendar date is not.
- Where the spec contradicts itself (`conformance lint`: `required` naming a property no schema defines, a
  `data_ref` that names another array, path parameters that differ from the template), a server that follows
  `data_ref` and the prose cannot satisfy the rest: those findings are spec findings.
- An unknown query parameter that the API ignores: OpenAPI does not forbid extra query parameters, and HTTP APIs
  conventionally ignore them. Schemathesis' negative testing flags accepting one; the spec is silent there.
- An unknown query parameter that the API ignores: OpenAPI does not forbid extra query parameters, and HTTP APIs
  conventionally ignore them. Schemathesis' negative testing flags accepting one; the spec is silent there.
- Two path templates of the spec for the same URLs (`/v1/exports/{exportId}` and `/v1/exports/{export_Id}`) with
  different methods: no `Allow` header can match both, so a mismatch there is the spec's own contradiction.
- A schema-valid request that the API refuses with a proper error body (400/404/422 with `code` and `message`),
  such as an unknown cursor id or a campaign id that does not exist, is a value the spec does not constrain
  enough: the spec's gap. The list checks and probes judge the parameters whose meaning the spec does define.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from conformance.openapi import HTTP_METHODS, json_response_schema, properties, resolve
from conformance.timestamps import parse_iso8601

NEGATIVE = "negative_data_rejection"
POSITIVE = "positive_data_acceptance"
# A 404 is not here: Schemathesis' positive_data_acceptance expects it by default, so it never fails on one.
REFUSALS = frozenset({400, 422})
_COMPONENT = re.compile(r"parameter `(?P<name>[^`]+)` in (?P<where>query)")
UNEXPECTED_QUERY = "object with unexpected properties"


def documented_leniency(
    check: str, message: str, query: Mapping[str, Any] | None, operation: dict[str, Any], spec: dict[str, Any]
) -> bool:
    """An invalid date-time the API accepted because it is an ISO 8601 date, as the docs allow; or an unknown
    query parameter it ignored."""
    if check != NEGATIVE or not query:
        return False
    if UNEXPECTED_QUERY in message and " in query" in message:
        return True
    match = _COMPONENT.search(message)
    if match is None:
        return False
    name = match["name"]
    value = query.get(name)
    # The sandbox answers these values as the real API does, so a run against it must not call them defects.
    return (
        isinstance(value, str)
        and parse_iso8601(value) is not None
        and _format_of(spec, operation, name) in ("date-time", "date")
    )


def refused_valid_value(check: str, status: int, has_error_body: bool) -> bool:
    """A schema-valid request refused with a proper error answer."""
    return check == POSITIVE and status in REFUSALS and has_error_body


def _format_of(spec: dict[str, Any], operation: dict[str, Any], name: str) -> str | None:
    for parameter in (resolve(spec, p) for p in operation.get("parameters", [])):
        if isinstance(parameter, dict) and parameter.get("name") == name:
            schema = resolve(spec, parameter.get("schema", {}))
            return schema.get("format") if isinstance(schema, dict) else None
    return None


ALLOW = "allow_header_conformance"
_TEMPLATE = re.compile(r"\{[^}/]+\}")


def overlapping_templates(check: str, spec: dict[str, Any], path: str) -> bool:
    """Another path template of the spec names the same URLs with other methods."""
    if check != ALLOW:
        return False
    shape = _TEMPLATE.sub("{}", path)
    mine = _methods(spec.get("paths", {}).get(path, {}))
    return any(
        other != path and _TEMPLATE.sub("{}", other) == shape and _methods(item) != mine
        for other, item in spec.get("paths", {}).items()
        if isinstance(item, dict)
    )


def _methods(item: Any) -> set[str]:
    return {key for key in item if key in HTTP_METHODS} if isinstance(item, dict) else set()


SHAPE_CHECKS = frozenset({"response_schema_conformance", "list_shape"})
_MISSING = re.compile(r'"(?P<a>[^"]+)" is a required property|required field `(?P<b>[^`]+)`')


@dataclass(frozen=True)
class Contradictions:
    """What `conformance lint` found contradictory in one operation, as the run's findings can meet it."""

    properties: frozenset[str] = frozenset()  # required names no property defines; arrays data_ref disowns
    path_parameters: bool = False  # the path template and the declared path parameters differ

    def explains(self, check: str, message: str) -> bool:
        """A finding that is the spec's contradiction meeting a server that follows `data_ref` and the prose."""
        if check in SHAPE_CHECKS and (found := _MISSING.search(message)):
            return (found["a"] or found["b"]) in self.properties
        return check == NEGATIVE and self.path_parameters and " in path" in message


def contradictions(findings: list[Any], spec: dict[str, Any]) -> dict[str, Contradictions]:
    """Per operation, from lint findings (`cls`, `subject`, `operations`)."""
    names: dict[str, set[str]] = {}
    paths: set[str] = set()
    for finding in findings:
        for operation in finding.operations:
            if finding.cls == "required_undefined":
                names.setdefault(operation, set()).add(finding.subject)
            elif finding.cls == "data_ref":
                names.setdefault(operation, set()).update(_arrays(spec, operation))
            elif finding.cls == "path_params":
                paths.add(operation)
    return {
        operation: Contradictions(frozenset(names.get(operation, ())), operation in paths)
        for operation in set(names) | paths
    }


def _arrays(spec: dict[str, Any], operation: str) -> set[str]:
    method, _, path = operation.partition(" ")
    definition = spec.get("paths", {}).get(path, {}).get(method.lower(), {})
    body = properties(spec, json_response_schema(spec, definition)) if isinstance(definition, dict) else {}
    return {name for name, schema in body.items() if resolve(spec, schema).get("type") == "array"}
