"""Sort direction: items are monotonic in the `order` field, in its direction (ties allowed).

Strings (e.g. `source_id`) are accepted in either of two orders, because the spec names none: Unicode code
point order (what byte-wise database collations give) or case-insensitive order (`str.casefold`). A page
that is monotonic in neither is flagged.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from conformance.checks.failures import SortFailure
from conformance.checks.registry import list_check
from conformance.checks.view import ListRequest, ListResponse, timestamp
from conformance.profile import ListProfile

STRING_ORDERINGS: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("code point", lambda value: value),
    ("case-insensitive", str.casefold),
)


@list_check
def list_sort_order(profile: ListProfile, request: ListRequest, response: ListResponse) -> None:
    """Each `order` value sorts by its field and direction; no `order` means the documented default."""
    order = request.effective_order(profile)
    if order is None:
        return
    field, descending = order.lstrip("-"), order.startswith("-")
    values = [(index, _value(item, field)) for index, item in enumerate(response.items)]
    present = [(index, value) for index, value in values if value is not None]
    if all(isinstance(value, int) for _, value in present):
        violation = _first_violation(present, descending)
    else:
        violations = [
            _first_violation([(i, key(str(v))) for i, v in present], descending) for _, key in STRING_ORDERINGS
        ]
        violation = None if None in violations else violations[0]
    if violation is None:
        return
    (i, _), (j, _) = violation
    raw_a, raw_b = response.items[i].get(field), response.items[j].get(field)
    source = f"order={request.order}" if request.order is not None else f"no order (documented default {order})"
    raise SortFailure(
        operation=profile.operation,
        title=f"Items are not sorted by {order}",
        expected=f"`{field}` {'non-increasing' if descending else 'non-decreasing'} ({source})",
        received=f"item [{i}] has {field}={raw_a!r} and item [{j}] has {field}={raw_b!r}",
        key=f"order:{order}:{'given' if request.order else 'default'}",
    )


def _value(item: dict[str, Any], field: str) -> Any:
    if field in ("created_at", "updated_at") or field.endswith("_at") or field.endswith("_date"):
        return timestamp(item, field)
    value = item.get(field)
    return value if isinstance(value, str | int) and not isinstance(value, bool) else None


def _first_violation(values: list[tuple[int, Any]], descending: bool) -> tuple[tuple[int, Any], tuple[int, Any]] | None:
    for left, right in itertools.pairwise(values):
        if (left[1] < right[1]) if descending else (left[1] > right[1]):
            return left, right
    return None
