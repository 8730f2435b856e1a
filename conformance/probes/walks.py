"""Multi-request probes: a page walk and a cursor walk over one small filtered set.

The set is the newest items after a `created_at[after]`-style bound, about WALK_SET_SIZE of them. The walk's
page size is chosen so that a page boundary falls inside a group of items sharing a timestamp: ties are
allowed, but must not break pagination.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from conformance.checks.view import timestamp
from conformance.probes.prober import Exchange, Prober

PAGE_WALK = "list_page_walk"
CURSOR_WALK = "list_cursor_walk"
WALK_SET_SIZE = 20
WALK_LIMITS = (3, 4, 5, 2)
MAX_PAGES = 30


def walk_filter(
    prober: Prober, reference: Exchange, size: int | None = None
) -> tuple[dict[str, str], list[dict[str, Any]]] | None:
    """A filter that selects the newest `size` (default WALK_SET_SIZE) items, and those items, newest first."""
    size = size or WALK_SET_SIZE
    profile = prober.profile
    after = next(
        (name for name, (field, side) in profile.date_bounds.items() if field == "created_at" and side == "after"), None
    )
    items = reference.listing.items if reference.listing else []
    if after is None or len(items) <= size:
        return None
    newest = sorted(items, key=lambda item: timestamp(item, "created_at") or 0, reverse=True)
    bound = newest[size]["created_at"]
    return {after: bound}, newest[:size]


def repeated_ids(items: list[dict[str, Any]]) -> list[str]:
    """Ids that occur more than once, sorted."""
    ids = Counter(str(item.get("id")) for item in items)
    return sorted(key for key, count in ids.items() if count > 1)


def pick_limit(items: list[dict[str, Any]]) -> int:
    """A page size that puts a page boundary between two items with equal created_at, when there are any."""
    stamps = [item.get("created_at") for item in items]
    for limit in WALK_LIMITS:
        if any(stamps[i - 1] == stamps[i] for i in range(limit, len(stamps), limit)):
            return limit
    return WALK_LIMITS[0]


def page_walk(prober: Prober, query: dict[str, str], limit: int) -> list[dict[str, Any]] | None:
    """Walk every page of the filtered set; each item once, no gaps, union = total, empty past the end."""
    profile = prober.profile
    if profile.limit is None or profile.page is None:
        return None
    prober.applied.add(PAGE_WALK)
    prober.sequence = []
    full = prober.get(**query, **{profile.limit.name: profile.limit.maximum or 100})
    if full.listing is None:
        return None
    expected = {item.get("id") for item in full.listing.items}
    seen: list[dict[str, Any]] = []
    page = 1
    last: Exchange | None = None
    while page <= MAX_PAGES:
        last = prober.get(**query, **{profile.limit.name: limit, profile.page.name: page})
        if last.listing is None or not last.listing.items:
            break
        seen += last.listing.items
        if len(last.listing.items) < limit or last.listing.has_more is False:
            break
        page += 1
    ids = [item.get("id") for item in seen]
    if duplicates := repeated_ids(seen):
        prober.fail(
            PAGE_WALK,
            "Page walk returns an item twice",
            f"each item once across pages of {limit}",
            f"repeated ids {', '.join(duplicates[:5])}",
        )
    missing = sorted(str(i) for i in expected - set(ids))
    if missing:
        prober.fail(
            PAGE_WALK,
            "Page walk skips items",
            f"the {len(expected)} items of the one-page listing",
            f"{len(missing)} never appear, e.g. {', '.join(missing[:5])}",
        )
    total = full.listing.total
    if total is not None and len(set(ids)) != total and not missing and not duplicates:
        prober.fail(
            PAGE_WALK,
            "Page walk disagrees with total",
            f"{total} distinct items (total)",
            f"{len(set(ids))} distinct items over {page} pages",
        )
    if last is not None and last.listing is not None and last.listing.items and last.listing.has_more is True:
        prober.fail(PAGE_WALK, "Last page says has_more", "has_more=false on the last page", "has_more=true")
    beyond = prober.get(**query, **{profile.limit.name: limit, profile.page.name: page + 1})
    if beyond.listing is not None and beyond.listing.items and page + 1 <= (profile.page.maximum or MAX_PAGES):
        prober.fail(
            PAGE_WALK,
            "Page past the end is not empty",
            f"no items on page {page + 1}",
            f"{len(beyond.listing.items)} items",
        )
    return full.listing.items


def cursor_walk(prober: Prober, query: dict[str, str], start: str, limit: int, expected: list[dict[str, Any]]) -> None:
    """Walk forward with the date cursor (ascending order): same items as the page walk, none at a cursor."""
    profile = prober.profile
    if profile.date_cursor is None or "created_at" not in profile.ascending_cursor_orders or profile.limit is None:
        return
    prober.applied.add(CURSOR_WALK)
    assert profile.order is not None
    prober.sequence = []
    cursors, seen, cursor = [start], [], start
    at_cursor: list[dict[str, Any]] = []
    for _ in range(MAX_PAGES):
        step = prober.get(**{profile.date_cursor: cursor, profile.order: "created_at", profile.limit.name: limit})
        if step.listing is None or not step.listing.items:
            break
        seen += step.listing.items
        at_cursor += [item for item in step.listing.items if item.get("created_at") == cursor]
        last = step.listing.items[-1].get("created_at")
        if not isinstance(last, str) or len(step.listing.items) < limit or step.listing.has_more is False:
            break
        cursor = last
        cursors.append(cursor)
    ids = [item.get("id") for item in seen]
    if repeated := repeated_ids(seen):
        prober.fail(
            CURSOR_WALK,
            "Cursor walk repeats items",
            "each item once, none at the cursor",
            f"repeated ids {', '.join(repeated[:5])}",
        )
    if at_cursor:
        prober.fail(
            CURSOR_WALK,
            "Cursor walk returns the item at the cursor",
            "items strictly after each cursor",
            f"id {at_cursor[0].get('id')} with created_at={at_cursor[0].get('created_at')} (a cursor)",
        )
    # A timestamp cursor cannot tell tied items apart: one sharing a cursor's instant may be skipped.
    wanted = {item.get("id") for item in expected if item.get("created_at") not in cursors}
    missing = sorted(str(i) for i in wanted - set(ids))
    if missing:
        prober.fail(
            CURSOR_WALK,
            "Cursor walk misses items the page walk found",
            f"the {len(wanted)} items after {start} not tied with a cursor",
            f"{len(missing)} missing, e.g. {', '.join(missing[:5])}",
        )
