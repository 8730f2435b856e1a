"""Filters: every item satisfies every filter of the request.

What we accept where the spec leaves room:
- date bounds (`created_at[before]`, `filters[f][conditions][$after]`) may be inclusive or exclusive: an item
  exactly on the bound is never flagged;
- a text filter the spec's words call exact (`checks/meaning.py`) must equal the item's field, ignoring case;
  any other must be contained in it, ignoring case; an empty value is treated as no filter;
- `filters` equality conditions compare the item's value as text, ignoring case (`true`, `1`); an array field
  matches when one element does; an item without the field, or with an object there, is not judged; a condition
  whose value is a number of days (the profile's `FilterParam.relative`: its words say so, or it is `$is`,
  `$more_than` or `$less_than` on a date field, as Voucherify's filter docs say) is not judged;
- `start_date` / `end_date` hold inclusively; a day (`2024-05-01`) allows a day either side for time zones;
- with `filters[junction]=OR` and several conditions, no single condition has to hold: not judged.
"""

from __future__ import annotations

from typing import Any

from conformance.checks.failures import FilterFailure
from conformance.checks.meaning import FilterMeaning
from conformance.checks.registry import meaning_check
from conformance.checks.view import MICROS_PER_DAY, Condition, ListRequest, ListResponse, instant, is_day, timestamp
from conformance.documents import value_at
from conformance.profile import ListProfile
from conformance.timestamps import format_micros

EQUALITY = ("$is", "$is_not", "$in", "$not_in")
DATES = ("$before", "$after")


@meaning_check
def list_filters(
    profile: ListProfile, meaning: FilterMeaning, request: ListRequest, response: ListResponse
) -> bool | None:
    """Each item lies within every date bound and matches every text filter and filters condition sent."""
    conditions = [c for c in request.conditions if _judged(profile, c)]
    if request.junction_or and len(conditions) > 1:
        conditions = []
    ranges = {name: raw for name, raw in (request.dates or {}).items() if name in meaning.ranges}
    if not (request.bounds or request.text or conditions or ranges):
        return True
    for index, item in enumerate(response.items):
        for name, bound in request.bounds.items():
            field, side = profile.date_bounds[name]
            value = timestamp(item, field)
            if value is not None and (value > bound if side == "before" else value < bound):
                _fail(profile, name, index, f"`{field}` {side} {format_micros(bound)}", f"{field}={item[field]!r}")
        for name, wanted in request.text.items():
            path = profile.text_filters[name]
            actual = value_at(item, path)
            exact = name in meaning.exact
            if not isinstance(actual, str) or not _text_matches(wanted, actual, exact):
                how = "equal to" if exact else "containing"
                _fail(profile, name, index, f"`{'.'.join(path)}` {how} {wanted!r}", f"{'.'.join(path)}={actual!r}")
        for condition in conditions:
            _condition(profile, condition, index, item)
        for name, raw in ranges.items():
            _range(profile, meaning, name, raw, index, item)
    return None


def _judged(profile: ListProfile, condition: Condition) -> bool:
    spec = profile.filters
    # An empty value is no condition, as with the plain text filters; `null` is no value to compare either.
    if spec is None or not any(value not in ("", "null") for value in condition.values):
        return False
    if condition.op in EQUALITY:
        # The profile leaves out of `equality` what the spec's words make a number of days: never compared as a value.
        return condition.op in spec.equality.get(condition.field, ())
    return condition.op in DATES and condition.op in spec.dates.get(condition.field, ())


def _condition(profile: ListProfile, condition: Condition, index: int, item: dict[str, Any]) -> None:
    name = f"filters[{condition.field}][conditions][{condition.op}]"
    if condition.field not in item:
        return
    value = item[condition.field]
    if condition.op in DATES:
        stamp, bound = timestamp(item, condition.field), instant(condition.values[0])
        if stamp is None or bound is None:
            return
        if stamp > bound if condition.op == "$before" else stamp < bound:
            _fail(profile, name, index, f"`{condition.field}` {condition.op[1:]} {condition.values[0]}", f"{value!r}")
        return
    wanted = list(condition.values)
    if condition.op == "$in" and len(wanted) == 1:
        wanted += wanted[0].split(",")  # a server may also read one comma-separated value
    matches = [_matches(value, w) for w in wanted]
    if None in matches:
        return
    hit = any(matches)
    if hit != (condition.op in ("$is", "$in")):
        expected = f"`{condition.field}` {condition.op[1:].replace('_', ' ')} {', '.join(condition.values)}"
        _fail(profile, name, index, expected, f"{condition.field}={value!r}")


def _matches(value: Any, wanted: str) -> bool | None:
    """Whether the item's value equals the wanted text; None when it cannot be compared (an object)."""
    if isinstance(value, list):
        found = [_matches(element, wanted) for element in value]
        return True if True in found else None if None in found else False
    if isinstance(value, dict):
        return None
    if value is None:
        return False
    if isinstance(value, bool):
        return wanted.casefold() == ("true" if value else "false")
    if isinstance(value, int | float):
        try:
            return float(wanted) == value
        except ValueError:
            return False
    return str(value).casefold() == wanted.casefold()


def _range(profile: ListProfile, meaning: FilterMeaning, name: str, raw: str, index: int, item: dict[str, Any]) -> None:
    field, side = meaning.ranges[name]
    value, bound = timestamp(item, field), instant(raw)
    if value is None or bound is None:
        return
    slack = MICROS_PER_DAY if is_day(raw) else 0
    if side == "start" and value < bound - slack:
        _fail(profile, name, index, f"`{field}` on or after {raw}", f"{field}={item[field]!r}")
    if side == "end" and value > bound + (2 * slack if slack else 0):
        _fail(profile, name, index, f"`{field}` on or before {raw}", f"{field}={item[field]!r}")


def _text_matches(wanted: str, actual: str, exact: bool) -> bool:
    return wanted.casefold() == actual.casefold() if exact else wanted.casefold() in actual.casefold()


def _fail(profile: ListProfile, name: str, index: int, expected: str, received: str) -> None:
    raise FilterFailure(
        operation=profile.operation,
        title=f"Filter `{name}` is not applied",
        expected=f"every item with {expected}",
        received=f"item [{index}] has {received}",
        key=f"filter:{name}",
    )
