"""Every documented query parameter a list receives is checked against its own schema, as the real API refuses
what its spec rules out, with `query_values.mismatch` (the one request validator, shared with the SDK gate). The
profile's parameters (limit, page, order, dates, cursors, filters) are checked where they are read; this covers
the rest (`type=AAA` on an activity list, say)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from conformance.openapi import properties, resolve
from conformance.query_values import MAX_NESTING, array_mismatch, is_array, mismatch, parameter_mismatch
from conformance.sandbox.errors import InvalidQuery

_INDEX = re.compile(r"\[\d+\]$")


def plain_parameters(spec: dict[str, Any], path: str, method: str = "get") -> dict[str, dict[str, Any]]:
    """Query parameters with a scalar (or array of scalar) schema, by name; deepObject ones are left out."""
    path_item = spec.get("paths", {}).get(path, {})
    declared = [*path_item.get("parameters", []), *path_item.get(method, {}).get("parameters", [])]
    found: dict[str, dict[str, Any]] = {}
    for parameter in (resolve(spec, p) for p in declared):
        if not isinstance(parameter, dict) or parameter.get("in") != "query" or "name" not in parameter:
            continue
        if parameter.get("style") == "deepObject":
            continue
        schema = resolve(spec, parameter.get("schema", {}))
        if isinstance(schema, dict) and schema.get("type") != "object":
            found[str(parameter["name"])] = schema
    return found


def without_nulls(raw_query: str, nullable: set[str], spec: dict[str, Any], schemas: dict[str, Any]) -> str:
    """The query without the parameters sent as a null their schema admits (`cursor=null`, as a query string spells
    JSON's null): no value, answered as if the parameter were absent, unless `null` is also a value of another
    branch (a plain string)."""
    kept = [
        (name, value)
        for name, value in parse_qsl(raw_query, keep_blank_values=True)
        if not (value == "null" and name in nullable and mismatch(spec, _not_null(schemas[name]), value) is not None)
    ]
    return urlencode(kept)


def _not_null(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema without its null: `type: [string, "null"]` -> `type: [string]`; a null branch left out."""
    kinds = schema.get("type")
    found = {**schema, "type": [k for k in kinds if k != "null"]} if isinstance(kinds, list) else dict(schema)
    for key in ("oneOf", "anyOf"):
        if key in schema:
            found[key] = [b for b in schema[key] if not (isinstance(b, dict) and b.get("type") in ("null", ["null"]))]
    found.pop("nullable", None)
    if isinstance(found.get("enum"), list):
        found["enum"] = [v for v in found["enum"] if v is not None]
    return found


def check(name: str, values: list[str], schema: dict[str, Any], spec: dict[str, Any] | None = None) -> None:
    """InvalidQuery naming the parameter and why its values (form style: the name repeated is one array) do not fit
    its schema."""
    problem = parameter_mismatch(spec or {}, schema, values)
    if problem is not None:
        raise InvalidQuery(f"Parameter '{name}' {problem}; got {values[0] if len(values) == 1 else values!r}.")


@dataclass(frozen=True)
class DeepKeys:
    """The keys a deepObject parameter's schema defines: scalar leaves with their schemas, and the objects above
    them, those that admit keys they do not name (no `additionalProperties: false`) apart."""

    leaves: dict[str, dict[str, Any]] = field(default_factory=dict)
    objects: set[str] = field(default_factory=set)
    open: set[str] = field(default_factory=set)
    # Parameters whose schema admits null: sent bare (`filters=null`, or no value), not as keys.
    nullable: set[str] = field(default_factory=set)
    # Objects whose schema declares no `type` (only `properties`), and arrays sent as deepObject (which OpenAPI
    # leaves undefined): a value that is no object is valid there too.
    untyped: set[str] = field(default_factory=set)
    # Leaves that admit an array whose items the schema leaves open (`$has_value: string | array`, no `items`): an
    # item may be an object, sent as keys beneath its index (`[$has_value][0][key]=x`).
    open_items: set[str] = field(default_factory=set)

    @property
    def names(self) -> set[str]:
        return {key.split("[", 1)[0] for key in self.objects}

    def admits(self, key: str) -> bool:
        """Whether a key no leaf names lies in an object that admits undeclared keys: the closest declared key above
        it must be such an object (beneath a scalar leaf, or a closed object, nothing is valid)."""
        parts = key.split("[")
        for end in range(len(parts) - 1, 0, -1):
            above = "[".join(parts[:end])
            if above in self.leaves and above not in self.objects:
                return above in self.open_items and parts[end].rstrip("]").isdigit()
            if above in self.objects:
                return above in self.open
        return False


def deep_parameters(spec: dict[str, Any], path: str, method: str = "get") -> DeepKeys:
    """`filters[field][conditions][$cond]` -> the condition's scalar schema, for every deepObject parameter."""
    path_item = spec.get("paths", {}).get(path, {})
    declared = [*path_item.get("parameters", []), *path_item.get(method, {}).get("parameters", [])]
    found = DeepKeys()
    for parameter in (resolve(spec, p) for p in declared):
        if isinstance(parameter, dict) and parameter.get("in") == "query" and parameter.get("style") == "deepObject":
            schema = resolve(spec, parameter.get("schema", {}))
            _walk(spec, schema, str(parameter.get("name")), found, 0)
            if isinstance(schema, dict) and schema.get("type") not in (None, "object"):
                found.untyped.add(str(parameter.get("name")))  # an array of objects: deepObject leaves it undefined
            if admits_null(spec, schema):
                found.nullable.add(str(parameter.get("name")))
    return found


def admits_null(spec: dict[str, Any], schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    kinds = schema.get("type")
    if schema.get("nullable") is True or kinds == "null" or (isinstance(kinds, list) and "null" in kinds):
        return True
    return any(admits_null(spec, resolve(spec, b)) for b in schema.get("oneOf", []) + schema.get("anyOf", []))


def _walk(spec: dict[str, Any], schema: Any, prefix: str, found: DeepKeys, depth: int) -> None:
    """Leaves of a deepObject schema by their query key; a oneOf of objects contributes every branch's leaves."""
    if not isinstance(schema, dict) or depth > MAX_NESTING:
        return
    found.objects.add(prefix)
    alternatives = schema.get("oneOf") or schema.get("anyOf")
    if schema.get("additionalProperties") is not False and not alternatives:
        found.open.add(prefix)
    if "type" not in schema and not alternatives and "allOf" not in schema:
        found.untyped.add(prefix)
    for branch in (resolve(spec, b) for b in schema.get("oneOf", []) + schema.get("anyOf", [])):
        if isinstance(branch, dict) and _is_object(branch):
            _walk(spec, branch, prefix, found, depth + 1)  # a oneOf of whole filter objects: every branch's keys
    for name, child in properties(spec, schema).items():
        child = resolve(spec, child)
        if not isinstance(child, dict):
            continue
        key = f"{prefix}[{name}]"
        if admits_null(spec, child):
            found.nullable.add(key)
        branches = [resolve(spec, b) for b in child.get("oneOf", []) + child.get("anyOf", [])]
        objects = [child] if _is_object(child) else [b for b in branches if isinstance(b, dict) and _is_object(b)]
        for branch in objects:
            _walk(spec, branch, key, found, depth + 1)
        scalars = [b for b in branches if isinstance(b, dict) and not _is_object(b)]
        if not objects or _is_flag(spec, child):
            found.leaves[key] = child
            if any(_open_items(spec, branch) for branch in [child, *branches] if isinstance(branch, dict)):
                found.open_items.add(key)
        elif scalars:
            found.leaves[key] = {"oneOf": scalars}


def _open_items(spec: dict[str, Any], schema: dict[str, Any]) -> bool:
    """An array schema whose items may be any object: no `items`, or items with no type and no properties."""
    if not is_array(schema):
        return False
    items = resolve(spec, schema.get("items", {}))
    return isinstance(items, dict) and not {"type", "properties", "enum", "const", "$ref"} & set(items)


def _is_object(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "object" or "properties" in schema or "allOf" in schema


def _is_flag(spec: dict[str, Any], schema: dict[str, Any]) -> bool:
    """An object with nothing in it: a condition sent as an empty value (`filters[status][conditions][$active]=`,
    as campaigns.json says), not as keys beneath it."""
    return schema.get("type") == "object" and not properties(spec, schema) and not schema.get("additionalProperties")


def check_deep(given: dict[str, list[str]], deep: DeepKeys, spec: dict[str, Any]) -> None:
    """Every deepObject key of a query (`filters[created_at][conditions][$after]`, `...[$in][0]`) against its schema;
    items sent with indexes are one array, checked as a whole (its size too). A key the schema does not name is
    refused unless an object above it admits undeclared keys (JSON Schema's default)."""
    parameters = deep.leaves
    grouped: dict[str, list[str]] = {}
    indexed: set[str] = set()
    for name, values in given.items():
        if "[" not in name:
            # The parameter itself, not a key of it: an empty object, or a null where the schema admits one.
            if name in deep.untyped or all(
                value == "" or (value == "null" and name in deep.nullable) for value in values
            ):
                continue
            raise InvalidQuery(f"Parameter '{name}' must be an object, sent as deepObject keys ({name}[key]=value).")
        base = _INDEX.sub("", name)
        if base not in parameters and all(value == "" for value in values) and _holds(parameters, base):
            continue  # an empty object (`filters[voucher_id][conditions]=`): no condition, nothing filtered
        if base not in parameters and name in deep.nullable and all(value in ("", "null") for value in values):
            continue  # a nullable object sent as null
        if base not in parameters and name in deep.untyped:
            continue  # `conditions` with properties and no type: any value is valid there, and filters nothing
        if base not in parameters and name not in deep.objects and deep.admits(name):
            continue  # a key the schema admits without naming it: accepted, and it filters nothing
        if base not in parameters:
            raise InvalidQuery(f"Parameter '{name}' is not one the spec defines for this list.")
        grouped.setdefault(base, []).extend(values)
        if base != name:
            indexed.add(base)
    for base, values in grouped.items():
        schema = parameters[base]
        if base in indexed:
            problem = array_mismatch(spec, schema, values)
        elif values == [""] and _takes_array(spec, schema):
            # OpenAPI leaves an array in a deepObject undefined: an empty value (`...[$in]=`, how Schemathesis
            # writes an empty array there) is a condition on no values, which filters nothing.
            problem = None
        else:
            problem = mismatch(spec, schema, values[0]) if len(values) == 1 else array_mismatch(spec, schema, values)
        if problem is not None:
            raise InvalidQuery(f"Parameter '{base}' {problem}; got {values[0] if len(values) == 1 else values!r}.")


def _holds(parameters: dict[str, dict[str, Any]], key: str) -> bool:
    """Whether `key` is an object that documented parameters lie beneath (`filters[voucher_id][conditions]`)."""
    return any(name.startswith(key + "[") for name in parameters)


def _takes_array(spec: dict[str, Any], schema: Any) -> bool:
    """Whether the schema, or one of its branches, is an array with no minimum size."""
    schema = resolve(spec, schema)
    if not isinstance(schema, dict):
        return False
    branches = [resolve(spec, b) for b in schema.get("oneOf", []) + schema.get("anyOf", [])] or [schema]
    return any(isinstance(b, dict) and is_array(b) and not b.get("minItems") for b in branches)


def header_parameters(spec: dict[str, Any], path: str, method: str = "get") -> dict[str, tuple[bool, Any]]:
    """Header parameters the spec declares (the client API's `origin`), lower-cased: (required, schema)."""
    path_item = spec.get("paths", {}).get(path, {})
    declared = [*path_item.get("parameters", []), *path_item.get(method, {}).get("parameters", [])]
    return {
        str(p["name"]).lower(): (bool(p.get("required")), p.get("schema", {}))
        for p in (resolve(spec, d) for d in declared)
        if isinstance(p, dict) and p.get("in") == "header" and "name" in p
    }


def check_headers(headers: Mapping[str, str], declared: dict[str, tuple[bool, Any]], spec: dict[str, Any]) -> None:
    """A required header that is missing, or a declared one whose value does not fit its schema."""
    for name, (required, schema) in declared.items():
        if name not in headers:
            if required:
                raise InvalidQuery(f"Send the {name} header: this endpoint requires it.")
            continue
        problem = mismatch(spec, schema, headers[name])
        if problem is not None:
            raise InvalidQuery(f"Header '{name}' {problem}; got {headers[name]!r}.")
