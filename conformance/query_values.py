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

_INTEGER = re.compile(r"^[+-]?\d{1,12}$", re.ASCII)
_NUMBER = re.compile(r"^[+-]?\d{1,12}(\.\d+)?$", re.ASCII)
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
    if schema.get("type") == "array":
        if value == "" and not schema.get("minItems"):
            return None  # an empty array: a condition on no values, which filters nothing
        return mismatch(spec, schema.get("items", {}), value, dates, depth + 1)
    return _scalar_mismatch(schema, value, dates)


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
