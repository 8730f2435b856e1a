"""Each fault from the field (`field_faults.py`, `filter_faults.py`) changes a list of each style it applies to the
way its name says; the correct one does not.

One official list per paging style (the lists bench/mutation.py scores). `Fault.shows_on` decides where a fault
applies; a fault that applies must show there, and the catalogue must say where each one applies.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import requests

from conformance.sandbox import Sandbox
from conformance.sandbox.fault import STYLE_LISTS as LISTS
from conformance.sandbox.faults import FAULTS, get_fault
from conformance.sandbox.field_faults import FIELD_FAULTS, RESULT_WINDOW
from conformance.sandbox.filter_faults import FILTER_FAULTS
from conformance.sandbox.shape import ListShape, ListStyle
from conformance.sandbox.shape_reading import read_shape
from conformance.timestamps import format_micros, parse_rfc3339
from tests.conftest import AUTH, CREDENTIALS
from tests.shared import official_spec

SPECS = {file: official_spec(file) for file, _ in LISTS.values()}
Get = Callable[[dict[str, Any]], requests.Response]


def profile(style: ListStyle) -> ListShape:
    """The list as the sandbox that serves the fault reads it (as bench/mutation.py asks `Fault.shows_on`)."""
    file, path = LISTS[style]
    found = read_shape(SPECS[file], path)
    assert isinstance(found, ListShape)
    return found


def getter(server: Sandbox, style: ListStyle) -> Get:
    return lambda params: requests.get(server.url + LISTS[style][1], params=params, headers=AUTH)


def items(get: Get, params: dict[str, Any]) -> list[dict[str, Any]]:
    response = get(params)
    assert response.status_code == 200, response.text
    body = response.json()
    return list(body[body.get("data_ref") or "data"])


def ids(found: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in found]


def _not_default(get: Get, style: ListStyle) -> str:
    """An order value whose first page differs from the default order's, so that losing it shows."""
    default = ids(items(get, {"limit": 100}))
    return next(v for v in profile(style).order_values if ids(items(get, {"limit": 100, "order": v})) != default)


def _bound(style: ListStyle, side: str = "before") -> str:
    """The query name of a `created_at` bound on this list: `created_at[before]` or the filters object's `$before`."""
    p = profile(style)
    if f"created_at[{side}]" in p.date_bounds:
        return f"created_at[{side}]"
    assert p.filters is not None and "created_at" in p.filters.dates
    return f"{p.filters.name}[created_at][conditions][${side}]"


def _instant(get: Get) -> tuple[str, int]:
    """The id and created_at (epoch microseconds) of an item in the middle of the list."""
    found = items(get, {"limit": 100})
    item = found[len(found) // 2]
    micros = parse_rfc3339(item["created_at"])
    assert micros is not None
    return item["id"], micros


def _in_offset(micros: int, hours: int) -> str:
    """The same instant written with a +HH:00 offset."""
    local = format_micros(micros + hours * 3_600_000_000)
    return local[:-1] + f"+{hours:02d}:00"


def _full_last_page(get: Get, style: ListStyle) -> bool:
    total = get({"limit": 1}).json()["total"]
    assert 1 < total <= 100
    return bool(get({"limit": total}).json()["has_more"])


def _cursor_walk(get: Get, style: ListStyle) -> list[str]:
    walked, params = [], {"limit": 2}
    for _ in range(100):
        body = get(params).json()
        walked += ids(body[body.get("data_ref") or "data"])
        if not body.get("cursor"):
            return walked
        params = {"limit": 2, "cursor": body["cursor"]["next"]}
    raise AssertionError("more than 100 pages")


def _second_page(get: Get, style: ListStyle) -> bool:
    order = _not_default(get, style)
    whole = ids(items(get, {"limit": 100, "order": order}))
    if style is ListStyle.ID_CURSOR:
        first = get({"limit": 3, "order": order}).json()
        second = ids(items(get, {"limit": 3, "order": order, "starting_after_id": first["more_starting_after"]}))
    else:
        second = ids(items(get, {"limit": 3, "page": 2, "order": order}))
    return second != whole[3:6]


def _sorted_next(get: Get, style: ListStyle) -> int:
    """The status of the page after the first in an order that is not the default, at the pointer it gave."""
    order = _not_default(get, style)
    first = get({"limit": 3, "order": order}).json()
    pointer = (
        ("cursor", first["cursor"]["next"])
        if first.get("cursor")
        else ("starting_after_id", first["more_starting_after"])
    )
    return get({"limit": 3, "order": order, pointer[0]: pointer[1]}).status_code


def _filtered_first_page_short(get: Get, style: ListStyle) -> bool:
    """After the fifth newest item, in ascending order: the first page at limit 3 holds fewer than 3 though 4 match."""
    stamps = sorted({s for s in (parse_rfc3339(i.get("created_at")) for i in items(get, {"limit": 100})) if s})
    query = {_bound(style, "after"): format_micros(stamps[-5]), "order": "created_at"}
    assert len(items(get, {**query, "limit": 100})) > 3
    return len(items(get, {**query, "limit": 3})) < 3


def _before_includes_itself(get: Get, style: ListStyle, written: Callable[[int], str]) -> bool:
    item, micros = _instant(get)
    return item in ids(items(get, {"limit": 100, _bound(style): written(micros)}))


# What each fault's name promises, as a predicate on the list it is applied to.
SAYS: dict[str, Callable[[Get, ListStyle], bool]] = {
    "has-more-on-full-last-page": _full_last_page,
    "cursor-skips-ties": lambda get, s: _cursor_walk(get, s) != ids(items(get, {"limit": 100})),
    "order-lost-past-first-page": _second_page,
    "sort-within-page-only": lambda get, s: (
        ids(items(get, {"limit": 3, "order": _not_default(get, s)}))
        != ids(items(get, {"limit": 100, "order": _not_default(get, s)}))[:3]
    ),
    "date-filter-offset-ignored": lambda get, s: _before_includes_itself(get, s, lambda m: _in_offset(m, 12)),
    "limit-max-refused": lambda get, s: get({"limit": profile(s).limit.maximum}).status_code == 400,  # type: ignore[union-attr]
    "deep-page-500": lambda get, s: (
        get({"limit": RESULT_WINDOW // 10, "page": 11}).status_code == 500
        and get({"limit": 10, "page": 99}).status_code == 200
    ),
    "sorted-cursor-refused": lambda get, s: _sorted_next(get, s) == 400,
    "filter-after-paging": _filtered_first_page_short,
    "datetime-filter-refused": lambda get, s: (
        get({_bound(s): format_micros(_instant(get)[1])}).status_code == 400
        and get({_bound(s): format_micros(_instant(get)[1])[:10]}).status_code == 200
    ),
}
FROM_THE_FIELD = (*FIELD_FAULTS, *FILTER_FAULTS)
CASES = [(f.name, s) for f in FROM_THE_FIELD for s in LISTS if f.shows_on(profile(s))]


def test_every_field_fault_has_a_promise_and_applies_somewhere() -> None:
    assert set(SAYS) == {fault.name for fault in FROM_THE_FIELD}
    assert {name for name, _ in CASES} == set(SAYS)
    assert {fault.name for fault in FROM_THE_FIELD} <= {fault.name for fault in FAULTS}


@pytest.mark.parametrize(("name", "style"), CASES, ids=[f"{n}-{s}" for n, s in CASES])
def test_field_fault_does_what_its_name_says_and_the_correct_server_does_not(
    name: str, style: ListStyle, correct: dict[ListStyle, Sandbox]
) -> None:
    assert not SAYS[name](getter(correct[style], style), style)
    with Sandbox(spec=SPECS[LISTS[style][0]], credentials=CREDENTIALS, wrap=get_fault(name).wrap) as faulty:
        assert SAYS[name](getter(faulty, style), style)


@pytest.mark.parametrize("fault", FAULTS, ids=[fault.name for fault in FAULTS])
def test_every_fault_applies_to_a_list_of_a_style_it_names(fault: Any) -> None:
    """A fault that applies nowhere would count as n/a everywhere in the mutation table: it would test nothing."""
    assert any(fault.shows_on(profile(style)) for style in LISTS if style in fault.styles)
