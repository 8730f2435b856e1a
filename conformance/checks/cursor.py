"""The date cursor (`starting_after`): every item lies strictly beyond it, in the direction the spec's table gives.

- no `order` (or the default descending one): items created strictly *before* the cursor;
- `order` set to one of the table's ascending values (created_at, updated_at): items strictly *after* it.
  Whether the cursor then compares `created_at` or the order's own field, the spec leaves open: either passes.
- any other `order` with a cursor is undocumented and not checked.
"""

from __future__ import annotations

from typing import Any

from conformance.checks.failures import CursorFailure
from conformance.checks.registry import list_check
from conformance.checks.view import ListRequest, ListResponse, timestamp
from conformance.profile import ListProfile
from conformance.timestamps import format_micros

CURSOR_FIELD = "created_at"


@list_check
def list_cursor(profile: ListProfile, request: ListRequest, response: ListResponse) -> bool | None:
    """Items lie strictly beyond the date cursor, in the documented direction."""
    cursor = request.cursor
    if cursor is None or not response.items:
        return True
    order = request.order
    if order in profile.ascending_cursor_orders:
        fields = tuple(dict.fromkeys((CURSOR_FIELD, order.lstrip("-"))))
        if any(_all_beyond(response, field, cursor, after=True) for field in fields):
            return None
        direction, field = "after", fields[-1]
    elif profile.cursor_default_before and (order is None or order == profile.default_order):
        if _all_beyond(response, CURSOR_FIELD, cursor, after=False):
            return None
        direction, field = "before", CURSOR_FIELD
    else:
        return True
    index = next(i for i, item in enumerate(response.items) if not _beyond(item, field, cursor, direction == "after"))
    raise CursorFailure(
        operation=profile.operation,
        title=f"Item not strictly {direction} the cursor",
        expected=f"every `{field}` strictly {direction} {format_micros(cursor)} "
        f"({profile.date_cursor} with {f'order={order}' if order else 'no order'})",
        received=f"item [{index}] has {field}={response.items[index].get(field)!r}",
        key=f"cursor:{direction}:{order}",
    )


def _all_beyond(response: ListResponse, field: str, cursor: int, after: bool) -> bool:
    return all(_beyond(item, field, cursor, after) for item in response.items)


def _beyond(item: dict[str, Any], field: str, cursor: int, after: bool) -> bool:
    value = timestamp(item, field)
    return value is None or (value > cursor if after else value < cursor)
