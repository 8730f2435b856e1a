"""The ends of a list: its last page, reached directly, says there is no more, and the page after it is empty and says
so; the largest documented page and limit together answer 2xx.

The last page is reached from `total` and `limit` where the list has both and pages (a limit that divides `total`, so
that the last page is exactly full, the case an off-by-one `has_more` gets wrong); else, over a set one page shows
whole, with a limit equal to its size (the first page is then the last). A page that says there is more is followed
once: only an empty page after it shows that it said so wrongly. Two requests at most, and one for the largest page.
"""

from __future__ import annotations

from typing import Any

from conformance.checks.view import ListResponse
from conformance.probes.id_walk import cursor_param, following
from conformance.probes.prober import Exchange, Prober
from conformance.probes.walks import WalkSet
from conformance.profile import ListStyle

LAST_PAGE = "list_last_page"
LARGEST = "list_largest_page"


def last_page(prober: Prober, walk_set: WalkSet | None, reference: Exchange | None) -> None:
    """The exactly full last page says no more; the page after it is empty and says so (`walk_set`: a whole set)."""
    profile = prober.profile
    if profile.limit is None or walk_set is None:
        return
    direct = _from_total(prober, walk_set, reference)
    if direct is not None:
        query, page = direct
        last = prober.get(**query, **{profile.page.name: page} if profile.page else {})
        after: dict[str, Any] | None = {**query, profile.page.name: page + 1} if profile.page else None
    elif walk_set.complete and 1 < len(walk_set.items) <= (profile.limit.maximum or 100):
        query = {**walk_set.query, profile.limit.name: len(walk_set.items)}
        last = prober.get(**query)
        after = {**query, profile.page.name: 2} if profile.page else _next_query(prober, walk_set.query, last)
    else:
        return
    if last.listing is None:
        return
    prober.applied.add(LAST_PAGE)
    more = _says_more(prober, last.listing)
    if after is None or (not more and profile.page is None):
        return
    if (
        profile.page is not None
        and profile.page.maximum is not None
        and after[profile.page.name] > profile.page.maximum
    ):
        return
    beyond = prober.get(**after)
    if beyond.listing is None:
        return
    if beyond.listing.items:
        if profile.page is not None and not more:
            prober.fail(LAST_PAGE, "Page after the last is not empty", "no items", f"{len(beyond.listing.items)} items")
        return  # a page that said more, and had more: the set grew, or was not whole
    if more:
        prober.fail(LAST_PAGE, "Last page says there is more", "no more after an exactly full last page", _said(last))
    if _says_more(prober, beyond.listing):
        prober.fail(
            LAST_PAGE, "Empty page after the last says there is more", "no more on an empty page", _said(beyond)
        )


def _from_total(prober: Prober, walk_set: WalkSet, reference: Exchange | None) -> tuple[dict[str, Any], int] | None:
    """A query and the page number of its exactly full last page, from a `total` and a limit that divides it."""
    profile = prober.profile
    if profile.page is None or profile.limit is None:
        return None
    candidates = [(walk_set.query, walk_set.full.total)]
    if reference is not None and reference.listing is not None:
        candidates.append(({}, reference.listing.total))
    low, high = profile.limit.minimum or 1, profile.limit.maximum or 100
    pages = profile.page.maximum or 100
    for query, total in candidates:
        if total is None or total < 2:
            continue
        for limit in range(min(high, total // 2), low - 1, -1):
            if total % limit == 0 and total // limit <= pages:
                return {**query, profile.limit.name: limit}, total // limit
    return None


def _next_query(prober: Prober, query: dict[str, Any], last: Exchange) -> dict[str, Any] | None:
    profile = prober.profile
    if last.listing is None or profile.limit is None:
        return None
    name = cursor_param(profile)
    pointer = following(profile, last.listing) if profile.style in (ListStyle.ID_CURSOR, ListStyle.CURSOR) else None
    if name is not None and pointer is not None:
        return {**query, name: pointer, profile.limit.name: len(last.listing.items)}
    return None


def _says_more(prober: Prober, listing: ListResponse) -> bool:
    """The page says more follows: has_more, more_starting_after or cursor.next."""
    if listing.has_more is True:
        return True
    profile = prober.profile
    return profile.style in (ListStyle.ID_CURSOR, ListStyle.CURSOR) and following(profile, listing) is not None


def _said(exchange: Exchange) -> str:
    listing = exchange.listing
    assert listing is not None
    more = f"has_more={listing.has_more}" if listing.has_more is not None else "a next cursor"
    return f"{len(listing.items)} items with {more}"


def largest_page(prober: Prober) -> None:
    """The largest documented page and limit together: a 2xx (likely an empty page), never a refusal or an error."""
    profile = prober.profile
    if profile.page is None or profile.limit is None or profile.page.maximum is None or profile.limit.maximum is None:
        return
    prober.applied.add(LARGEST)
    exchange = prober.get(**{profile.page.name: profile.page.maximum, profile.limit.name: profile.limit.maximum})
    status = exchange.response.status_code
    if not 200 <= status < 300:
        prober.fail(
            LARGEST,
            "The largest documented page and limit are not answered",
            f"HTTP 2xx for {profile.page.name}={profile.page.maximum}&{profile.limit.name}={profile.limit.maximum}",
            f"HTTP {status}",
            steps=[prober.sequence[-1]],
        )
