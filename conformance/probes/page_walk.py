"""The page walk (`page` and `limit`): each item once, none skipped, `has_more` false at the end, empty past it."""

from __future__ import annotations

from typing import Any

from conformance.probes.prober import Exchange, Prober
from conformance.probes.walks import MAX_PAGES, PAGE_WALK, WalkSet, judge_walk


def page_walk(prober: Prober, walk_set: WalkSet, limit: int) -> None:
    """Walk the set page by page (a prefix: only as far as it reaches) and compare it with one large page."""
    profile = prober.profile
    if profile.limit is None or profile.page is None:
        return
    prober.applied.add(PAGE_WALK)
    prober.sequence = []
    last_page = min(MAX_PAGES, profile.page.maximum or MAX_PAGES)
    seen: list[dict[str, Any]] = []
    page, last = 1, None
    ended = False
    while page <= last_page:
        last = prober.get(**walk_set.query, **{profile.limit.name: limit, profile.page.name: page})
        items = last.listing.items if last.listing else []
        seen += items
        ended = not items or len(items) < limit or (last.listing is not None and last.listing.has_more is False)
        if ended or (not walk_set.complete and len(seen) >= len(walk_set.items)):
            break
        page += 1
    judge_walk(prober, PAGE_WALK, "Page walk", walk_set, seen)
    if walk_set.complete and ended:
        _end(prober, walk_set, limit, page, last)


def _end(prober: Prober, walk_set: WalkSet, limit: int, page: int, last: Exchange | None) -> None:
    profile = prober.profile
    assert profile.limit is not None and profile.page is not None
    if last is not None and last.listing is not None and last.listing.items and last.listing.has_more is True:
        prober.fail(PAGE_WALK, "Last page says has_more", "has_more=false on the last page", "has_more=true")
    if page + 1 > (profile.page.maximum or MAX_PAGES):
        return
    beyond = prober.get(**walk_set.query, **{profile.limit.name: limit, profile.page.name: page + 1})
    if beyond.listing is not None and beyond.listing.items:
        prober.fail(
            PAGE_WALK,
            "Page past the end is not empty",
            f"no items on page {page + 1}",
            f"{len(beyond.listing.items)} items",
        )
