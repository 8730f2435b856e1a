"""Reading a spec list's query string against its profile: limit, page, order, dates and filters, or InvalidQuery."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from conformance.profile import IntParam, ListProfile
from conformance.sandbox.query import InvalidQuery
from conformance.timestamps import parse_iso8601

DEFAULT_LIMIT = 10
_INTEGER = re.compile(r"^[+-]?\d{1,12}$", re.ASCII)
_NUMBER = re.compile(r"^[+-]?\d{1,12}(\.\d+)?$", re.ASCII)
_FILTER = re.compile(r"^(?P<param>\w+)\[(?P<field>[\w.]+)\]\[conditions\]\[(?P<cond>\$\w+)\](?:\[\d+\])?$")
_JUNCTION = re.compile(r"^(?P<param>\w+)\[junction\]$")


@dataclass(frozen=True)
class Conditions:
    """SQL conditions with their arguments."""

    sql: list[str] = field(default_factory=list)
    args: list[Any] = field(default_factory=list)


def params_of(raw_query: str, multi: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """Every value of each name; a name sent twice is an error unless the spec takes an array there."""
    found: dict[str, list[str]] = {}
    for name, value in parse_qsl(raw_query, keep_blank_values=True):
        found.setdefault(name, []).append(value)
    for name, values in found.items():
        if len(values) > 1 and name not in multi and not _FILTER.match(name):
            raise InvalidQuery(f"Parameter '{name}' was given more than once; send it once.")
    return found


def integer(param: IntParam | None, raw: str | None, default: int, rounding: bool = False) -> int:
    """An integer within the spec's bounds; Loyalty v2 limits that are `number` are rounded, as its docs say."""
    if raw is None or param is None:
        return default
    low, high = param.minimum if param.minimum is not None else 1, param.maximum
    pattern = _NUMBER if rounding else _INTEGER
    if not pattern.match(raw):
        raise InvalidQuery(f"Parameter '{param.name}' must be an integer from {low} to {high or 'up'}; got {raw!r}.")
    value = round(float(raw)) if rounding else int(raw)
    if value < low or (high is not None and value > high):
        raise InvalidQuery(f"Parameter '{param.name}' must be an integer from {low} to {high or 'up'}; got {raw!r}.")
    return value


def date(name: str, raw: str) -> int:
    """ISO 8601 as listing.mdx says the API accepts it: `2016-11-16T14:14:31Z`, `+0000` offsets as the official SDK
    sends them, or `2016-11-16` (UTC midnight); an impossible calendar date is refused."""
    micros = parse_iso8601(raw)
    if micros is None:
        raise InvalidQuery(f"Parameter '{name}' must be an ISO 8601 date such as 2016-11-16T14:14:31Z or 2016-11-16.")
    return micros


def orders(profile: ListProfile, given: list[str] | None) -> list[str]:
    """The requested sort keys, validated against the spec's order values; the default when none is sent."""
    values = given or [profile.default_order or _fallback(profile)]
    for value in values:
        if profile.order_values and value not in profile.order_values:
            raise InvalidQuery(
                f"Parameter '{profile.order}' must be one of {', '.join(profile.order_values)}; got {value!r}."
            )
    fields = [v.lstrip("-") for v in values]
    if len(set(fields)) != len(fields):
        raise InvalidQuery(f"Parameter '{profile.order}' names a field twice; order by each field once.")
    return values


def _fallback(profile: ListProfile) -> str:
    # The spec names no default: newest first, as most Voucherify lists do.
    return "-created_at" if "-created_at" in profile.order_values or not profile.order_values else "id"


def filters(profile: ListProfile, params: dict[str, list[str]], columns: dict[str, str]) -> Conditions:
    """Text filters, date bounds, start/end dates and the `filters` object's equality and date conditions."""
    found = Conditions()
    for name in profile.text_filters:
        if params.get(name, [""])[0] and name in columns:  # an empty value filters nothing
            found.sql.append(f"{columns[name]} = ?")
            found.args.append(params[name][0])
    for name, (field_name, side) in profile.date_bounds.items():
        if name in params and field_name in columns:
            # Bounds are exclusive: [before] is strictly earlier, [after] strictly later.
            found.sql.append(f"{columns[field_name]} {'<' if side == 'before' else '>'} ?")
            found.args.append(date(name, params[name][0]))
    anchor = "created_at" if "created_at" in columns else "date" if "date" in columns else None
    for bound, operator in ((profile.start_date, ">="), (profile.end_date, "<=")):
        if bound and bound in params:
            value = date(bound, params[bound][0])
            if anchor:
                found.sql.append(f"{columns[anchor]} {operator} ?")
                found.args.append(value)
    if profile.filters:
        _filter_object(profile, params, columns, found)
    return found


def _filter_object(
    profile: ListProfile, params: dict[str, list[str]], columns: dict[str, str], found: Conditions
) -> None:
    spec_filters = profile.filters
    assert spec_filters is not None
    clauses: list[str] = []
    args: list[Any] = []
    junction = "AND"
    for name, values in params.items():
        if (joined := _JUNCTION.match(name)) and joined["param"] == spec_filters.name:
            junction = values[0].upper()
            if junction not in ("AND", "OR"):
                raise InvalidQuery(f"Parameter '{name}' must be AND or OR; got {values[0]!r}.")
            continue
        match = _FILTER.match(name)
        if match is None or match["param"] != spec_filters.name:
            continue
        field_name, condition = match["field"], match["cond"]
        if condition not in spec_filters.fields.get(field_name, ()):
            raise InvalidQuery(f"Filter {field_name} {condition} is not one the spec lists for this list.")
        column = columns.get(f"filters.{field_name}")
        if column is None:
            continue  # documented, accepted, not applied by the embedded sandbox (docs/sandbox.md)
        clause = _clause(column, condition, [v for v in values if v != ""], field_name)
        if clause:
            clauses.append(clause[0])
            args += clause[1]
    if clauses:
        found.sql.append("(" + f" {junction} ".join(clauses) + ")")
        found.args.extend(args)


def _clause(column: str, condition: str, values: list[str], field_name: str) -> tuple[str, list[Any]] | None:
    if not values and condition not in ("$in", "$not_in"):
        return None  # an empty value filters nothing, as with plain filters
    if condition == "$is":
        return f"{column} = ?", values[:1]
    if condition == "$is_not":
        return f"({column} IS NULL OR {column} != ?)", values[:1]
    if condition in ("$in", "$not_in"):
        marks = ", ".join("?" * len(values)) or "NULL"
        return f"{column} {'NOT ' if condition == '$not_in' else ''}IN ({marks})", values
    if condition in ("$before", "$after"):
        return f"{column} {'<' if condition == '$before' else '>'} ?", [date(field_name, values[0])]
    return None
