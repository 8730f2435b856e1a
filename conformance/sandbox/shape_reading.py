"""The sandbox's own reading of a list operation (`ListShape`), from the spec and listing.mdx, without `profile/`.

listing.mdx says: a list body holds its items in `data`, or in the array `data_ref` names ("the property name
containing the results array"), beside `object`, `total`, `has_more` and `more_starting_after`; lists page by
`page`, by `starting_after_id` (named lists, whose body says `more_starting_after`), or, on Loyalty v2, by an opaque
`cursor` whose next value is the body's `cursor.next`; `limit` is "between 1 and 100". What a parameter's schema
declares (a default, bounds, an enum) is read from the schema; what only its words say (a default order) from them.
"""

from __future__ import annotations

from typing import Any

from conformance.openapi import json_response_schema, properties, resolve
from conformance.sandbox import shape_parameters as sp
from conformance.sandbox.shape import Bounds, ListShape, ListStyle

# Body fields that only a list answer carries (listing.mdx, "Response format").
LIST_FIELDS = frozenset({"data_ref", "total", "has_more", "more_starting_after", "cursor"})


def read_shape(spec: dict[str, Any], path: str) -> ListShape | str | None:
    """The shape of GET `path` when its 200 body is a list; a reason when it is a list the sandbox cannot page; None
    when it answers one object."""
    operation = spec.get("paths", {}).get(path, {}).get("get")
    if not isinstance(operation, dict):
        return None
    schema = json_response_schema(spec, operation)
    body = properties(spec, schema)
    arrays = [name for name, node in body.items() if _items_of(spec, node) is not None]
    data_ref = sp.only_value(spec, body.get("data_ref"))
    only_array = len(arrays) == 1 and set(body) <= {"object", *arrays}
    if not arrays or not (LIST_FIELDS & set(body) or sp.only_value(spec, body.get("object")) == "list" or only_array):
        return None
    held = next((name for name in (data_ref, "data") if name in arrays), arrays[0] if len(arrays) == 1 else None)
    if held is None:
        return f"its body has the arrays {', '.join(arrays)} and no data_ref naming one"
    item = resolve(spec, _items_of(spec, body[held]))
    item_fields = properties(spec, item)
    params = sp.query_parameters(spec, path)
    style = _style(spec, body, params)
    if not isinstance(style, ListStyle):
        return style
    order = next((name for name in ("order", "sort") if name in params), None)
    values = sp.order_values(spec, params[order]) if order else ()
    shape = ListShape(
        operation=f"GET {path}",
        # Where data_ref names an array the body does not define, the items go where data_ref says (listing.mdx).
        items_key=data_ref or held,
        style=style,
        list_object=sp.only_value(spec, body.get("object")),
        data_ref=data_ref,
        has_total="total" in body,
        total_words=str((resolve(spec, body["total"]) or {}).get("description", "")) if "total" in body else "",
        has_more="has_more" in body,
        more_starting_after="more_starting_after" if "more_starting_after" in body else None,
        limit=_bounds(spec, params, "limit"),
        page=_bounds(spec, params, "page"),
        date_cursor="starting_after" if "starting_after" in params else None,
        id_cursor="starting_after_id" if style is ListStyle.ID_CURSOR else None,
        cursor="cursor" if style is ListStyle.CURSOR else None,
        cursor_pattern=sp.pattern(spec, params["cursor"]) if style is ListStyle.CURSOR else None,
        order=order,
        order_values=values,
        default_order=sp.default_order(spec, operation, params[order], values) if order else None,
        multi_order=bool(order) and sp.takes_array(spec, params[str(order)]),
        text_filters=sp.text_filters(spec, params, item_fields),
        date_bounds=sp.date_bounds(spec, params),
        start_date="start_date" if "start_date" in params else None,
        end_date="end_date" if "end_date" in params else None,
        range_field=_range_field(params, item_fields),
        filters=sp.filter_object(spec, params.get("filters")),
        repeatable=frozenset(name for name, param in params.items() if sp.takes_array(spec, param)),
        item_required=tuple(item.get("required", [])) if isinstance(item, dict) else (),
        item_objects=sp.string_values(spec, item_fields.get("object")),
    )
    return shape


def _range_field(params: dict[str, Any], item_fields: dict[str, Any]) -> str | None:
    """The item field a `start_date`/`end_date` range bounds: its creation date, else its day (daily reports)."""
    if not {"start_date", "end_date"} & set(params):
        return None
    return next((name for name in ("created_at", "date") if name in item_fields), None)


def _items_of(spec: dict[str, Any], node: Any) -> Any:
    """The item schema of an array property (through a nullable oneOf), or None when it is no array."""
    node = resolve(spec, node)
    if not isinstance(node, dict):
        return None
    if "items" in node:
        return node["items"]
    for branch in node.get("oneOf", []) + node.get("anyOf", []):
        found = _items_of(spec, branch)
        if found is not None:
            return found
    return None


def _style(spec: dict[str, Any], body: dict[str, Any], params: dict[str, Any]) -> ListStyle | str:
    if "cursor" in body:
        if "cursor" not in params:
            return "its body has a cursor, and it takes no cursor parameter"
        if "next" not in sp.object_fields(spec, body["cursor"]):
            return "its body's cursor has no `next`"
        return ListStyle.CURSOR
    # listing.mdx names the lists that page by `starting_after_id`; "List customer activity" also takes a
    # `starting_after` date, which then narrows by `created_at` as on customers while the id pages.
    if "starting_after_id" in params:
        return ListStyle.ID_CURSOR
    if "starting_after" in params:
        return ListStyle.DATE_CURSOR
    return ListStyle.PAGE if "page" in params else ListStyle.UNPAGED


def _bounds(spec: dict[str, Any], params: dict[str, Any], name: str) -> Bounds | None:
    if name not in params:
        return None
    nodes = sp.alternatives(spec, params[name].get("schema", {}))
    low = next((n["minimum"] for n in nodes if isinstance(n.get("minimum"), int | float)), None)
    high = next((n["maximum"] for n in nodes if isinstance(n.get("maximum"), int | float)), None)
    declared = next((n["default"] for n in nodes if isinstance(n.get("default"), int)), None)
    default = declared if declared is not None else sp.default_in_words(params[name].get("description", ""))
    fractional = any("number" in sp.kinds(node) for node in nodes)
    return Bounds(name, low, high, default, fractional)
