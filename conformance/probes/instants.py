"""The same instant written in another valid RFC 3339 form (another UTC offset) selects the same items, for every
style of date filter the listing docs give: a `created_at[after]`-style bound, a condition of the `filters` object
(`filters[created_at][conditions][$after]`), and a `start_date`/`end_date` range.

A server that reads the wall-clock time and drops the offset selects other items: the offset is chosen so that the
wall clock moves past the item nearest the bound.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from conformance.checks.meaning import read_meaning
from conformance.documents import value_at
from conformance.probes.filtering import RANGE_SIDES
from conformance.probes.invariants import EQUIVALENT
from conformance.probes.prober import Prober
from conformance.probes.walks import WalkSet, identity, largest
from conformance.timestamps import parse_rfc3339

MAX_OFFSET_MINUTES = 23 * 60 + 59  # RFC 3339 offsets run to ±23:59
CONDITION_SIDES = {"$after": "after", "$before": "before"}


def instant_filters(prober: Prober) -> list[list[tuple[str, str, str]]]:
    """Per style of date filter the list has: its parameters as (name, item field, side), bounds first."""
    profile = prober.profile
    bounds = [(name, field, side) for name, (field, side) in profile.date_bounds.items()]
    spec = profile.filters
    conditions = (
        [
            (f"{spec.name}[{field}][conditions][{condition}]", field, side)
            for field, held in spec.dates.items()
            for condition, side in CONDITION_SIDES.items()
            if condition in held
        ]
        if spec
        else []
    )
    meaning = read_meaning(prober.operation.schema.raw_schema, profile)
    ranges = [(name, field, RANGE_SIDES[side]) for name, (field, side) in meaning.ranges.items()]
    return [style for style in (bounds, conditions, ranges) if style]


def other_instant(prober: Prober, walk_set: WalkSet | None, items: list[dict[str, Any]]) -> None:
    """Per style of date filter: the bound written at another offset selects the same items as in UTC. One request
    when the walk set is selected by it, else two (the bound at a reference item's instant, in UTC and at the
    offset)."""
    for style in instant_filters(prober):
        _same_instant(prober, style, walk_set, items)


def _same_instant(
    prober: Prober, style: list[tuple[str, str, str]], walk_set: WalkSet | None, items: list[dict[str, Any]]
) -> None:
    bound = next(((n, f) for n, f, _side in style if walk_set and n in walk_set.query), None)
    if bound is not None and walk_set is not None:
        name, field = bound
        query, baseline = dict(walk_set.query), walk_set.full.items
        first_url = prober.url({**query, **largest(prober)})
    else:
        found = next(((n, f) for n, f, _side in style if items and f in items[0]), None)
        middle = items[len(items) // 2] if items else {}
        if found is None or not isinstance(middle.get(found[1]), str):
            return
        name, field = found
        query = {name: str(middle[field])}
        first = prober.get(**query, **largest(prober))
        if first.listing is None:
            return
        baseline, first_url = first.listing.items, prober.sequence[-1]
    moment = parse_rfc3339(query[name])
    if moment is None:
        return
    written = at_offset(moment, offset(moment, [value_at(i, field) for i in items]))
    again = prober.get(**{**query, name: written}, **largest(prober))
    if again.listing is None:
        return
    prober.applied.add(EQUIVALENT)
    wanted, got = {identity(i) for i in baseline}, {identity(i) for i in again.listing.items}
    if wanted != got:
        prober.fail(
            EQUIVALENT,
            f"`{name}` selects other items when the instant is written at another offset",
            f"the {len(wanted)} items of {name}={query[name]} for {name}={written} (the same instant)",
            f"{len(got - wanted)} more, {len(wanted - got)} fewer",
            steps=[first_url, prober.sequence[-1]],
        )


def offset(moment: int, values: list[Any]) -> int:
    """Minutes of offset that move the wall-clock time past the item nearest the bound: a server that read the
    wall clock as UTC would then select differently (-: an item before the bound, +: one after it)."""
    stamps = [s for s in (parse_rfc3339(v) for v in values if isinstance(v, str)) if s is not None and s != moment]
    if not stamps:
        return -MAX_OFFSET_MINUTES
    nearest = min(stamps, key=lambda s: abs(s - moment))
    minutes = min(abs(nearest - moment) // 60_000_000 + 1, MAX_OFFSET_MINUTES)
    return minutes if nearest > moment else -minutes


def at_offset(micros: int, minutes: int) -> str:
    """The instant in RFC 3339 at an offset of `minutes` (`2024-01-01T10:00:00.000-02:30`)."""
    zone = dt.timezone(dt.timedelta(minutes=minutes))
    moment = dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=micros)
    local = moment.astimezone(zone)
    sign, rest = ("-" if minutes < 0 else "+"), abs(minutes)
    return (
        local.strftime("%Y-%m-%dT%H:%M:%S.") + f"{local.microsecond // 1000:03d}{sign}{rest // 60:02d}:{rest % 60:02d}"
    )
