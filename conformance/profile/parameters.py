"""Reading a list operation's query parameters: limit and page, order, and the filters the spec describes."""

from __future__ import annotations

import re
from typing import Any

from conformance.openapi import properties, resolve
from conformance.profile.model import FilterParam, IntParam
from conformance.profile.schemas import branches, declared_default, enum_values, types

DATE_BOUND = re.compile(r"^(?P<field>\w+)\[(?P<side>before|after)\]$")
EQUALITY = ("$is", "$is_not", "$in", "$not_in")
DATE_CONDITIONS = ("$before", "$after")
# Conditions that count days on a date field, in Voucherify's filter docs; and the words that give any condition that
# meaning ("exactly the given number of days ago", "a non-negative integer", "relative value").
RELATIVE = ("$is", "$more_than", "$less_than")
_RELATIVE_WORDS = re.compile(r"\bdays?\b|\brelative value\b|\bnon-negative integer\b", re.I)
# "If no limit is set, it returns 10 items." / "default is 10" / "Defaults to 10"
_DEFAULT_IN_TEXT = re.compile(r"(?:no limit is set|by default|default(?: value)? is|defaults to)\D{0,40}?(\d+)", re.I)
# "Allowed values: `id`, `-id`." / "Valid orders are `created_at` and `-created_at`" / "filtering options: `a`, `b`"
_LISTED = re.compile(
    r"(?:allowed values|valid orders are|filtering options)\W*((?:`-?\w+`(?:,\s*|\s+(?:and|or)\s+)?)+)", re.I
)
_TICKED = re.compile(r"`(-?\w+)`")
_DEFAULT_ORDER_TEXT = re.compile(r"(?:defaults? to|default is|default:)\s*`(-?\w+)`", re.I)
_NEWEST_FIRST = re.compile(r"(?:most recent.{0,60}first|newest to the oldest)", re.I | re.S)
_NEWEST_LAST = re.compile(r"most recent.{0,60}last", re.I | re.S)


def query_parameters(spec: dict[str, Any], path_item: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any]:
    """Query parameters by name; the operation's own override the path item's."""
    found: dict[str, dict[str, Any]] = {}
    for raw in [*path_item.get("parameters", []), *operation.get("parameters", [])]:
        param = resolve(spec, raw)
        if isinstance(param, dict) and param.get("in") == "query" and "name" in param:
            found[param["name"]] = param
    return found


def int_param(spec: dict[str, Any], params: dict[str, Any], names: tuple[str, ...]) -> IntParam | None:
    name = next((n for n in names if n in params), None)
    if name is None:
        return None
    schema = next(iter(branches(spec, params[name].get("schema", {}))), {})
    default = declared_default(spec, params[name].get("schema", {}))
    if default is None and (match := _DEFAULT_IN_TEXT.search(params[name].get("description", ""))):
        default = int(match.group(1))
    return IntParam(name, schema.get("minimum"), schema.get("maximum"), default)


def order_values(spec: dict[str, Any], param: dict[str, Any]) -> tuple[str, ...]:
    """The enum of the order parameter, or else the values its description lists."""
    values = enum_values(spec, param.get("schema", {}))
    if values:
        return values
    listed = _LISTED.search(param.get("description", ""))
    return tuple(dict.fromkeys(_TICKED.findall(listed.group(1)))) if listed else ()


def multi_order(spec: dict[str, Any], param: dict[str, Any]) -> bool:
    return any("array" in types(node) for node in branches(spec, param.get("schema", {})))


def default_order(
    spec: dict[str, Any], operation: dict[str, Any], param: dict[str, Any] | None, values: tuple[str, ...]
) -> str | None:
    """The declared default, else the one the order parameter's or the response's words name."""
    if param is None:
        return None
    declared = declared_default(spec, param.get("schema", {}))
    if declared in values:
        return str(declared)
    said = _DEFAULT_ORDER_TEXT.search(param.get("description", ""))
    if said and said.group(1) in values:
        return said.group(1)
    response = resolve(spec, operation.get("responses", {}).get("200", {}))
    text = " ".join(
        [response.get("description", "") if isinstance(response, dict) else "", param.get("description", "")]
    )
    # "sorted by creation date, with the most recent customers appearing first" (or "... last")
    if "-created_at" in values and _NEWEST_FIRST.search(text):
        return "-created_at"
    if "created_at" in values and "creat" in text.lower() and _NEWEST_LAST.search(text):
        return "created_at"
    return None


def date_bounds(spec: dict[str, Any], params: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """`created_at[before]` parameters, and deepObject `created_at` parameters with before/after."""
    bounds = {name: (m["field"], m["side"]) for name in params if (m := DATE_BOUND.match(name))}
    for name, param in params.items():
        if param.get("style") != "deepObject" or name == "filters":
            continue
        for node in branches(spec, param.get("schema", {})):
            for side in ("before", "after"):
                if side in properties(spec, node):
                    bounds[f"{name}[{side}]"] = (name, side)
    return bounds


def text_filters(
    spec: dict[str, Any], params: dict[str, Any], item_props: dict[str, Any]
) -> dict[str, tuple[str, ...]]:
    """String parameters named after an item field, at the top level or one object deeper (city -> address.city)."""
    filters: dict[str, tuple[str, ...]] = {}
    for name, param in params.items():
        if resolve(spec, param.get("schema", {})).get("type") != "string" or DATE_BOUND.match(name):
            continue
        if name in item_props and item_props[name].get("type") == "string":
            filters[name] = (name,)
            continue
        for parent, schema in item_props.items():
            if properties(spec, schema).get(name, {}).get("type") == "string":
                filters[name] = (parent, name)
                break
    return filters


def filter_param(spec: dict[str, Any], params: dict[str, Any], item_props: dict[str, Any]) -> FilterParam | None:
    """The `filters` deepObject: per field, the conditions the spec lists; equality ones on item fields apart."""
    param = params.get("filters")
    if param is None:
        return None
    fields: dict[str, tuple[str, ...]] = {}
    is_schemas: dict[str, tuple[Any, ...]] = {}
    words: dict[tuple[str, str], str] = {}
    junction = False
    for node in branches(spec, param.get("schema", {})):
        for name, schema in properties(spec, node).items():
            if name == "junction":
                junction = True
                continue
            conditions: list[str] = []
            for field_node in branches(spec, schema):
                for condition_node in branches(spec, properties(spec, field_node).get("conditions", {})):
                    conditions += properties(spec, condition_node)
                    for condition, condition_schema in properties(spec, condition_node).items():
                        said = resolve(spec, condition_schema)
                        if isinstance(said, dict) and isinstance(said.get("description"), str):
                            words.setdefault((name, condition), said["description"])
                    if "$is" in properties(spec, condition_node):
                        is_schemas[name] = (*is_schemas.get(name, ()), properties(spec, condition_node)["$is"])
            fields[name] = tuple(sorted(set(conditions)))
    dates = {
        name: tuple(c for c in DATE_CONDITIONS if c in conditions)
        for name, conditions in fields.items()
        if name in item_props and set(DATE_CONDITIONS) & set(conditions)
    }
    relative = {
        name: found
        for name, conditions in fields.items()
        if (found := tuple(c for c in conditions if _counts_days(c, name in dates, words.get((name, c)))))
    }
    equality = {
        name: found
        for name, conditions in fields.items()
        if name in item_props
        and (found := tuple(c for c in EQUALITY if c in conditions and c not in relative.get(name, ())))
    }
    meanings = {key: said for key, said in words.items() if key[1] in relative.get(key[0], ())}
    return FilterParam(param["name"], equality, dates, fields, junction, is_schemas, relative, meanings)


def _counts_days(condition: str, date_field: bool, words: str | None) -> bool:
    """A condition whose value is a number of days: its own words say so, or, without words, Voucherify's filter docs
    do for `$is`, `$more_than` and `$less_than` on a date field (one with `$before` / `$after`)."""
    if words is not None and _RELATIVE_WORDS.search(words):
        return True
    return date_field and condition in RELATIVE and words is None
