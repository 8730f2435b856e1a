"""Filters: every item satisfies every filter of the request.

What we accept where the spec leaves room:
- date bounds may be inclusive or exclusive: an item exactly on the bound is never flagged;
- text filters match if the item's field contains the value, ignoring case (so exact, case-insensitive and
  substring matching all pass); an empty value is treated as no filter.
"""

from __future__ import annotations

from typing import Any

from conformance.checks.failures import FilterFailure
from conformance.checks.registry import list_check
from conformance.checks.view import ListRequest, ListResponse, timestamp
from conformance.profile import ListProfile
from conformance.timestamps import format_micros


@list_check
def list_filters(profile: ListProfile, request: ListRequest, response: ListResponse) -> None:
    """Each item lies within every date bound and matches every text filter the request sent."""
    for index, item in enumerate(response.items):
        for name, bound in request.bounds.items():
            field, side = profile.date_bounds[name]
            value = timestamp(item, field)
            if value is not None and (value > bound if side == "before" else value < bound):
                _fail(profile, name, index, f"`{field}` {side} {format_micros(bound)}", f"{field}={item[field]!r}")
        for name, wanted in request.text.items():
            path = profile.text_filters[name]
            actual = _at(item, path)
            if not isinstance(actual, str) or wanted.casefold() not in actual.casefold():
                _fail(profile, name, index, f"`{'.'.join(path)}` matching {wanted!r}", f"{'.'.join(path)}={actual!r}")


def _at(item: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = item
    for part in path:
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _fail(profile: ListProfile, name: str, index: int, expected: str, received: str) -> None:
    raise FilterFailure(
        operation=profile.operation,
        title=f"Filter `{name}` is not applied",
        expected=f"every item with {expected}",
        received=f"item [{index}] has {received}",
        key=f"filter:{name}",
    )
