"""The one request validator: a query-string (or header) value against its parameter's schema.

The embedded sandbox refuses what it finds here, as the real API refuses what its spec rules out, and the SDK gate
reports what an SDK sends that its spec rules out. Both read the schema the same way (oneOf, anyOf, allOf, arrays,
enum, pattern, type, range, formats) and differ in one rule, passed in: how a date is read. The sandbox answers
dates as Voucherify's docs say the API takes them (`DOCUMENTED_DATES`); the gate judges them by the spec's formats
(`SPEC_DATES`: `format: date-time` is RFC 3339, so the official SDK's `+0000` is a finding).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from conformance.openapi import resolve
from conformance.timestamps import parse_full_date, parse_iso8601, parse_rfc3339

# JSON Schema sets no size on a number: any count of digits, and a fraction or exponent (`1e-05`, as Python and
# Schemathesis write small floats) for a number.
_INTEGER = re.compile(r"^[+-]?\d+$", re.ASCII)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$", re.ASCII)
_BOOLEAN = ("true", "false")
FORMATS = {
    "hostname": re.compile(r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]{1,63})*$"),
    "uri": re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$"),
    "email": re.compile(r"^[^@\s]+@[^@\s]+$"),
}
MAX_NESTING = 6

# A date format -> (its reader, what it must be when the reader refuses a value).
DateRules = Mapping[str, tuple[Callable[[str], int | None], str]]
_ISO8601 = "an ISO 8601 date such as 2016-11-16T14:14:31Z or 2016-11-16"
DOCUMENTED_DATES: DateRules = {"date-time": (parse_iso8601, _ISO8601), "date": (parse_iso8601, _ISO8601)}
SPEC_DATES: DateRules = {
    "date-time": (
        parse_rfc3339,
        "an RFC 3339 date-time (format: date-time needs a T, seconds and a zone: Z or +hh:mm)",
    ),
    "date": (parse_full_date, "an RFC 3339 full-date (format: date)"),
}


def mismatch(
    spec: dict[str, Any], schema: Any, value: str, dates: DateRules = DOCUMENTED_DATES, depth: int = 0
) -> str | None:
    """Why a query-string value does not fit `schema` (`must ...`; oneOf/anyOf: no branch fits), or None when it fits.

    An empty value is no value where the schema allows a plain string: it filters nothing."""
    schema = resolve(spec, schema)
    if not isinstance(schema, dict) or depth > MAX_NESTING:
        return None
    branches = [*schema.get("oneOf", []), *schema.get("anyOf", [])]
    if branches:
        reasons = [mismatch(spec, branch, value, dates, depth + 1) for branch in branches]
        return None if any(reason is None for reason in reasons) else next(r for r in reasons if r)
    for part in schema.get("allOf", []):
        if (reason := mismatch(spec, part, value, dates, depth + 1)) is not None:
            return reason
    if is_array(schema):
        if value == "null" and "null" in _kinds(schema):
            return None  # OpenAPI 3.1 `type: [array, "null"]`: the null, spelled as JSON does
        # Form style (OpenAPI's default for a query) writes an array of one item as one value, and an empty value
        # is the empty string (OpenAPI 3.1.1's style examples): an array of one "" item, never an empty array, which
        # form style leaves out of the query altogether.
        return _items_mismatch(spec, schema, [value], dates, depth)
    return _scalar_mismatch(schema, value, dates)


def parameter_mismatch(
    spec: dict[str, Any], schema: Any, values: list[str], dates: DateRules = DOCUMENTED_DATES
) -> str | None:
    """Why every value a query string gives one parameter (form style, explode: the name repeated) does not fit
    `schema`, or None: one value is a scalar or an array of one item; several are one array, checked whole."""
    if len(values) == 1:
        return mismatch(spec, schema, values[0], dates)
    return array_mismatch(spec, schema, values, dates)


def array_mismatch(
    spec: dict[str, Any], schema: Any, values: list[str], dates: DateRules = DOCUMENTED_DATES
) -> str | None:
    """Why `values`, the items of one array, are no array that `schema` (or one of its branches) accepts, or None."""
    schema = resolve(spec, schema)
    if not isinstance(schema, dict):
        return None
    listed = [*schema.get("oneOf", []), *schema.get("anyOf", [])]
    branches = [b for b in (resolve(spec, b) for b in listed) if isinstance(b, dict)] if listed else [schema]
    reasons = []
    for branch in branches:
        if not is_array(branch):
            reasons.append("must be a single value")
            continue
        reason = _items_mismatch(spec, branch, values, dates, 0)
        if reason is None:
            return None
        reasons.append(reason)
    return reasons[0] if reasons else None


def is_array(schema: dict[str, Any]) -> bool:
    """Whether the schema's type is array (`type: array`, or OpenAPI 3.1's `type: [array, "null"]`)."""
    return "array" in _kinds(schema)


def _kinds(schema: dict[str, Any]) -> set[str]:
    given = schema.get("type")
    return set(given) if isinstance(given, list) else {given} if isinstance(given, str) else set()


def _items_mismatch(
    spec: dict[str, Any], schema: dict[str, Any], values: list[str], dates: DateRules, depth: int
) -> str | None:
    low, high = schema.get("minItems"), schema.get("maxItems")
    if (isinstance(low, int) and len(values) < low) or (isinstance(high, int) and len(values) > high):
        return f"must have {low or 0} to {high if high is not None else 'any number of'} items"
    if schema.get("uniqueItems") is True and len(set(values)) < len(values):
        return "must not repeat an item"
    items = schema.get("items", {})
    return next((r for v in values if (r := mismatch(spec, items, v, dates, depth + 1)) is not None), None)


def _scalar_mismatch(schema: dict[str, Any], value: str, dates: DateRules) -> str | None:
    enum, pattern, given = schema.get("enum"), schema.get("pattern"), schema.get("type")
    kinds = [k for k in (given if isinstance(given, list) else [given]) if k != "null"]  # OpenAPI 3.1 type lists
    kind = kinds[0] if len(kinds) == 1 else None
    if given == "null" or given == ["null"]:
        return None if value == "null" else "must be null"
    if isinstance(given, list) and "null" in given and value == "null":
        return None  # OpenAPI 3.1 `type: [integer, "null"]`: a query string spells the null as JSON does
    if isinstance(enum, list) and enum:
        # A query string spells a listed null as `null`, as JSON does (and as clients send it), never as `None`.
        allowed = ["null" if v is None else str(v) for v in enum]
        return None if value in allowed else f"must be one of {', '.join(allowed)}"
    if isinstance(pattern, str) and re.search(pattern, value) is None:
        return f"must match {pattern}"
    if kind == "object" and not schema.get("properties") and not schema.get("additionalProperties"):
        return None if value == "" else "must be empty: the condition is an empty object"
    if kind == "object":
        return "must be an object, sent as deepObject keys"
    if value == "":
        # No value filters nothing, where a plain string could be empty; a format or a number cannot be.
        return None if kind in (None, "string") and "format" not in schema else "must not be empty"
    if schema.get("format") in FORMATS and not FORMATS[schema["format"]].match(value):
        return f"must be a {schema['format']}"
    if kind == "integer" and not _INTEGER.match(value):
        return "must be an integer"
    if kind == "number" and not _NUMBER.match(value):
        return "must be a number"
    if kind == "boolean" and value not in _BOOLEAN:
        return "must be true or false"
    if kind in ("integer", "number"):
        return _out_of_range(float(value), schema)
    rule = dates.get(str(schema.get("format")))
    if rule is not None and rule[0](value) is None:
        return f"must be {rule[1]}"
    return None


def _out_of_range(number: float, schema: dict[str, Any]) -> str | None:
    low, high = schema.get("minimum"), schema.get("maximum")
    if (isinstance(low, int | float) and number < low) or (isinstance(high, int | float) and number > high):
        return f"must be from {low} to {high}"
    return None
