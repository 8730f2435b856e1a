"""Invariants no single response shows: they hold across a walk's pages, or across requests that must agree.

- `list_order_across_pages`: for every `order` value, the second page at the walk's limit continues the first: the
  two are sorted as one list, and hold the values the large page holds at those places (a server that sorts each
  page after cutting it passes every page alone). Pointer styles use the two pages of `order_steps` (no request);
  an unpaged list with a limit, its page at the walk's limit.
- `list_equivalent_requests`: `order=f` is `order=-f` reversed, up to ties and nulls, over a set one page shows
  whole; the same request twice gives the same page. The same instant in another form is `instants.py`'s, filtering
  then walking against walking then filtering `filter_walk.py`'s.

Each probe's docstring says how many requests it sends; it shares the pages the orders step and the walks fetched.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from conformance.checks.ordering import first_violation, sortable
from conformance.documents import value_at
from conformance.probes.prober import Exchange, Prober
from conformance.probes.walks import WalkSet, identity, largest
from conformance.profile import ListStyle

ORDER_ACROSS = "list_order_across_pages"
EQUIVALENT = "list_equivalent_requests"
PageOfOrder = dict[str, tuple[Exchange, Exchange]]


def order_across_pages(prober: Prober, large: dict[str, Exchange], limit: int, pointer_pages: PageOfOrder) -> None:
    """Per order value: the pages at `limit` hold, in order, the values the large page of that order holds at their
    places. One request per order value with a page number (page 2) or without paging (page 1 at `limit`); none on
    pointer styles (`order_steps`' two pages)."""
    profile = prober.profile
    if profile.order is None or profile.limit is None:
        return
    for order in profile.order_values:
        whole = large.get(order)
        items = whole.listing.items if whole is not None and whole.listing is not None else None
        if order in pointer_pages:
            _pointer_pages(prober, order, pointer_pages[order], items)
            continue
        if whole is None or items is None or profile.style is ListStyle.CURSOR:
            continue
        if profile.page is not None and len(items) >= 2 * limit:
            second = prober.get(**{profile.order: order, profile.limit.name: limit, profile.page.name: 2})
            if second.listing is not None:
                steps = [prober.url(whole.query), prober.url(second.query)]
                _judge_across(prober, order, items[:limit], second.listing.items, items, steps)
        elif profile.page is None and profile.style is ListStyle.UNPAGED and len(items) > limit:
            # One page only: a server that cuts it in another order and sorts it after shows it at a small limit.
            first = prober.get(**{profile.order: order, profile.limit.name: limit})
            if first.listing is not None:
                steps = [prober.url(whole.query), prober.url(first.query)]
                _judge_across(prober, order, first.listing.items, [], items, steps)


def _pointer_pages(
    prober: Prober, order: str, pages: tuple[Exchange, Exchange], whole: list[dict[str, Any]] | None
) -> None:
    """A first page and the page after its pointer: sorted as one, and the large page's values at their places."""
    first, second = pages
    steps = [prober.url(first.query), prober.url(second.query)]
    if first.listing is not None and second.listing is None and 400 <= second.response.status_code < 500:
        prober.fail(
            ORDER_ACROSS,
            f"The next page of order={order} is refused",
            "a list page for the pointer the first page of that order gave",
            f"HTTP {second.response.status_code}",
            steps=steps,
        )
    elif first.listing and second.listing:
        _judge_across(prober, order, first.listing.items, second.listing.items, whole, steps)


def _judge_across(
    prober: Prober,
    order: str,
    first: list[dict[str, Any]],
    second: list[dict[str, Any]],
    whole: list[dict[str, Any]] | None,
    steps: list[str],
) -> None:
    field, descending = order.lstrip("-"), order.startswith("-")
    values = [value_at(item, field) for item in [*first, *second]]
    if not sortable(values) or (not second and whole is None):
        return
    prober.applied.add(ORDER_ACROSS)
    violation = first_violation(values, descending) if second else None
    if violation is not None:
        prober.fail(
            ORDER_ACROSS,
            f"Pages are not sorted by {order} across their boundary",
            f"`{field}` {'non-increasing' if descending else 'non-decreasing'} over page 1 then page 2 (order={order})",
            f"item [{violation.left}] has {field}={values[violation.left]!r} and item [{violation.right}] has "
            f"{field}={values[violation.right]!r} ({violation.reason}; page 1 holds {len(first)})",
            steps=steps,
        )
        return
    if whole is None or len(whole) < len(values):
        return
    # Ties may swap items, never values: each page holds the values the large page holds at its places.
    wanted = [value_at(item, field) for item in whole[: len(values)]]
    if wanted == values:
        return
    start = len(first) if wanted[: len(first)] == values[: len(first)] else 0
    page = "Page 2 does not continue" if start else f"Page 1 at limit={len(first)} does not start"
    prober.fail(
        ORDER_ACROSS,
        f"{page} the order {order}",
        f"the {field} values at places {start}..{len(values) - 1} of one large page: {_show(wanted[start:])}",
        f"{_show(values[start:])}",
        steps=steps,
    )


def reversed_orders(prober: Prober, walk_set: WalkSet | None) -> None:
    """`order=f` and `order=-f` over one set that a page shows whole: each is the other reversed, up to ties. Two
    requests per pair."""
    profile = prober.profile
    if profile.order is None or profile.limit is None or walk_set is None or not walk_set.complete:
        return
    for order in profile.order_values:
        if order.startswith("-") or f"-{order}" not in profile.order_values:
            continue
        pages = [prober.get(**walk_set.query, **{profile.order: o}, **largest(prober)) for o in (order, f"-{order}")]
        rising, falling = (p.listing.items if p.listing else None for p in pages)
        if rising is None or falling is None or not sortable([value_at(i, order) for i in rising]):
            continue
        prober.applied.add(EQUIVALENT)
        if _groups(rising, order) != _groups(falling, order)[::-1]:
            prober.fail(
                EQUIVALENT,
                f"order=-{order} is not order={order} reversed",
                f"the items of order={order} in reverse, up to ties ({walk_set.description})",
                f"order={order}: {_ids(rising)}; order=-{order}: {_ids(falling)}",
                steps=prober.sequence[-2:],
            )


def _groups(items: Sequence[dict[str, Any]], field: str) -> list[frozenset[str]]:
    """The items' ids grouped by equal values, in order; items without a value are left out (nulls go either end)."""
    groups: list[tuple[Any, set[str]]] = []
    for item in items:
        value = value_at(item, field)
        if value is None:
            continue
        if groups and groups[-1][0] == value:
            groups[-1][1].add(identity(item))
        else:
            groups.append((value, {identity(item)}))
    return [frozenset(ids) for _, ids in groups]


def same_twice(prober: Prober, reference: Exchange) -> None:
    """The reference request sent again gives the same page: the same items, in the same order. One request."""
    if reference.listing is None:
        return
    again = prober.get(**reference.query)
    if again.listing is None:
        return
    prober.applied.add(EQUIVALENT)
    before, after = [identity(i) for i in reference.listing.items], [identity(i) for i in again.listing.items]
    if before != after:
        index = next((n for n, pair in enumerate(zip(before, after, strict=False)) if pair[0] != pair[1]), None)
        where = f"from item [{index}]" if index is not None else f"{len(before)} then {len(after)} items"
        prober.fail(
            EQUIVALENT,
            "The same request gives another page",
            "the same items in the same order, twice",
            f"the pages differ {where}",
            steps=[prober.url(reference.query), prober.sequence[-1]],
        )


def _show(values: list[Any]) -> str:
    return ", ".join(repr(v) for v in values[:5]) + (" ..." if len(values) > 5 else "")


def _ids(items: list[dict[str, Any]]) -> str:
    return ", ".join(identity(i)[:30] for i in items[:4]) + (" ..." if len(items) > 4 else "")
