"""Where the API may rightly be more lenient, or stricter, than its spec: spec gaps, not defects.

- Voucherify's listing docs say date filters take ISO 8601 dates, `2016-11-16T14:14:31Z` or `2016-11-16`, where
  the spec says `format: date-time`. Accepting a plain date, or an offset such as `+0000`, there is the documented
  behaviour (`timestamps.parse_iso8601`), when the case mutated nothing else; an impossible calendar date is not.
  Whether the answer honours the date is `list_filters`' to judge, on the same response.
- Where the spec contradicts itself (`conformance lint`: `required` naming a property no schema defines, a
  `data_ref` that names another array, path parameters that differ from the template), a server that follows
  `data_ref` and the prose cannot satisfy the rest: those findings are spec findings.
- An unknown query parameter that the API ignores: OpenAPI does not forbid extra query parameters, and HTTP APIs
  conventionally ignore them. Schemathesis' negative testing flags accepting one; the spec is silent there. Only when
  Schemathesis' metadata says every mutation of the case was such a parameter: a case that also sent an invalid
  enum value is a defect when accepted.
- Two path templates of the spec for the same URLs (`/v1/exports/{exportId}` and `/v1/exports/{export_Id}`) with
  different methods: no `Allow` header can match both, so a mismatch there is the spec's own contradiction.
- A schema-valid request that the API refuses with a proper error body (400/404/422 with `code` and `message`) is a
  spec gap only when it sent a value whose validity depends on the server's data: a path id, a body, a free-text
  query value such as a cursor or a campaign id. Refusing what the spec itself defines as valid (a limit or page
  inside its range, a documented `order` or enum value, a boolean, a documented date format) is a defect.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from conformance.credentials import CREDENTIAL_HEADERS
from conformance.openapi import HTTP_METHODS, json_response_schema, properties, resolve
from conformance.query_values import array_mismatch, mismatch
from conformance.timestamps import parse_iso8601

NEGATIVE = "negative_data_rejection"
POSITIVE = "positive_data_acceptance"
# A 404 is not here: Schemathesis' positive_data_acceptance expects it by default, so it never fails on one.
REFUSALS = frozenset({400, 422})
# Query values whose validity the spec itself settles: refusing one inside its schema is a defect.
SETTLED_TYPES = frozenset({"integer", "number", "boolean", "null"})
SETTLED_FORMATS = frozenset({"date", "date-time"})
# Query values that carry no value: nothing the server holds can make them valid or not.
NO_VALUE = ("", "null")
MAX_LEAF_DEPTH = 32  # alternatives and properties walked to find a mutated value's schema (schemas may recurse)


@dataclass(frozen=True)
class Negation:
    """One value a negative case made invalid on purpose, as Schemathesis' metadata records it."""

    location: str  # "query", "path", "header", "cookie", "body"
    parameter: str | None
    unexpected: bool = False  # an unexpected property (a name the schema does not declare), not a wrong value
    # Where in its parameter the mutated value lies (`("filters", "junction")`); not part of its identity.
    path: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Sent:
    """What a generated case sent, and what its metadata says was mutated (nothing for a positive case)."""

    query: Mapping[str, Any]
    # The path parameters and their values (ids, whose validity depends on the server's data), as the case holds
    # them: one the template does not name is never sent.
    path: Mapping[str, Any] = field(default_factory=dict)
    body: bool = False
    negations: tuple[Negation, ...] = ()


def documented_leniency(check: str, sent: Sent | None, operation: dict[str, Any], spec: dict[str, Any]) -> bool:
    """A negative case the API rightly accepted: every mutation an unknown query parameter it ignored, or every one
    an ISO 8601 date in a date-time query parameter, as the docs allow."""
    if check != NEGATIVE or sent is None or not sent.negations:
        return False
    negations = [n for n in sent.negations if not _credentials_sent(n, operation, spec)]
    if not negations:
        return True
    if all(n.location == "query" and n.unexpected for n in negations):
        return True
    if all(_lost_on_the_wire(sent, n, operation, spec) for n in negations):
        return True
    if all(_empty_optional(sent, n, operation, spec) for n in negations):
        return True
    return all(
        n.location == "query"
        and not n.unexpected
        and n.parameter is not None
        and _lenient_date(sent, n.parameter, operation, spec)
        for n in negations
    )


def _empty_optional(sent: Sent, negation: Negation, operation: dict[str, Any], spec: dict[str, Any]) -> bool:
    """An optional query parameter made invalid by an empty value (`cursor=` against its pattern): a server may read
    an empty value as no value, as the listing docs' "call the list without `cursor`" does and as this suite reads
    one it sends (`NO_VALUE`). Nothing in the spec's words says an empty value is refused."""
    name = negation.parameter
    if negation.location != "query" or negation.unexpected or name is None or sent.query.get(name) != "":
        return False
    parameter = _query_parameter(spec, operation, name)
    return bool(parameter) and not parameter.get("required")


def _credentials_sent(negation: Negation, operation: dict[str, Any], spec: dict[str, Any]) -> bool:
    """A mutation of the credential headers, which older specs declare as header parameters (`X-App-Id`): the run
    sends the target's own on every request, whatever the case holds, so the request carried valid ones. Where the
    mutation names no header, every header the operation declares must be a credential one."""
    if negation.location != "header":
        return False
    names = {negation.parameter} if negation.parameter else _header_names(spec, operation)
    return bool(names) and {name.lower() for name in names} <= {name.lower() for name in CREDENTIAL_HEADERS}


def _header_names(spec: dict[str, Any], operation: dict[str, Any]) -> set[str]:
    parameters = (resolve(spec, param) for param in operation.get("parameters", []))
    return {str(p.get("name")) for p in parameters if isinstance(p, dict) and p.get("in") == "header"}


def _lenient_date(sent: Sent, name: str, operation: dict[str, Any], spec: dict[str, Any]) -> bool:
    value = sent.query.get(name)
    # The sandbox answers these values as the real API does, so a run against it must not call them defects.
    return (
        isinstance(value, str)
        and parse_iso8601(value) is not None
        and _schema_of(spec, operation, name).get("format") in SETTLED_FORMATS
    )


def _lost_on_the_wire(sent: Sent, negation: Negation, operation: dict[str, Any], spec: dict[str, Any]) -> bool:
    """A mutation inside a deepObject that the query string does not carry: its key was not sent (an empty array or
    a null, which a query string drops), or the text sent there fits the value's own schema (an array turned into
    the string "", which `$has_value: string | array` admits). Schemathesis judges a negative query as sent only by
    its top-level values, so a nested one that serialization made valid again is reported as accepted."""
    if negation.location != "query" or negation.unexpected or len(negation.path) < 2:
        return False
    key = negation.path[0] + "".join(f"[{step}]" for step in negation.path[1:])
    value = sent.query.get(key)
    below = {name[len(key) :]: v for name, v in sent.query.items() if name.startswith(key + "[") and v is not None}
    if (value is None or value == []) and not below:
        return True
    schema = _leaf(spec, _schema_of(spec, operation, negation.path[0]), negation.path[1:])
    if schema is None:
        return False
    if value is None or value == []:
        items = [below[f"[{index}]"] for index in range(len(below)) if f"[{index}]" in below]
        # Items sent with indexes (`[$in][0]=a`): one array, when nothing else lies beneath the key.
        fits = len(items) == len(below) and all(isinstance(item, str) for item in items)
        return fits and array_mismatch(spec, schema, [str(item) for item in items]) is None
    return isinstance(value, str) and mismatch(spec, schema, value) is None


def _leaf(spec: dict[str, Any], schema: Any, path: tuple[str, ...], depth: int = 0) -> dict[str, Any] | None:
    """The schema at `path` inside `schema`, through properties, array items and any alternative that has it."""
    node = resolve(spec, schema)
    if not path:
        return node if isinstance(node, dict) else None
    if not isinstance(node, dict) or depth > MAX_LEAF_DEPTH:
        return None
    step, rest = path[0], path[1:]
    if step.isdigit() and "items" in node:
        return _leaf(spec, node["items"], rest, depth + 1)
    if step in properties(spec, node):
        return _leaf(spec, properties(spec, node)[step], rest, depth + 1)
    for branch in [*node.get("oneOf", []), *node.get("anyOf", []), *node.get("allOf", [])]:
        if (found := _leaf(spec, branch, path, depth + 1)) is not None:
            return found
    return None


def refused_valid_value(check: str, status: int, has_error_body: bool, on_data: bool) -> bool:
    """A schema-valid request refused with a proper error answer, where a value it sent depends on the server's
    data (`on_data`, from `depends_on_data`)."""
    return check == POSITIVE and status in REFUSALS and has_error_body and on_data


def depends_on_data(sent: Sent | None, operation: dict[str, Any], spec: dict[str, Any]) -> tuple[str, ...]:
    """The values of the case whose validity the spec cannot settle (path ids, a body, non-empty free-text query values
    such as cursors), by name; empty when the spec settles every one, so that refusing the case is a defect."""
    if sent is None:
        return ()
    named = [*(f"path {name}" for name in sent.path), *(["body"] if sent.body else [])]
    # An empty value is no value: Schemathesis' coverage cases send `email=` beside the one value they vary; nor is a
    # null (`filters[name]=null`, JSON's null as a query string spells it). A deepObject key is its parameter's
    # (`filters[id][conditions][$in]` is `filters`'s), so that one parameter is one name, whatever keys a case sent.
    # But an empty cursor is a value: one the list never issued, whose refusal depends on the data like any unknown
    # cursor (a parameter the spec's words call a cursor, where its schema admits any string).
    given = dict.fromkeys(
        _parameter(spec, operation, n)
        for n, v in sent.query.items()
        if v not in NO_VALUE or (v == "" and _called_cursor(spec, operation, n))
    )
    unsettled = (
        n
        for n in given
        if not _settled(spec, _schema_of(spec, operation, n))
        and not _listed(spec, _schema_of(spec, operation, n), sent.query.get(n))
    )
    # A null the schema admits (`filters[junction]: AND | OR | null`) has no form on the wire: OpenAPI defines no
    # query serialization for it, so whether the server reads the text `null` as no value or refuses it as no enum
    # value is the server's business, whatever the schema settles otherwise.
    nulls = (f"{n} (null)" for n, v in sent.query.items() if v in (None, "null") and _admits_null(spec, operation, n))
    return (*named, *unsettled, *nulls)


def _admits_null(spec: dict[str, Any], operation: dict[str, Any], name: str) -> bool:
    """The schema of the query value `name` (a declared parameter, or a key inside a deepObject's) admits null."""
    base, _, rest = name.partition("[")
    declared = bool(_schema_of(spec, operation, name))
    steps = tuple(step.rstrip("]") for step in rest.split("[")) if rest and not declared else ()
    schema = _leaf(spec, _schema_of(spec, operation, base if steps else name), steps)
    return schema is not None and _nullable(spec, schema)


def _nullable(spec: dict[str, Any], schema: Any, depth: int = 0) -> bool:
    node = resolve(spec, schema)
    if not isinstance(node, dict) or depth > MAX_LEAF_DEPTH:
        return False
    kinds = node.get("type")
    if node.get("nullable") is True or kinds == "null" or (isinstance(kinds, list) and "null" in kinds):
        return True
    return any(_nullable(spec, branch, depth + 1) for branch in [*node.get("oneOf", []), *node.get("anyOf", [])])


def _listed(spec: dict[str, Any], schema: dict[str, Any], value: Any) -> bool:
    """One text value that an alternative of the schema lists (`order=-created_at` where `order` is one of an array, a
    string enum or null, as Loyalty v2's is): the spec defines it as valid, whatever the server holds. An array sent
    is left to `_settled`: the words may restrict combinations ("the same field cannot be used in both ...")."""
    if not isinstance(value, str):
        return False
    branches = [resolve(spec, node) for node in (schema.get("oneOf") or schema.get("anyOf") or [])]
    return any(isinstance(node, dict) and value in node.get("enum", ()) for node in branches)


def _called_cursor(spec: dict[str, Any], operation: dict[str, Any], name: str) -> bool:
    """The parameter's own description says it is a cursor (`starting_after`: "A cursor for use in pagination")."""
    return "cursor" in str(_query_parameter(spec, operation, name).get("description", "")).lower()


def _parameter(spec: dict[str, Any], operation: dict[str, Any], name: str) -> str:
    """The parameter a query name belongs to: itself when declared (`created_at[after]`), else its deepObject's."""
    return name if _schema_of(spec, operation, name) or "[" not in name else name.split("[", 1)[0]


def _settled(spec: dict[str, Any], schema: dict[str, Any]) -> bool:
    """Every value the schema admits is valid whatever the server holds: an enum, a number, a boolean, a date."""
    if not schema:
        return False  # a name the operation does not declare (a deepObject key): the server's business
    if "enum" in schema or "const" in schema or schema.get("format") in SETTLED_FORMATS:
        return True
    kinds = schema.get("type")
    kinds = set(kinds) if isinstance(kinds, list) else {kinds}
    if kinds == {"array"}:
        return _settled(spec, resolve(spec, schema.get("items", {})))
    return bool(kinds) and kinds <= SETTLED_TYPES


def about(check: str, sent: Sent | None, operation: dict[str, Any], spec: dict[str, Any]) -> str:
    """What a spec gap of the generated-data checks is about, for telling gaps apart: the parameters mutated, or those
    that depend on data; "" for other checks, whose gaps are one per status."""
    if check not in (NEGATIVE, POSITIVE) or sent is None:
        return ""
    if sent.negations:
        return ",".join(sorted({f"{n.location} {n.parameter or '*'}" for n in sent.negations}))
    return ",".join(sorted(depends_on_data(sent, operation, spec)))


def _schema_of(spec: dict[str, Any], operation: dict[str, Any], name: str) -> dict[str, Any]:
    schema = resolve(spec, _query_parameter(spec, operation, name).get("schema", {}))
    return schema if isinstance(schema, dict) else {}


def _query_parameter(spec: dict[str, Any], operation: dict[str, Any], name: str) -> dict[str, Any]:
    """The operation's query parameter of that name, resolved; {} when it declares none."""
    for parameter in (resolve(spec, p) for p in operation.get("parameters", [])):
        if isinstance(parameter, dict) and parameter.get("name") == name and parameter.get("in") == "query":
            return parameter
    return {}


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


NOT_IMPLEMENTED = 501


def unrecognized_method(status: int, method: str, spec: dict[str, Any]) -> bool:
    """A 501 to a method that no path of the spec declares: what RFC 9110 §15.6.2 prescribes when "the server does
    not recognize the request method and is not capable of supporting it for any resource" (Python's http.server
    and many proxies answer QUERY so). The spec says nothing of such methods: a spec gap, not a defect."""
    declared = {m for item in spec.get("paths", {}).values() for m in _methods(item)}
    return status == NOT_IMPLEMENTED and method.lower() not in declared


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
