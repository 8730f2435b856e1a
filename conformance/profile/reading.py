"""A list operation's profile, read from its spec: its paging style, which parameters page, sort, filter, and
where the items are."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from conformance.openapi import json_response_schema, properties, resolve
from conformance.profile import parameters as p
from conformance.profile.envelope import redefined
from conformance.profile.model import ListProfile, ListStyle
from conformance.profile.schemas import branches, is_array, single_value

LIMIT_NAMES = ("limit", "page_size", "per_page")
PAGE_NAMES = ("page",)
DATE_CURSOR_NAMES = ("starting_after",)
ID_CURSOR_NAMES = ("starting_after_id",)
CURSOR_NAMES = ("cursor",)
ORDER_NAMES = ("order", "sort")
DATE_BOUND = p.DATE_BOUND
# Fields a list body carries besides its items; any of them marks a body as a list.
LIST_MARKERS = frozenset({"data_ref", "total", "has_more", "more_starting_after", "cursor"})
_PATTERN_PREFIX = re.compile(r"^\^(\w+_)")


def read_list(spec: dict[str, Any], path: str) -> ListProfile | str | None:
    """A ListProfile without path parameters; a reason when a list cannot be classified; None when not a list."""
    path_item = spec.get("paths", {}).get(path, {})
    operation = path_item.get("get") if isinstance(path_item, dict) else None
    if not isinstance(operation, dict):
        return None
    body_schema = json_response_schema(spec, operation)
    body = properties(spec, body_schema)
    arrays = [name for name, schema in body.items() if is_array(spec, schema)]
    list_object = single_value(spec, body.get("object", {}))
    only_items = len(arrays) == 1 and set(body) <= {"object", arrays[0]}
    if not arrays or not (LIST_MARKERS & set(body) or list_object == "list" or only_items):
        return None
    data_ref = single_value(spec, body.get("data_ref", {})) if "data_ref" in body else None
    notes: list[str] = []
    source = _items_source(arrays, data_ref)
    if source is None:
        return f"the body has arrays {', '.join(arrays)} and no data_ref naming one of them"
    items_key = data_ref or source
    if items_key != source:
        notes.append(
            f"data_ref says {items_key!r} but the array property is {source!r}: items are served as {items_key!r}"
        )
    required = resolve(spec, body_schema).get("required", []) if isinstance(resolve(spec, body_schema), dict) else []
    notes += [f"the body requires {name!r}, which it does not define" for name in required if name not in body]
    item_schema: Any = next((b.get("items", {}) for b in branches(spec, body[source]) if "items" in b), {})
    item_props = properties(spec, item_schema)
    params = p.query_parameters(spec, path_item, operation)
    style = _style(spec, body, params)
    if not isinstance(style, ListStyle):
        return style
    order = _first(params, ORDER_NAMES)
    order_param = params.get(order or "")
    values = p.order_values(spec, order_param) if order_param else ()
    cursor_name = _first(params, DATE_CURSOR_NAMES)
    cursor_text = params[cursor_name].get("description", "") if cursor_name else ""
    cursor = _first(params, CURSOR_NAMES) if style is ListStyle.CURSOR else None
    item_node = resolve(spec, item_schema)
    profile = ListProfile(
        operation=f"GET {path}",
        items_key=items_key,
        limit=p.int_param(spec, params, LIMIT_NAMES),
        page=p.int_param(spec, params, PAGE_NAMES),
        date_cursor=cursor_name,
        id_cursor=_first(params, ID_CURSOR_NAMES),
        order=order,
        order_values=values,
        default_order=p.default_order(spec, operation, order_param, values),
        ascending_cursor_orders=tuple(v for v in values if not v.startswith("-") and f"`{v}`" in cursor_text),
        cursor_default_before=bool(re.search(r"\bbefore\b", cursor_text, re.I)),
        date_bounds=p.date_bounds(spec, params),
        text_filters=p.text_filters(spec, params, item_props),
        has_total="total" in body,
        has_more="has_more" in body,
        redefined=redefined(spec, body),
        list_object=list_object,
        data_ref=data_ref,
        style=style,
        more_starting_after="more_starting_after" if "more_starting_after" in body else None,
        cursor=cursor,
        next_cursor=_next_cursor(spec, body) if cursor else (),
        cursor_pattern=_pattern(spec, params[cursor]) if cursor else None,
        multi_order=p.multi_order(spec, order_param) if order_param else False,
        filters=p.filter_param(spec, params, item_props),
        start_date="start_date" if "start_date" in params else None,
        end_date="end_date" if "end_date" in params else None,
        item_required=tuple(item_node.get("required", [])) if isinstance(item_node, dict) else (),
        item_objects=_item_objects(spec, item_props),
        notes=tuple(notes),
    )
    return replace(profile, unchecked=_unchecked(profile, params, item_props))


def _items_source(arrays: list[str], data_ref: str | None) -> str | None:
    """The array property that holds the items: data_ref's, else `data`, else the only one."""
    for candidate in (data_ref, "data"):
        if candidate in arrays:
            return candidate
    return arrays[0] if len(arrays) == 1 else None


def _style(spec: dict[str, Any], body: dict[str, Any], params: dict[str, Any]) -> ListStyle | str:
    if "cursor" in body:
        if not _first(params, CURSOR_NAMES):
            return "the body has a cursor but the operation takes no cursor parameter"
        if not _next_cursor(spec, body):
            return "the body's cursor has no `next` field"
        return ListStyle.CURSOR
    if _first(params, ID_CURSOR_NAMES):
        if _first(params, DATE_CURSOR_NAMES):
            return "both starting_after and starting_after_id"
        if "has_more" not in body:
            return "it takes starting_after_id but its body has no has_more"
        return ListStyle.ID_CURSOR
    if _first(params, DATE_CURSOR_NAMES):
        return ListStyle.DATE_CURSOR
    return ListStyle.PAGE if _first(params, PAGE_NAMES) else ListStyle.UNPAGED


def _next_cursor(spec: dict[str, Any], body: dict[str, Any]) -> tuple[str, ...]:
    for node in branches(spec, body.get("cursor", {})):
        if "next" in properties(spec, node):
            return ("cursor", "next")
    return ()


def _pattern(spec: dict[str, Any], param: dict[str, Any]) -> str | None:
    return next((str(b["pattern"]) for b in branches(spec, param.get("schema", {})) if "pattern" in b), None)


def cursor_prefix(pattern: str | None) -> str:
    """`^lcrsmbr_[a-f0-9]+$` -> `lcrsmbr_`: the token prefix a cursor must carry."""
    match = _PATTERN_PREFIX.match(pattern or "")
    return match.group(1) if match else ""


def _item_objects(spec: dict[str, Any], item_props: dict[str, Any]) -> tuple[str, ...]:
    values: list[str] = []
    for node in branches(spec, item_props.get("object", {})):
        values += [v for v in node.get("enum", []) if isinstance(v, str)]
        values += [node["const"]] if isinstance(node.get("const"), str) else []
    return tuple(dict.fromkeys(values))


def _first(params: dict[str, Any], names: tuple[str, ...]) -> str | None:
    return next((name for name in names if name in params), None)


def _unchecked(profile: ListProfile, params: dict[str, Any], item_props: dict[str, Any]) -> tuple[str, ...]:
    """Each query parameter, order value or filter that the profile knows of but no check can use."""
    used = {profile.limit and profile.limit.name, profile.page and profile.page.name, profile.date_cursor}
    used |= {profile.id_cursor, profile.order, profile.cursor, profile.start_date, profile.end_date}
    used |= set(profile.text_filters) | {field for field, _ in profile.date_bounds.values()} | set(profile.date_bounds)
    used |= {profile.filters.name} if profile.filters else set()
    found = [f"query parameter {name!r}" for name in params if name not in used]
    found += [
        f"order value {v!r}: items have no field {v.lstrip('-')!r}"
        for v in profile.order_values
        if v.lstrip("-") not in item_props
    ]
    if profile.order and not profile.order_values:
        found.append(f"order parameter {profile.order!r}: the spec lists no values")
    if profile.filters:
        spec = profile.filters
        for name, conditions in spec.fields.items():
            simple = set(spec.equality.get(name, ())) | set(spec.dates.get(name, ())) | set(spec.relative.get(name, ()))
            rest = [c for c in conditions if c not in simple]
            if rest:
                found.append(f"filters[{name}] conditions {', '.join(rest)}")
        for name, relative in spec.relative.items():
            said = next((spec.meanings[(name, c)] for c in relative if (name, c) in spec.meanings), None)
            why = f"the spec's words: {said[:80]!r}" if said else "Voucherify's filter docs, on a date field"
            found.append(
                f"filters[{name}] conditions {', '.join(relative)}: a number of days before now ({why}), "
                "which depends on the server's clock"
            )
    return tuple(found)
