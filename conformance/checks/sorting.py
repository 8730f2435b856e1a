"""Sort direction: items are monotonic in the `order` field, in its direction (ties allowed).

How values compare is `checks/ordering.py`: numbers, date-times, strings in code point or case-insensitive
order, nulls together at either end. With several order keys (`order=a&order=b`) the first must hold alone.
Not applicable (never a pass) when fewer than two items carry the field, or its values are not scalars.
"""

from __future__ import annotations

from conformance.checks.failures import SortFailure
from conformance.checks.ordering import first_violation, sortable
from conformance.checks.registry import list_check
from conformance.checks.view import ListRequest, ListResponse
from conformance.documents import value_at
from conformance.profile import ListProfile


@list_check
def list_sort_order(profile: ListProfile, request: ListRequest, response: ListResponse) -> bool | None:
    """Each `order` value sorts by its field and direction; no `order` means the documented default."""
    order = request.effective_order(profile)
    if order is None:
        return True
    field, descending = order.lstrip("-"), order.startswith("-")
    values = [value_at(item, field) for item in response.items]  # `a.b` reaches into objects
    if not sortable(values):
        return True
    violation = first_violation(values, descending)
    if violation is None:
        return None
    i, j = violation.left, violation.right
    raw_a, raw_b = values[i], values[j]
    source = f"order={request.order}" if request.order is not None else f"no order (documented default {order})"
    raise SortFailure(
        operation=profile.operation,
        title=f"Items are not sorted by {order}",
        expected=f"`{field}` {'non-increasing' if descending else 'non-decreasing'} ({source})",
        received=f"item [{i}] has {field}={raw_a!r} and item [{j}] has {field}={raw_b!r} ({violation.reason})",
        key=f"order:{order}:{'given' if request.order else 'default'}",
    )
