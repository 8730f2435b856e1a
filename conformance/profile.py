"""A list operation's profile, read from its spec: which parameters page, sort, filter, and where the items are."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from conformance.openapi import json_response_schema, properties, resolve

LIMIT_NAMES = ("limit", "page_size", "per_page")
PAGE_NAMES = ("page",)
DATE_CURSOR_NAMES = ("starting_after",)
ID_CURSOR_NAMES = ("starting_after_id",)
ORDER_NAMES = ("order", "sort")
DATE_BOUND = re.compile(r"^(?P<field>\w+)\[(?P<side>before|after)\]$")
# "If no limit is set, it returns 10 items." / "default is 10"
_DEFAULT_IN_TEXT = re.compile(r"(?:no limit is set|by default|default(?: value)? is)\D{0,40}?(\d+)", re.I)
_NEWEST_FIRST = re.compile(r"most recent.{0,60}first", re.I | re.S)
_NEWEST_LAST = re.compile(r"most recent.{0,60}last", re.I | re.S)


@dataclass(frozen=True)
class IntParam:
    name: str
    minimum: int | None
    maximum: int | None
    default: int | None = None


@dataclass(frozen=True)
class ListProfile:
    """What the generic checks need to know about one list operation."""

    operation: str
    items_key: str
    limit: IntParam | None = None
    page: IntParam | None = None
    date_cursor: str | None = None
    id_cursor: str | None = None
    order: str | None = None
    order_values: tuple[str, ...] = ()
    default_order: str | None = None
    # Order values that make the date cursor return what lies *after* it, ascending (the spec's cursor table).
    ascending_cursor_orders: tuple[str, ...] = ()
    # Date cursor without one of those orders: the spec says items *before* it, descending.
    cursor_default_before: bool = False
    date_bounds: dict[str, tuple[str, str]] = field(default_factory=dict)
    text_filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    has_total: bool = False
    has_more: bool = False
    list_object: str | None = None
    data_ref: str | None = None
    timestamp_fields: tuple[str, ...] = ()

    @property
    def default_limit(self) -> int | None:
        return self.limit.default if self.limit else None


def list_profile(spec: dict[str, Any], method: str, path: str) -> ListProfile | None:
    """The profile of a GET operation whose 200 body holds an array of items; None for anything else."""
    operation = spec.get("paths", {}).get(path, {}).get(method.lower())
    if method.upper() != "GET" or not isinstance(operation, dict):
        return None
    body = properties(spec, json_response_schema(spec, operation))
    items_key = _items_key(spec, body)
    # A list body says so: a data_ref, a total, a has_more, or `object` defaulting to "list".
    is_list = {"data_ref", "total", "has_more"} & set(body) or resolve(spec, body.get("object", {})).get(
        "default"
    ) == "list"
    if items_key is None or not is_list:
        return None
    item_props = properties(spec, resolve(spec, body[items_key]).get("items", {}))
    params = _parameters(spec, operation)
    order = _first(params, ORDER_NAMES)
    order_values = tuple(resolve(spec, params[order].get("schema", {})).get("enum", ())) if order else ()
    cursor = _first(params, DATE_CURSOR_NAMES)
    cursor_text = params[cursor].get("description", "") if cursor else ""
    return ListProfile(
        operation=f"GET {path}",
        items_key=items_key,
        limit=_int_param(spec, params, LIMIT_NAMES),
        page=_int_param(spec, params, PAGE_NAMES),
        date_cursor=cursor,
        id_cursor=_first(params, ID_CURSOR_NAMES),
        order=order,
        order_values=order_values,
        default_order=_default_order(spec, operation, params.get(order or ""), order_values),
        ascending_cursor_orders=tuple(v for v in order_values if not v.startswith("-") and f"`{v}`" in cursor_text),
        cursor_default_before=bool(re.search(r"\bbefore\b", cursor_text, re.I)),
        date_bounds={name: (m["field"], m["side"]) for name in params if (m := DATE_BOUND.match(name))},
        text_filters=_text_filters(spec, params, item_props),
        has_total="total" in body,
        has_more="has_more" in body,
        list_object=resolve(spec, body.get("object", {})).get("default"),
        data_ref=resolve(spec, body.get("data_ref", {})).get("default"),
        timestamp_fields=tuple(n for n, s in item_props.items() if s.get("format") == "date-time"),
    )


def _items_key(spec: dict[str, Any], body: dict[str, Any]) -> str | None:
    data_ref = resolve(spec, body.get("data_ref", {})).get("default")
    if data_ref in body:
        return str(data_ref)
    arrays = [name for name, schema in body.items() if resolve(spec, schema).get("type") == "array"]
    return "data" if "data" in arrays else (arrays[0] if len(arrays) == 1 else None)


def _parameters(spec: dict[str, Any], operation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    resolved = (resolve(spec, p) for p in operation.get("parameters", []))
    return {p["name"]: p for p in resolved if isinstance(p, dict) and p.get("in") == "query" and "name" in p}


def _first(params: dict[str, Any], names: tuple[str, ...]) -> str | None:
    return next((name for name in names if name in params), None)


def _int_param(spec: dict[str, Any], params: dict[str, Any], names: tuple[str, ...]) -> IntParam | None:
    name = _first(params, names)
    if name is None:
        return None
    schema = resolve(spec, params[name].get("schema", {}))
    default = schema.get("default")
    if default is None and (match := _DEFAULT_IN_TEXT.search(params[name].get("description", ""))):
        default = int(match.group(1))
    return IntParam(name, schema.get("minimum"), schema.get("maximum"), default)


def _default_order(
    spec: dict[str, Any], operation: dict[str, Any], order: dict[str, Any] | None, values: tuple[str, ...]
) -> str | None:
    if order is None:
        return None
    declared = resolve(spec, order.get("schema", {})).get("default")
    if declared in values:
        return str(declared)
    response = resolve(spec, operation.get("responses", {}).get("200", {}))
    text = response.get("description", "") if isinstance(response, dict) else ""
    if "creat" not in text.lower():
        return None
    # "sorted by creation date, with the most recent customers appearing first" (or "... last")
    if "-created_at" in values and _NEWEST_FIRST.search(text):
        return "-created_at"
    if "created_at" in values and _NEWEST_LAST.search(text):
        return "created_at"
    return None


def _text_filters(
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
