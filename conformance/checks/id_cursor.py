"""The id cursor (`starting_after_id`): never the cursor's own item, and every item beyond it in the order in force.

Beyond means: with `order=id` every id is greater than the cursor, with `order=-id` smaller (code point or
case-insensitive, as in `checks/ordering.py`). With another order, or none documented, only the first rule holds.
"""

from __future__ import annotations

from conformance.checks.failures import CursorFailure
from conformance.checks.ordering import STRING_ORDERINGS
from conformance.checks.registry import list_check
from conformance.checks.view import ListRequest, ListResponse
from conformance.profile import ListProfile

ID_FIELD = "id"


@list_check
def list_id_cursor(profile: ListProfile, request: ListRequest, response: ListResponse) -> bool | None:
    """No item is the cursor's own; with order=id / -id, every id lies beyond the cursor."""
    cursor = request.id_cursor
    if cursor is None or not response.items:
        return True
    ids = [item.get(ID_FIELD) for item in response.items]
    if cursor in ids:
        raise CursorFailure(
            operation=profile.operation,
            title="Id cursor returns its own item",
            expected=f"only items after {profile.id_cursor}={cursor}",
            received=f"item [{ids.index(cursor)}] is {cursor}",
            key="id-cursor:own-item",
        )
    order = request.effective_order(profile)
    if order not in (ID_FIELD, f"-{ID_FIELD}") or not all(isinstance(i, str) for i in ids):
        return None
    descending = order.startswith("-")
    for _, key in STRING_ORDERINGS:
        if all(_beyond(key(str(i)), key(cursor), descending) for i in ids):
            return None
    index = next(n for n, i in enumerate(ids) if not _beyond(str(i), cursor, descending))
    raise CursorFailure(
        operation=profile.operation,
        title="Item not beyond the id cursor",
        expected=f"every id {'below' if descending else 'above'} {cursor} (order={order})",
        received=f"item [{index}] has id={ids[index]!r}",
        key=f"id-cursor:direction:{order}",
    )


def _beyond(value: str, cursor: str, descending: bool) -> bool:
    return value < cursor if descending else value > cursor
