"""Filtering then walking equals walking then filtering: a date filter at the middle of a set one page shows whole,
walked page by page at the walk's limit, gives the items of that set the filter selects, each once, and no other.

A server that cuts each page from the unfiltered list and filters it after gives short pages and loses items; one
whose next page drops the filter gives items the filter excludes. The walk sends at most one page more than the
filtered items fill (a correct server has given them all by then), so a faulty server cannot make it long.
"""

from __future__ import annotations

import math
from typing import Any

from conformance.checks.view import timestamp
from conformance.probes.id_walk import cursor_param, following
from conformance.probes.instants import instant_filters
from conformance.probes.invariants import EQUIVALENT
from conformance.probes.prober import Prober
from conformance.probes.walks import WalkSet, identity
from conformance.profile import ListStyle

TITLE = "Filtering then walking differs from walking then filtering"


def filtered_walk(prober: Prober, whole: WalkSet | None, limit: int) -> None:
    """Walk the set under a date filter at its middle item and compare with the set filtered here. As many requests
    as the filtered items fill pages at `limit`, plus one."""
    profile = prober.profile
    if whole is None or profile.limit is None or len(whole.items) < 2:
        return
    chosen = _filter(prober, whole.items, limit)
    if chosen is None:
        return
    name, value, selected, tied = chosen
    query = {**whole.query, name: value, profile.limit.name: limit}
    pages = math.ceil((len(selected) + len(tied)) / limit) + 1
    seen, paged = _walk(prober, query, limit, pages)
    if seen is None:
        return
    prober.applied.add(EQUIVALENT)
    allowed = {identity(item) for item in [*selected, *tied]}
    found = [identity(item) for item in seen]
    outside = [key for key in dict.fromkeys(found) if key not in allowed]
    wanted = [identity(item) for item in selected]
    missing = [key for key in wanted if key not in found] if paged else []
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
            f"the {len(wanted)} items of {whole.description} with {name}={value} (and any at that instant), "
            f"{'page by page' if paged else 'the first of them'} at {profile.limit.name}={limit}",
            "; ".join(part for part in received if part),
            steps=prober.sequence[-pages:],
        )


def _filter(prober: Prober, items: list[dict[str, Any]], limit: int) -> tuple[str, str, list[Any], list[Any]] | None:
    """A date filter and its value at the set's middle item, the items it surely selects and those at its instant.
    Of the list's filters, the one whose selection shares the fewest items with the set's first page: a server that
    filters each page after cutting it then returns the fewest."""
    best: tuple[int, tuple[str, str, list[Any], list[Any]]] | None = None
    for name, field, side in (parameter for style in instant_filters(prober) for parameter in style):
        stamped = sorted((s, i) for i, item in enumerate(items) if (s := timestamp(item, field)) is not None)
        if len(stamped) < 2 or not isinstance(value := items[stamped[len(stamped) // 2][1]].get(field), str):
            continue
        middle = stamped[len(stamped) // 2][0]
        inside = [items[i] for s, i in stamped if (s > middle if side == "after" else s < middle)]
        tied = [items[i] for s, i in stamped if s == middle]
        if not inside:
            continue
        shared = len({identity(i) for i in inside} & {identity(i) for i in items[:limit]})
        if best is None or shared < best[0]:
            best = (shared, (name, value, inside, tied))
    return best[1] if best else None


def _walk(prober: Prober, query: dict[str, Any], limit: int, pages: int) -> tuple[list[dict[str, Any]] | None, bool]:
    """The items of at most `pages` pages from the first (None: the first is not a list page), and whether the list
    pages at all."""
    profile = prober.profile
    name = cursor_param(profile)
    pointer_style = profile.style in (ListStyle.ID_CURSOR, ListStyle.CURSOR) and name is not None
    paged = profile.page is not None or pointer_style
    step = prober.get(**query, **({profile.page.name: 1} if profile.page else {}))
    if step.listing is None:
        return None, paged  # a refusal is the filter probe's (`list_filter_finds`)
    seen: list[dict[str, Any]] = []
    for number in range(2, pages + 2):
        if step.listing is None:
            break
        seen += step.listing.items
        if not paged or number > pages or len(step.listing.items) < limit or step.listing.has_more is False:
            break
        if profile.page is not None:
            step = prober.get(**query, **{profile.page.name: number})
        elif (pointer := following(profile, step.listing)) is not None:
            step = prober.get(**query, **{str(name): pointer})
        else:
            break
    return seen, paged
