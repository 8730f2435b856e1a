"""Which calls the gate makes of one SDK method: a list's limits, pages, orders, cursors and filters (values from
the spec and from listed items), or an item getter's one call; and which parameters no argument can send."""

from __future__ import annotations

import json
import re
from typing import Any

from conformance.documents import value_at
from conformance.sdk.exchanges import Exchange
from conformance.sdk.operations import SdkOperation

_DEEP = re.compile(r"^(?P<name>[^\[\]]+)\[(?P<key>[^\[\]]+)\]$")
PAGE_SIZE = 5
CURSOR_FIELD = "created_at"
HIGHEST_LIMIT = 100


def items_of(exchange: Exchange | None, key: str) -> list[dict[str, Any]]:
    """The listed items of a 200 answer, read from its JSON (whatever the SDK made of it)."""
    if exchange is None or exchange.status != 200:
        return []
    try:
        items = json.loads(exchange.body).get(key)
    except (ValueError, AttributeError):
        return []
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _first_value(items: list[dict[str, Any]], path: tuple[str, ...]) -> Any:
    return next((v for item in items if isinstance(v := value_at(item, path), str) and v), None)


def list_calls(op: SdkOperation, items: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """The calls after the first, by SDK argument, and the parameters they need that no SDK argument sends."""
    profile = op.profile
    if profile is None:
        return [], []
    plan: list[dict[str, Any]] = []
    limit = profile.limit
    # Every call past the limits asks for a small page: what each item parses into is checked on the pages of the
    # highest limit, and a committed cassette per spec file stays small (the same calls live and replayed).
    small = {limit.name: PAGE_SIZE} if limit and op.argument(limit.name) is not None else {}
    if limit:
        low, high = limit.minimum or 1, min(limit.maximum or HIGHEST_LIMIT, HIGHEST_LIMIT)
        plan += [{limit.name: low}, {limit.name: high}]
        if profile.page:
            plan += [{limit.name: PAGE_SIZE, profile.page.name: page} for page in (1, 2)]
    if profile.order:
        plan += [{**small, profile.order: value} for value in profile.order_values]
    last = items[-1].get(CURSOR_FIELD) if items else None
    if profile.date_cursor and isinstance(last, str):
        plan.append({**small, profile.date_cursor: last})
        if profile.order:
            first = items[0].get(CURSOR_FIELD)
            plan += [
                {**small, profile.date_cursor: first, profile.order: order} for order in profile.ascending_cursor_orders
            ]
    if profile.id_cursor and items and isinstance(items[-1].get("id"), str):
        plan.append({**small, profile.id_cursor: items[-1]["id"]})
    for name, path in profile.text_filters.items():
        if (value := _first_value(items, path)) is not None:
            plan.append({**small, name: value})
    for name, (item_field, _side) in profile.date_bounds.items():
        if (value := _first_value(items, (item_field,))) is not None:
            plan.append({**small, name: value})
    unsendable = sorted({name for call in plan for name in call if _argument(op, name) is None})
    calls = [call for call in plan if not set(call) & set(unsendable)]
    return [_by_argument(op, call) for call in calls], unsendable


def _argument(op: SdkOperation, name: str) -> tuple[str, str | None] | None:
    """(argument, key) for a parameter name: its own argument, or a deepObject's (`created_at[before]`)."""
    if (argument := op.argument(name)) is not None:
        return argument, None
    deep = _DEEP.match(name)
    param = next((p for p in op.parameters if deep and p.name == deep["name"] and p.style == "deepObject"), None)
    if deep and param is not None and param.argument is not None:
        return param.argument, deep["key"]
    return None


def _by_argument(op: SdkOperation, call: dict[str, Any]) -> dict[str, Any]:
    """A call keyed by SDK argument; a deepObject's key goes into a dict, as the SDK's users pass it."""
    kwargs: dict[str, Any] = {}
    for name, value in call.items():
        found = _argument(op, name)
        assert found is not None, "list_calls keeps only sendable parameters"
        argument, key = found
        if key is None:
            kwargs[argument] = value
        else:
            kwargs.setdefault(argument, {})[key] = value
    return kwargs


def cursor_pages(op: SdkOperation) -> tuple[str, str] | None:
    """(limit, date cursor) arguments when the list walks by date cursor, as a user pages with the SDK."""
    profile = op.profile
    if profile is None or profile.date_cursor is None or profile.limit is None:
        return None
    limit, cursor = op.argument(profile.limit.name), op.argument(profile.date_cursor)
    return (limit, cursor) if limit is not None and cursor is not None else None
