"""The date cursor walk (`starting_after`, ascending `created_at`): the set again, none at a cursor, none twice.

A timestamp cursor cannot tell tied items apart: an item sharing a cursor's instant may be skipped.
"""

from __future__ import annotations

from typing import Any

from conformance.checks.view import timestamp
from conformance.probes.prober import Prober
from conformance.probes.walks import CURSOR_WALK, MAX_PAGES, WalkSet, identity, repeated_ids
from conformance.timestamps import format_micros

BEFORE_OLDEST = 1000  # microseconds before the set's oldest item: a cursor that excludes none of it


def date_walk(prober: Prober, walk_set: WalkSet, limit: int) -> None:
    """Walk forward from just before the set's oldest item; every item of the set after that comes once."""
    profile = prober.profile
    if profile.date_cursor is None or "created_at" not in profile.ascending_cursor_orders or profile.limit is None:
        return
    stamps = [s for s in (timestamp(item, "created_at") for item in walk_set.items) if s is not None]
    if not stamps:
        return
    assert profile.order is not None
    prober.applied.add(CURSOR_WALK)
    prober.sequence = []
    start = format_micros(min(stamps) - BEFORE_OLDEST)
    cursors, seen, cursor = [start], [], start
    at_cursor: list[dict[str, Any]] = []
    ended = False
    # Past the set's own pages, a long list is not walked to its end.
    for _ in range(min(MAX_PAGES, len(walk_set.items) // limit + 3)):
        step = prober.get(
            **walk_set.query, **{profile.date_cursor: cursor, profile.order: "created_at", profile.limit.name: limit}
        )
        items = step.listing.items if step.listing else []
        seen += items
        at_cursor += [item for item in items if item.get("created_at") == cursor]
        last = items[-1].get("created_at") if items else None
        if not isinstance(last, str) or len(items) < limit or (step.listing and step.listing.has_more is False):
            ended = True
            break
        cursor = last
        cursors.append(cursor)
    _judge(prober, walk_set, seen, at_cursor, cursors, start, ended)


def _judge(
    prober: Prober,
    walk_set: WalkSet,
    seen: list[dict[str, Any]],
    at_cursor: list[dict[str, Any]],
    cursors: list[str],
    start: str,
    ended: bool,
) -> None:
    if repeated := repeated_ids(seen, walk_set.items):
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
    if not ended:
        return  # the walk stopped early (a long list): what it did not reach is not missing
    ids = {identity(item) for item in seen}
    wanted = {identity(item) for item in walk_set.items if item.get("created_at") not in cursors}
    missing = sorted(str(i) for i in wanted - ids)
    if missing:
        prober.fail(
            CURSOR_WALK,
            "Cursor walk misses items the page walk found",
            f"the {len(wanted)} items after {start} not tied with a cursor",
            f"{len(missing)} missing, e.g. {', '.join(missing[:5])}",
        )
