"""Filtering then walking equals walking then filtering: a date filter at the middle of a set one page shows whole,
walked page by page at the walk's limit, gives the items of that set the filter selects, each once, and no other.

A server that cuts each page from the unfiltered list and filters it after gives short pages and loses items; one
whose next page drops the filter gives items the filter excludes. The walk sends at most one page more than the
filtered items fill (a correct server has given them all by then), so a faulty server cannot make it long; items
are missing only if the walk reached the list's end.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

from conformance.checks.view import timestamp
from conformance.probes.id_walk import cursor_param, following
from conformance.probes.instants import instant_filters
from conformance.probes.invariants import EQUIVALENT
from conformance.probes.prober import Exchange, Prober
from conformance.probes.walks import WalkSet, identity
from conformance.profile import ListStyle

TITLE = "Filtering then walking differs from walking then filtering"
# The most items the filter selects out of the set: the walk then takes a few pages at the walk's limit.
SELECTED = 10


def filtered_walk(prober: Prober, whole: WalkSet | None, reference: Exchange, limit: int) -> None:
    """Walk a set under a date filter and compare with the set filtered here. As many requests as the filtered items
    fill pages at `limit`, plus one. The set is one a page shows whole, else the reference page, where a filter
    qualifies only if the page leads with the items it selects (sorted on its field, they are all there)."""
    profile = prober.profile
    if profile.limit is None or reference.listing is None:
        return
    items, query, description = (
        (whole.items, whole.query, whole.description)
        if whole is not None
        else (reference.listing.items, {}, f"the first {len(reference.listing.items)} items of a longer list")
    )
    chosen = _filter(prober, items, whole is not None, limit)
    if chosen is None:
        return
    name, value, selected, tied = chosen
    query = {**query, name: value, **_trailing(prober, name), profile.limit.name: str(limit)}
    pages, sent = math.ceil((len(selected) + len(tied)) / limit) + 1, len(prober.sequence)
    seen, ended = _walk(prober, query, limit, pages)
    if seen is None:
        return
    prober.applied.add(EQUIVALENT)
    paged = profile.page is not None or profile.style in (ListStyle.ID_CURSOR, ListStyle.CURSOR)
    allowed = {identity(item) for item in [*selected, *tied]}
    found = [identity(item) for item in seen]
    outside = [key for key in dict.fromkeys(found) if key not in allowed]
    wanted = [identity(item) for item in selected]
    # Only a walk that reached the end has shown every item; one page of a list that does not page, its first ones.
    missing = [key for key in wanted if key not in found] if paged and ended else []
    short = not paged and len([key for key in found if key in allowed]) < min(limit, len(wanted))
    if outside or missing or short:
        received = [
            f"{len(missing)} missing, e.g. {', '.join(m[:40] for m in missing[:3])}" if missing else "",
            f"{len(outside)} the filter excludes, e.g. {', '.join(o[:40] for o in outside[:3])}" if outside else "",
            f"{len(seen)} items on the one page" if short else "",
        ]
        prober.fail(
            EQUIVALENT,
            TITLE,
            f"the {len(wanted)} items of {description} with {name}={value} (and any at that instant), "
            f"{'page by page' if paged else 'the first of them'} at {profile.limit.name}={limit}",
            "; ".join(part for part in received if part),
            steps=prober.sequence[sent:],
        )


def _filter(
    prober: Prober, items: list[dict[str, Any]], complete: bool, limit: int
) -> tuple[str, str, list[Any], list[Any]] | None:
    """A date filter, its value at an item of the set, the items it surely selects (at most `SELECTED`) and those at
    its instant. Of the list's filters, one whose selection the walk's order puts last (`_trailing`), else the one
    whose selection shares the fewest items with the set's first page: a server that filters each page after cutting
    it then returns the fewest."""
    best: tuple[int, tuple[str, str, list[Any], list[Any]]] | None = None
    for name, field, side in (parameter for style in instant_filters(prober) for parameter in style):
        stamps = [timestamp(item, field) for item in items]
        # On part of a list, every item must show where it lies; on a whole set, one without a value may come or not.
        if (not complete and (None in stamps or not _leads(stamps, side))) or len(items) < 2:
            continue
        ranked = sorted((i for i in range(len(items)) if stamps[i] is not None), key=lambda i: stamps[i] or 0)
        if len(ranked) < 2:
            continue
        ranked = ranked[::-1] if side == "after" else ranked
        bound = ranked[min(len(ranked) // 2, SELECTED)]
        middle, value = stamps[bound], items[bound].get(field)
        if not isinstance(value, str):
            continue
        inside = [item for item, s in zip(items, stamps, strict=True) if s is not None and _beyond(s, middle, side)]
        tied = [item for item, s in zip(items, stamps, strict=True) if s is None or s == middle]
        if not inside:
            continue
        shared = (
            0 if _trailing(prober, name) else len({identity(i) for i in inside} & set(map(identity, items[:limit])))
        )
        if best is None or shared < best[0]:
            best = (shared, (name, value, inside, tied))
    return best[1] if best else None


def _beyond(stamp: int, middle: int | None, side: str) -> bool:
    return middle is not None and (stamp > middle if side == "after" else stamp < middle)


def _leads(stamps: list[int | None], side: str) -> bool:
    """The page is sorted so that the items the filter selects come first: then it holds all of them."""
    present = [s for s in stamps if s is not None]
    pairs = list(itertools.pairwise(present))
    return all(a >= b for a, b in pairs) if side == "after" else all(a <= b for a, b in pairs)


def _trailing(prober: Prober, name: str) -> dict[str, str]:
    """The `order` value that puts what a filter selects last (`created_at` for an `after` bound), when the list
    has it: a server that filters each page after cutting it from the whole list then shows it on the first page."""
    profile = prober.profile
    match = next(((f, side) for style in instant_filters(prober) for n, f, side in style if n == name), None)
    if profile.order is None or match is None:
        return {}
    value = match[0] if match[1] == "after" else f"-{match[0]}"
    return {profile.order: value} if value in profile.order_values else {}


def _walk(prober: Prober, query: dict[str, Any], limit: int, pages: int) -> tuple[list[dict[str, Any]] | None, bool]:
    """The items of at most `pages` pages from the first (None: the first is not a list page), and whether the walk
    reached the list's end (a short page, no more, no pointer; a list that does not page ends on its first)."""
    profile = prober.profile
    name = cursor_param(profile)
    pointer_style = profile.style in (ListStyle.ID_CURSOR, ListStyle.CURSOR) and name is not None
    step = prober.get(**query, **({profile.page.name: 1} if profile.page else {}))
    if step.listing is None:
        return None, False  # a refusal is the filter probe's (`list_filter_finds`)
    seen: list[dict[str, Any]] = []
    for number in range(2, pages + 2):
        listing = step.listing
        if listing is None:
            return seen, False
        seen += listing.items
        if len(listing.items) < limit or listing.has_more is False:
            return seen, True
        if number > pages:
            return seen, False
        if profile.page is not None:
            step = prober.get(**query, **{profile.page.name: number})
        elif pointer_style and (pointer := following(profile, listing)) is not None:
            step = prober.get(**query, **{str(name): pointer})
        else:
            return seen, True
    return seen, False
