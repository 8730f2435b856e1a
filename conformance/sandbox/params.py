"""Reading a spec list's query string against its profile: limit, page, order, dates and filters, or InvalidQuery."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from conformance.sandbox.errors import InvalidQuery, SpecRule
from conformance.sandbox.shape import Bounds, ListShape
from conformance.timestamps import parse_iso8601

DEFAULT_LIMIT = 10
_INTEGER = re.compile(r"^[+-]?\d+$", re.ASCII)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$", re.ASCII)
_FILTER = re.compile(r"^(?P<param>\w+)\[(?P<field>[\w.]+)\]\[conditions\]\[(?P<cond>\$\w+)\](?:\[\d+\])?$")
# The refusal the order parameter's own words prescribe ("The same field cannot be used in both ascending and
# descending order at once"), though its schema admits the pair.
BOTH_DIRECTIONS = "names a field in both directions"
BOTH_DIRECTIONS_KEY = "invalid_order"
# The `filters` conditions the sandbox applies; any other the spec lists is accepted and ignored.
APPLIED_CONDITIONS = ("$is", "$is_not", "$in", "$not_in", "$before", "$after")
_JUNCTION = re.compile(r"^(?P<param>\w+)\[junction\]$")


@dataclass(frozen=True)
class Conditions:
    """SQL conditions with their arguments."""

    sql: list[str] = field(default_factory=list)
    args: list[Any] = field(default_factory=list)


def params_of(raw_query: str, repeatable: frozenset[str] = frozenset()) -> dict[str, list[str]]:
    """Every value of each name; a name sent twice is an error unless its schema is an array (form style, explode)."""
    found: dict[str, list[str]] = {}
    for name, value in parse_qsl(raw_query, keep_blank_values=True):
        found.setdefault(name, []).append(value)
    for name, values in found.items():
        if len(values) > 1 and name not in repeatable and "[" not in name:
            raise InvalidQuery(f"Parameter '{name}' was given more than once; send it once.")
    return found


def integer(param: Bounds | None, raw: str | None, default: int) -> int:
    """The number a schema-valid `limit` or `page` asks for, kept to the range the sandbox can serve.

    The request's values were checked against their schemas before (`validation_query`): what arrives here is
    valid, and only read. A schema that also admits a string or null (Loyalty v2's `number | string | null`
    limit) lets `limit=ten` or `limit=null` through: no number, so the default. A fraction is rounded, as those
    docs say; a value below 1 that the schema allows (a `page` with no minimum) is the first page."""
    if raw is None or param is None:
        return default
    if _INTEGER.match(raw):
        value = int(raw)  # any size: a page far past the last is an empty page
    elif _NUMBER.match(raw) and math.isfinite(number := float(raw)):
        value = round(number) if param.fractional else int(number)
    else:
        return default
    high = int(param.maximum) if param.maximum is not None else None
    return max(1, min(value, high) if high is not None else value)


def date(raw: str) -> int | None:
    """ISO 8601 as listing.mdx says the API accepts it: `2016-11-16T14:14:31Z`, `+0000` offsets as the official SDK
    sends them, or `2016-11-16` (UTC midnight). None for what is no date: a parameter with a date format was refused
    before (`validation_query`), so this is a plain string the schema admits, and it bounds nothing."""
    return parse_iso8601(raw)


def orders(profile: ListShape, given: list[str] | None) -> list[str]:
    """The requested sort keys; the default when none is sent, or when none is one the sandbox knows (a schema
    that admits any string: "unrecognized values in the array form are ignored and the default order applies")."""
    known = [value for value in given or [] if value in profile.order_values or not profile.order_values]
    values = list(dict.fromkeys(known)) or [profile.default_order or _fallback(profile)]
    fields = [v.lstrip("-") for v in values]
    if len(set(fields)) != len(fields):
        # The spec's words: "The same field cannot be used in both ascending and descending order at once."
        raise SpecRule(f"Parameter '{profile.order}' {BOTH_DIRECTIONS}; order by each field once.", BOTH_DIRECTIONS_KEY)
    return values


def _fallback(profile: ListShape) -> str:
    # The spec names no default: newest first, as most Voucherify lists do.
    return "-created_at" if "-created_at" in profile.order_values or not profile.order_values else "id"


def filters(profile: ListShape, params: dict[str, list[str]], columns: dict[str, str]) -> Conditions:
    """Text filters, date bounds, start/end dates and the `filters` object's equality and date conditions."""
    found = Conditions()
    for name in profile.text_filters:
        if params.get(name, [""])[0] and name in columns:  # an empty value filters nothing
            found.sql.append(f"{columns[name]} = ?")
            found.args.append(params[name][0])
    for name, (field_name, side) in profile.date_bounds.items():
        if name in params and field_name in columns and (moment := date(params[name][0])) is not None:
            # Bounds are exclusive: [before] is strictly earlier, [after] strictly later.
            found.sql.append(f"{columns[field_name]} {'<' if side == 'before' else '>'} ?")
            found.args.append(moment)
    # The field the item defines; an item whose schema names neither (a oneOf) by what its rows hold.
    fallback = "created_at" if "created_at" in columns else "date" if "date" in columns else None
    anchor = profile.range_field if profile.range_field in columns else fallback
    for bound, operator in ((profile.start_date, ">="), (profile.end_date, "<=")):
        if bound and bound in params and anchor and (moment := date(params[bound][0])) is not None:
            found.sql.append(f"{columns[anchor]} {operator} ?")
            found.args.append(moment)
    if profile.filters:
        _filter_object(profile, params, columns, found)
    return found


def _filter_object(
    profile: ListShape, params: dict[str, list[str]], columns: dict[str, str], found: Conditions
) -> None:
    spec_filters = profile.filters
    assert spec_filters is not None
    clauses: list[str] = []
    args: list[Any] = []
    junction = "AND"
    for name, values in params.items():
        if (joined := _JUNCTION.match(name)) and joined["param"] == spec_filters.name:
            # Checked against its schema before; a value that is neither (`null`, where the schema allows it) joins
            # as the default does.
            junction = "OR" if values[0].upper() == "OR" else "AND"
            continue
        match = _FILTER.match(name)
        if match is None or match["param"] != spec_filters.name:
            continue
        field_name, condition = match["field"], match["cond"]
        column = columns.get(f"filters.{field_name}")
        if column is None or condition not in spec_filters.fields.get(field_name, ()):
            # Documented but not applied by the embedded sandbox (docs/sandbox.md), or a key the schema admits
            # without naming it (no `additionalProperties: false`): accepted, and it filters nothing.
            continue
        clause = _clause(column, condition, [v for v in values if v != ""])
        if clause:
            clauses.append(clause[0])
            args += clause[1]
    if clauses:
        found.sql.append("(" + f" {junction} ".join(clauses) + ")")
        found.args.extend(args)


def _clause(column: str, condition: str, values: list[str]) -> tuple[str, list[Any]] | None:
    if not values and condition not in ("$in", "$not_in"):
        return None  # an empty value filters nothing, as with plain filters
    if condition == "$is":
        return f"{column} = ?", values[:1]
    if condition == "$is_not":
        return f"({column} IS NULL OR {column} != ?)", values[:1]
    if condition in ("$in", "$not_in"):
        marks = ", ".join("?" * len(values)) or "NULL"
        return f"{column} {'NOT ' if condition == '$not_in' else ''}IN ({marks})", values
    if condition in ("$before", "$after") and (moment := date(values[0])) is not None:
        return f"{column} {'<' if condition == '$before' else '>'} ?", [moment]
    return None
