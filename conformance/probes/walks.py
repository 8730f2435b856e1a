"""The set a walk covers, and what every walk concludes from the items it collected.

The set is, by preference: the whole list when one large page shows all of it and it is small; else the newest
items after a `created_at[after]`-style bound; else a prefix of the list (the first items of one large page).
The walk's page size is chosen so that a page boundary falls inside a group of items sharing a timestamp: ties
are allowed, but must not break pagination.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from conformance.checks.view import ListResponse, next_token, timestamp
from conformance.probes.prober import Exchange, Prober
from conformance.profile import ListProfile

PAGE_WALK = "list_page_walk"
CURSOR_WALK = "list_cursor_walk"
WALK_SET_SIZE = 20
WALK_LIMITS = (3, 4, 5, 2)
MAX_PAGES = 30


@dataclass(frozen=True)
class WalkSet:
    """The query selecting the set, its items as one large page returns them, and whether that is all of it."""

    query: dict[str, str]
    items: list[dict[str, Any]]
    complete: bool
    description: str
    # The one large page, for its `total`.
    full: ListResponse


def largest(prober: Prober) -> dict[str, Any]:
    """The query that asks for one page as large as the spec allows."""
    limit = prober.profile.limit
    return {limit.name: limit.maximum or 100} if limit else {}


def shows_everything(profile: ListProfile, listing: ListResponse) -> bool:
    """One page holds the whole set: the body says nothing more follows, or the page is not full."""
    if listing.has_more is not None:
        return not listing.has_more
    if listing.total is not None:
        return listing.total <= len(listing.items)
    if profile.next_cursor:
        return next_token(profile, listing.body) is None
    limit = profile.limit.maximum if profile.limit else None
    return limit is not None and len(listing.items) < limit


def walk_set(prober: Prober, reference: Exchange, size: int | None = None) -> WalkSet | None:
    """The set to walk, fetched as one large page; None when the list cannot be read."""
    size = size or WALK_SET_SIZE
    listing = reference.listing
    if listing is None:
        return None
    if shows_everything(prober.profile, listing) and len(listing.items) <= size:
        return WalkSet({}, listing.items, True, f"the whole list ({len(listing.items)} items)", listing)
    bounded = _newest_after_bound(prober, listing.items, size)
    if bounded is not None:
        return bounded
    prefix = listing.items[:size]
    return WalkSet({}, prefix, False, f"the first {len(prefix)} items of a longer list", listing)


def whole_set(prober: Prober, chosen: WalkSet | None, reference: Exchange) -> WalkSet | None:
    """A set one page shows whole: the walk's when it is complete, else the reference page when it holds the list."""
    if chosen is not None and chosen.complete:
        return chosen
    listing = reference.listing
    if listing is None or not listing.items or not shows_everything(prober.profile, listing):
        return None
    return WalkSet({}, listing.items, True, f"the whole list ({len(listing.items)} items)", listing)


def _newest_after_bound(prober: Prober, items: list[dict[str, Any]], size: int) -> WalkSet | None:
    after = next(
        (n for n, (field, side) in prober.profile.date_bounds.items() if field == "created_at" and side == "after"),
        None,
    )
    stamped = [item for item in items if timestamp(item, "created_at") is not None]
    if after is None or len(stamped) <= size:
        return None
    newest = sorted(stamped, key=lambda item: timestamp(item, "created_at") or 0, reverse=True)
    query = {after: str(newest[size]["created_at"])}
    full = prober.get(**query, **largest(prober))
    if full.listing is None or not shows_everything(prober.profile, full.listing):
        return None
    count = len(full.listing.items)
    return WalkSet(query, full.listing.items, True, f"the {count} items after {query[after]}", full.listing)


def identity(item: dict[str, Any]) -> str:
    """An item's id; for lists whose items have none, the item itself."""
    value = item.get("id")
    return str(value) if isinstance(value, str | int) else json.dumps(item, sort_keys=True, default=str)


def repeated_ids(items: Sequence[dict[str, Any]], reference: Sequence[dict[str, Any]] = ()) -> list[str]:
    """Items that occur more often than in the reference (at most once if it has them once), sorted."""
    counts, allowed = Counter(map(identity, items)), Counter(map(identity, reference))
    return sorted(key[:60] for key, count in counts.items() if count > max(1, allowed[key]))


def pick_limit(items: list[dict[str, Any]]) -> int:
    """A page size that puts a page boundary between two items with equal created_at, when there are any."""
    stamps = [item.get("created_at") for item in items]
    for limit in WALK_LIMITS:
        if any(stamps[i - 1] == stamps[i] and stamps[i] is not None for i in range(limit, len(stamps), limit)):
            return limit
    return WALK_LIMITS[0]


def judge_walk(prober: Prober, check: str, how: str, walk_set: WalkSet, seen: list[dict[str, Any]]) -> None:
    """Each item once; all of the set (or of its prefix) found; as many distinct items as `total` says."""
    if seen and not walk_set.full.items:
        prober.fail(
            check,
            f"{how} finds items one large page does not show",
            "the items of the walk in one large page too",
            f"an empty large page, and {len(seen)} items over the walk",
        )
    # A prefix's last page may reach past it: only as many items as the prefix holds are compared.
    compared = seen if walk_set.complete else seen[: len(walk_set.items)]
    if duplicates := repeated_ids(compared, walk_set.items):
        prober.fail(
            check, f"{how} returns an item twice", "each item once", f"repeated ids {', '.join(duplicates[:5])}"
        )
    expected = [identity(item) for item in walk_set.items]
    found = {identity(item) for item in compared}
    missing = [i for i in expected if i not in found]
    if missing and not duplicates:
        prober.fail(
            check,
            f"{how} skips items",
            f"the {len(expected)} items of one large page ({walk_set.description})",
            f"{len(missing)} never appear, e.g. {', '.join(m[:60] for m in missing[:5])}",
        )
    total = walk_set.full.total
    distinct = len({identity(item) for item in seen})
    if walk_set.complete and total is not None and distinct != total and not missing and not duplicates:
        prober.fail(check, f"{how} disagrees with total", f"{total} distinct items (total)", f"{distinct} items")
