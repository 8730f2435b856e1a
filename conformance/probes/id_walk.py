"""The id cursor (`starting_after_id` / `more_starting_after`) and the Loyalty v2 cursor (`cursor` / `cursor.next`).

A walk follows the body's pointer from the first page until the body says the list ends, and must give the set
of one large page: each item once, never the cursor's own item, and it must end. Per `order` value, one page
and one step after it let the response checks judge the direction (`checks/id_cursor.py`). An unknown cursor
must give a 4xx (id cursor: or an empty list), never a 5xx.
"""

from __future__ import annotations

from typing import Any

from conformance.checks.view import ListResponse, next_token
from conformance.documents import value_at
from conformance.probes.prober import Exchange, Prober
from conformance.probes.walks import (
    CURSOR_WALK,
    MAX_PAGES,
    WALK_SET_SIZE,
    WalkSet,
    judge_walk,
    largest,
    repeated_ids,
)
from conformance.profile import ListProfile, ListStyle, cursor_prefix

UNKNOWN_CURSOR = "list_unknown_cursor"
ID_ORDERS = ("id", "-id")


def following(profile: ListProfile, listing: ListResponse) -> str | None:
    """The value that continues the list after this page, or None at its end."""
    if profile.style is ListStyle.CURSOR:
        return next_token(profile, listing.body)
    if listing.has_more is False or profile.more_starting_after is None:
        return None
    value = listing.body.get(profile.more_starting_after)
    return value if isinstance(value, str) and value else None


def cursor_param(profile: ListProfile) -> str | None:
    return profile.cursor if profile.style is ListStyle.CURSOR else profile.id_cursor


def pointer_walk(prober: Prober, walk_set: WalkSet, limit: int) -> None:
    """Follow `more_starting_after` or `cursor.next` from the first page; judge it against one large page."""
    profile, name = prober.profile, cursor_param(prober.profile)
    if name is None or profile.limit is None or profile.style not in (ListStyle.ID_CURSOR, ListStyle.CURSOR):
        return
    prober.applied.add(CURSOR_WALK)
    prober.sequence = []
    seen: list[dict[str, Any]] = []
    step = prober.get(**walk_set.query, **{profile.limit.name: limit})
    pages, pointers = 1, set()
    while True:
        if step.listing is None:
            _refused(prober, step, pages)
            return
        _own_item(prober, step)
        seen += step.listing.items
        pointer = following(profile, step.listing)
        if pointer is None or (not walk_set.complete and len(seen) >= len(walk_set.items)):
            break
        if pointer in pointers:
            prober.fail(CURSOR_WALK, "Cursor walk loops", "a new cursor on every page", f"{pointer} again")
            break
        pointers.add(pointer)
        if pages >= MAX_PAGES:
            if walk_set.complete:
                prober.fail(
                    CURSOR_WALK,
                    "Cursor walk does not end",
                    f"the end of {len(walk_set.items)} items within {MAX_PAGES} pages of {limit}",
                    f"a next cursor after {pages} pages ({len(seen)} items)",
                )
            return
        step = prober.get(**walk_set.query, **{name: pointer, profile.limit.name: limit})
        pages += 1
    judge_walk(prober, CURSOR_WALK, "Cursor walk", walk_set, seen)


def _refused(prober: Prober, step: Exchange, pages: int) -> None:
    if pages == 1:
        return  # the first page is judged by the response checks
    prober.fail(
        CURSOR_WALK,
        "Next cursor is refused",
        "a list page for the cursor the previous page gave",
        f"HTTP {step.response.status_code}",
        steps=prober.sequence[-2:],
    )


def _own_item(prober: Prober, step: Exchange) -> None:
    name = prober.profile.id_cursor
    cursor = step.query.get(name) if name and prober.profile.style is ListStyle.ID_CURSOR else None
    if cursor is not None and step.listing and any(item.get("id") == cursor for item in step.listing.items):
        prober.fail(
            CURSOR_WALK,
            "Cursor walk returns the cursor's own item",
            f"only items after {name}={cursor}",
            f"{cursor} again",
            steps=prober.sequence[-2:],
        )


def large_walk(prober: Prober, reference: Exchange, pages: int) -> None:
    """From one large page, follow the pointer at the largest limit for a few pages: it is accepted, new, ends."""
    profile, name = prober.profile, cursor_param(prober.profile)
    if name is None or profile.limit is None or reference.listing is None:
        return
    prober.applied.add(CURSOR_WALK)
    prober.sequence = [prober.url(reference.query)]
    first = list(reference.listing.items)
    seen, pointers, step = list(first), set(), reference
    for _ in range(pages):
        assert step.listing is not None
        pointer = following(profile, step.listing)
        if pointer is None:
            break
        if pointer in pointers:
            prober.fail(CURSOR_WALK, "Cursor walk loops", "a new cursor on every page", f"{pointer} again")
            break
        pointers.add(pointer)
        step = prober.get(**{name: pointer, profile.limit.name: profile.limit.maximum or 100})
        if step.listing is None:
            _refused(prober, step, 2)
            return
        seen += step.listing.items
    # Items without an id are told apart by content: the first page says how often each may occur.
    if duplicates := repeated_ids(seen, first):
        prober.fail(
            CURSOR_WALK,
            "Cursor walk returns an item twice",
            "each item once",
            f"repeated ids {', '.join(duplicates[:5])}",
        )


def order_steps(prober: Prober, limit: int) -> dict[str, tuple[Exchange, Exchange]]:
    """For each `order` value: a first page and the page after its cursor (the response checks judge them, and
    `invariants.order_across_pages` the two together), by order value. The default order's two pages leave `limit`
    out, so the documented default limit is used too (`_full_before_more`), at no extra request."""
    profile, name = prober.profile, cursor_param(prober.profile)
    pages: dict[str, tuple[Exchange, Exchange]] = {}
    if name is None or profile.order is None or profile.limit is None:
        return pages
    for order in profile.order_values:
        sized = {} if order == _at_default_limit(profile) else {profile.limit.name: _tie_limit(prober, order, limit)}
        first = prober.get(**{profile.order: order}, **sized)
        pointer = following(profile, first.listing) if first.listing else None
        if pointer is not None:
            pages[order] = (first, prober.get(**{profile.order: order, name: pointer}, **sized))
            if not sized:
                _full_before_more(prober, *pages[order])
    return pages


def _tie_limit(prober: Prober, order: str, limit: int) -> int:
    """A page size that ends the first page inside a group of items tied on the order's field, in the large page of
    that order the orders step fetched (no request): ties are allowed, but the page after must not lose them. The
    walk's limit when no tie falls within the first WALK_SET_SIZE items."""
    large = prober.peek(**{str(prober.profile.order): order}, **largest(prober))
    items = large.listing.items if large is not None and large.listing is not None else []
    field = order.lstrip("-")
    values = [value_at(item, field) for item in items[: WALK_SET_SIZE + 1]]
    return next(
        (
            n
            for n in range(2, len(values))
            if values[n] is not None and values[n - 1] == values[n] and 2 * n <= len(items)
        ),
        limit,
    )


def _at_default_limit(profile: ListProfile) -> str | None:
    """The order value whose steps use the documented default limit (the default order, else the first value); none
    where the spec documents no default limit."""
    if profile.default_limit is None or not profile.order_values:
        return None
    return profile.default_order if profile.default_order in profile.order_values else profile.order_values[0]


def _full_before_more(prober: Prober, first: Exchange, second: Exchange) -> None:
    """A page without `limit` that a page with items follows holds the documented default number of items: "the
    maximum number of resources returned is determined by the limit" (listing.mdx), and more were there."""
    default = prober.profile.default_limit
    if default is None or first.listing is None or second.listing is None or not second.listing.items:
        return
    if len(first.listing.items) < default:
        prober.fail(
            CURSOR_WALK,
            "A page before the end holds fewer items than the default limit",
            f"{default} items (the documented default limit; the next page holds {len(second.listing.items)} more)",
            f"{len(first.listing.items)} items",
            steps=[prober.url(first.query), prober.url(second.query)],
        )


def unknown_cursor(prober: Prober, items: list[dict[str, Any]]) -> None:
    """A cursor the server never issued: 4xx (an id cursor may also give an empty list), never a 5xx or items."""
    profile, name = prober.profile, cursor_param(prober.profile)
    if name is None:
        return
    prober.applied.add(UNKNOWN_CURSOR)
    query: dict[str, Any] = {name: _unknown(profile, items)}
    v2 = profile.style is ListStyle.CURSOR
    if not v2 and profile.order and ID_ORDERS[0] in profile.order_values:
        # Beyond every id in ascending order: a server that positions by id rather than looking it up gives none.
        query[profile.order] = ID_ORDERS[0]
    exchange = prober.get(**query)
    status = exchange.response.status_code
    if 400 <= status < 500:
        return
    items_back = len(exchange.listing.items) if exchange.listing else None
    if not v2 and items_back == 0:
        return
    expected = "a 4xx" if v2 else "a 4xx or an empty list"
    received = f"HTTP {status}" + (f" with {items_back} items" if items_back else "")
    prober.fail(UNKNOWN_CURSOR, "Unknown cursor is not refused", expected, received, steps=[prober.sequence[-1]])


def _unknown(profile: ListProfile, items: list[dict[str, Any]]) -> str:
    if profile.style is ListStyle.CURSOR:
        return cursor_prefix(profile.cursor_pattern) + "f" * 24
    real = next((str(item["id"]) for item in items if isinstance(item.get("id"), str)), "")
    prefix = real[: real.rfind("_") + 1] if "_" in real else ""
    return prefix + "z" * max(24, len(real) - len(prefix))
