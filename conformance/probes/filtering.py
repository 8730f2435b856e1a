"""Each filter once, with a value taken from a real item, so that the response check `list_filters` has items to judge.

A filter value taken from an item must find it (`list_filter_finds`): the answer is a 2xx, and the item comes back,
unless a full page with more to follow leaves no room for it. A text filter the spec's words call exact
(`checks/meaning.py`) is also sent a fragment of a real value: a server that matches substrings then returns items the
exact filter must not. Filters that cannot be probed, and what the profile reads but nothing checks, are reported as
not checked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft4Validator, Draft202012Validator

from conformance.checks.meaning import FilterMeaning, read_meaning
from conformance.checks.view import timestamp
from conformance.documents import value_at
from conformance.openapi import bundle
from conformance.probes.prober import Exchange, Prober
from conformance.probes.walks import largest, shows_everything

FILTERS = "list_filters"
FINDS = "list_filter_finds"
RANGE_SIDES = {"start": "after", "end": "before"}  # start_date / end_date, as bounds


@dataclass(frozen=True)
class Probe:
    """One filter request, and the item it must find (None: no item is sure to match, as with a fragment)."""

    query: dict[str, str]
    name: str
    finds: dict[str, Any] | None


def probe_filters(prober: Prober, items: list[dict[str, Any]]) -> None:
    """One request per filter (two for an exact text filter), at the largest page."""
    meaning = read_meaning(prober.operation.schema.raw_schema, prober.profile)
    probes = [*_text(prober, meaning, items), *_dates(prober, meaning, items), *_conditions(prober, items)]
    for probe in probes:
        exchange = prober.get(**probe.query, **largest(prober))
        if probe.finds is not None:
            _judge_finds(prober, probe, probe.finds, exchange)
    cursor = prober.profile.date_cursor
    if cursor and items and isinstance(items[len(items) // 2].get("created_at"), str):
        prober.get(**{cursor: items[len(items) // 2]["created_at"]})
    _report_unchecked(prober, meaning)


def _judge_finds(prober: Prober, probe: Probe, wanted: dict[str, Any], exchange: Exchange) -> None:
    """The item the value came from comes back, on a 2xx; a full page with more to follow may leave it out."""
    prober.applied.add(FINDS)
    status, listing = exchange.response.status_code, exchange.listing
    title = f"Filter `{probe.name}` does not find the item its value was taken from"
    expected = f"HTTP 2xx with the item {_label(wanted)}"
    if not 200 <= status < 300 or listing is None:
        prober.fail(FINDS, title, expected, f"HTTP {status}", steps=[prober.sequence[-1]])
        return
    if any(_same(item, wanted) for item in listing.items):
        return
    if listing.items and not shows_everything(prober.profile, listing):
        return  # a full page of other matches, with more to follow: the item may be further on
    prober.fail(FINDS, title, expected, f"{len(listing.items)} items, without it", steps=[prober.sequence[-1]])


def _text(prober: Prober, meaning: FilterMeaning, items: list[dict[str, Any]]) -> list[Probe]:
    probes = []
    for name, path in prober.profile.text_filters.items():
        found = next(((item, v) for item in items if isinstance(v := value_at(item, path), str) and v), None)
        if found is None:
            prober.not_checked(f"{FILTERS}[{name}]", f"no item of the first page has a `{'.'.join(path)}` to send")
            continue
        item, value = found
        probes.append(Probe({name: value}, name, item))
        if name in meaning.exact and len(value) > 1:
            # A prefix: substring and prefix matching both return the item, which an exact filter must not.
            probes.append(Probe({name: value[:-1]}, name, None))
    return probes


def _dates(prober: Prober, meaning: FilterMeaning, items: list[dict[str, Any]]) -> list[Probe]:
    if not items:
        return []
    probes = []
    for name, (field, side) in prober.profile.date_bounds.items():
        middle = _median(items, field)
        if isinstance(middle.get(field), str):
            # Bounds may be inclusive or exclusive: the item to find lies strictly inside.
            probes.append(Probe({name: middle[field]}, name, _beyond(items, field, middle, side)))
    for name, (field, side) in meaning.ranges.items():
        middle = _median(items, field)
        if isinstance(middle.get(field), str):
            # Inclusive, but a server may keep finer instants than it shows: the item to find lies strictly inside.
            probes.append(Probe({name: middle[field]}, name, _beyond(items, field, middle, RANGE_SIDES[side])))
    return probes


def _conditions(prober: Prober, items: list[dict[str, Any]]) -> list[Probe]:
    """`filters[field][conditions][$is]` with a real value; `$after` a real date, for every field that has them."""
    spec = prober.profile.filters
    if spec is None or not items:
        return []
    probes = []
    middle = items[len(items) // 2]
    for field, conditions in spec.equality.items():
        admits = _admits(prober, spec.is_schemas.get(field, ()))
        values = [(item, v) for item in items if _scalar(v := item.get(field))]
        found = next(((item, v) for item, v in values if admits(_text_of(v))), None)
        if "$is" not in conditions or found is None:
            prober.not_checked(f"{FILTERS}[{spec.name}.{field}]", f"not probed: {_why_not(conditions, bool(values))}")
            continue
        name = f"{spec.name}[{field}][conditions][$is]"
        probes.append(Probe({name: _text_of(found[1])}, name, found[0]))
    for field, conditions in spec.dates.items():
        if "$after" in conditions and isinstance(middle.get(field), str):
            name = f"{spec.name}[{field}][conditions][$after]"
            probes.append(Probe({name: middle[field]}, name, _beyond(items, field, middle, "after")))
    return probes


def _median(items: list[dict[str, Any]], field: str) -> dict[str, Any]:
    """The item in the middle of the page by `field` (the page is sorted by another field, often): items lie on both
    sides of its value, so a bound read the wrong way round answers items that break it, not an empty page."""
    stamped = sorted((stamp, n) for n, item in enumerate(items) if (stamp := timestamp(item, field)) is not None)
    return items[stamped[len(stamped) // 2][1]] if stamped else items[len(items) // 2]


def _beyond(items: list[dict[str, Any]], field: str, middle: dict[str, Any], side: str) -> dict[str, Any] | None:
    """An item strictly after (or before) `middle` in `field`, which every reading of the bound selects."""
    bound = timestamp(middle, field)
    if bound is None:
        return None
    for item in items:
        stamp = timestamp(item, field)
        if stamp is not None and (stamp > bound if side == "after" else stamp < bound):
            return item
    return None


def _report_unchecked(prober: Prober, meaning: FilterMeaning) -> None:
    for name, reason in meaning.unchecked.items():
        prober.cannot_judge(f"{FILTERS}[{name}]", reason)
    for sentence in prober.profile.unchecked:
        prober.cannot_judge(f"{FILTERS}: {sentence}", "documented in the spec")


def _same(item: dict[str, Any], wanted: dict[str, Any]) -> bool:
    return item.get("id") == wanted.get("id") if "id" in wanted else item == wanted


def _label(item: dict[str, Any]) -> str:
    return f"`{item['id']}`" if "id" in item else "the value came from"


def _admits(prober: Prober, schemas: tuple[Any, ...]) -> Callable[[str], bool]:
    """Whether the spec's `$is` schemas of a field admit a value (any of them; every value when there are none)."""
    if not schemas:
        return lambda _value: True
    raw = prober.operation.schema.raw_schema
    kind = Draft202012Validator if str(raw.get("openapi", "")).startswith("3.1") else Draft4Validator
    validators = [kind(bundle(raw, schema)) for schema in schemas]
    return lambda value: any(validator.is_valid(value) for validator in validators)


def _why_not(conditions: tuple[str, ...], held: bool) -> str:
    """Why no `$is` value was probed: the spec lists none, no item of the first page has the field, or none has a
    value the condition's own schema admits (the item schema allows what the filter does not: the spec contradicts
    itself, which is never the API's defect)."""
    if "$is" not in conditions:
        return "the spec lists no $is for it"
    if not held:
        return "no item of the first page has it"
    return "no item of the first page has a value that the spec's schema for $is admits"


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int | float) and value != ""


def _text_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
