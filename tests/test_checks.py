"""Each response check on crafted pages: it fires on the defect, and stays silent where the spec leaves room."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conformance.checks.cursor import list_cursor
from conformance.checks.failures import ListCheckFailure
from conformance.checks.filters import list_filters
from conformance.checks.meaning import read_meaning
from conformance.checks.pagination import list_counts, list_page_size
from conformance.checks.sorting import list_sort_order
from conformance.checks.view import ListRequest, ListResponse, read_request
from conformance.profile import ListProfile, list_profile
from conformance.spec import load_spec

SPEC = Path(__file__).parent.parent / "specs" / "voucherify" / "customers.yaml"
RAW = load_spec(SPEC).raw
PROFILE = list_profile(RAW, "GET", "/v1/customers")
assert PROFILE is not None


def request(**query: Any) -> ListRequest:
    parsed = read_request(PROFILE, {k: str(v) for k, v in query.items()})
    assert parsed is not None
    return parsed


def page(items: list[dict[str, Any]], total: int | None = None, has_more: bool | None = None) -> ListResponse:
    return ListResponse({"customers": items}, items, total, has_more)


def at(*stamps: str, **fields: Any) -> list[dict[str, Any]]:
    return [{"id": f"c{i}", "created_at": stamp, "updated_at": stamp, **fields} for i, stamp in enumerate(stamps)]


def fires(check: Any, req: ListRequest, resp: ListResponse, profile: ListProfile = PROFILE) -> bool:
    """Whether the check raises; a check that needs the filters' meaning reads it from the same spec."""
    inner = check.__wrapped__
    try:
        if inner.__code__.co_argcount == 4:
            inner(profile, read_meaning(RAW, profile), req, resp)
        else:
            inner(profile, req, resp)
    except ListCheckFailure:
        return True
    return False


T1, T2, T3 = "2022-01-01T00:00:00.000Z", "2022-01-02T00:00:00.000Z", "2022-01-03T00:00:00.000Z"


def test_invalid_requests_are_left_to_other_checks() -> None:
    assert read_request(PROFILE, {"limit": "0"}) is None
    assert read_request(PROFILE, {"order": "name"}) is None
    assert read_request(PROFILE, {"created_at[before]": "yesterday"}) is None


@pytest.mark.parametrize("value", ["2023-02-31", "2023-13-45", "2023-02-31T00:00:00+0000"])
def test_an_impossible_date_bound_is_no_list_request(value: str) -> None:
    assert read_request(PROFILE, {"created_at[before]": value}) is None


@pytest.mark.parametrize(
    ("query", "count", "expected"),
    [
        ({"limit": 2}, 3, True),
        ({"limit": 2}, 2, False),
        ({}, 11, True),
        ({}, 10, False),
    ],
)
def test_page_size(query: dict[str, int], count: int, expected: bool) -> None:
    assert fires(list_page_size, request(**query), page(at(*[T1] * count))) is expected


@pytest.mark.parametrize(
    ("query", "count", "total", "has_more", "expected"),
    [
        ({"limit": 5, "page": 1}, 5, 12, True, False),
        ({"limit": 5, "page": 3}, 2, 12, False, False),
        ({"limit": 5, "page": 4}, 0, 12, False, False),
        ({"limit": 5, "page": 3}, 2, 12, True, True),  # has_more on the last page
        ({"limit": 5, "page": 1}, 3, 12, True, True),  # short page with more to come
        ({"limit": 5, "page": 1}, 5, 5, True, True),  # nothing after this page
        ({}, 5, 500, None, True),  # default 10 not honoured
        ({"limit": 5, "page": 1}, 5, 12, None, False),  # has_more is optional
    ],
)
def test_counts(query: dict[str, int], count: int, total: int, has_more: bool | None, expected: bool) -> None:
    assert fires(list_counts, request(**query), page(at(*[T1] * count), total, has_more)) is expected


def test_counts_with_a_cursor_do_not_judge_total() -> None:
    assert not fires(list_counts, request(limit=5, starting_after=T3), page(at(T1, T2), 500, False))


@pytest.mark.parametrize(
    ("query", "stamps", "expected"),
    [
        ({}, (T3, T2, T1), False),
        ({}, (T1, T2, T3), True),
        ({}, (T3, T3, T1), False),
        ({"order": "created_at"}, (T1, T1, T3), False),
        ({"order": "created_at"}, (T3, T1), True),
        ({"order": "-updated_at"}, (T3, T1), False),
    ],
)
def test_date_order(query: dict[str, str], stamps: tuple[str, ...], expected: bool) -> None:
    assert fires(list_sort_order, request(**query), page(at(*stamps))) is expected


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        (["Apple", "banana", "cherry"], False),  # case-insensitive order
        (["Zeta", "apple", "banana"], False),  # code point order
        (["banana", "Apple", "cherry"], True),  # neither
    ],
)
def test_source_id_order_accepts_code_point_or_casefold(ids: list[str], expected: bool) -> None:
    items = [{"id": str(i), "source_id": s} for i, s in enumerate(ids)]
    assert fires(list_sort_order, request(order="source_id"), page(items)) is expected


def test_sort_message_names_positions_and_values() -> None:
    with pytest.raises(ListCheckFailure) as caught:
        list_sort_order.__wrapped__(PROFILE, request(), page(at(T1, T2)))
    assert f"item [0] has created_at={T1!r} and item [1] has created_at={T2!r}" in caught.value.message


@pytest.mark.parametrize(
    ("query", "stamps", "expected"),
    [
        ({"created_at[before]": T2}, (T1,), False),
        ({"created_at[before]": T2}, (T2,), False),  # on the bound: inclusive or exclusive both pass
        ({"created_at[before]": T2}, (T3,), True),
        ({"updated_at[after]": T2}, (T1,), True),
        # ISO 8601 as the docs and the official SDK write it: `+0000` is UTC, a plain date is its midnight in UTC.
        ({"created_at[before]": "2022-01-02T00:00:00+0000"}, (T3,), True),
        ({"created_at[before]": "2022-01-02T00:00:00+0000"}, (T1,), False),
        ({"created_at[after]": "2022-01-02T01:00:00+0100"}, (T1,), True),
        ({"created_at[after]": "2022-01-02T01:00:00+0100"}, (T3,), False),
        ({"created_at[after]": "2022-01-02"}, (T1,), True),
        ({"created_at[after]": "2022-01-02"}, (T3,), False),
    ],
)
def test_date_bounds(query: dict[str, str], stamps: tuple[str, ...], expected: bool) -> None:
    assert fires(list_filters, request(**query), page(at(*stamps))) is expected


@pytest.mark.parametrize(
    ("query", "fields", "expected"),
    [
        ({"email": "Bob@Example.com"}, {"email": "bob@example.com"}, False),
        ({"email": "bob@example.com"}, {"email": "jane@example.com"}, True),
        ({"email": "bob@example.com"}, {}, True),
        ({"name": "Smith"}, {"name": "Bob Smith"}, False),
        ({"city": "Warsaw"}, {"address": {"city": "Warsaw"}}, False),
        ({"city": "Warsaw"}, {"address": None}, True),
        ({"email": ""}, {"email": "x@example.com"}, False),
    ],
)
def test_text_filters(query: dict[str, str], fields: dict[str, Any], expected: bool) -> None:
    assert fires(list_filters, request(**query), page(at(T1, **fields))) is expected


@pytest.mark.parametrize(
    ("query", "items", "expected"),
    [
        ({"starting_after": T2}, at(T1), False),
        ({"starting_after": T2}, at(T2), True),  # the item at the cursor
        ({"starting_after": T2}, at(T3), True),  # wrong direction
        ({"starting_after": T2, "order": "created_at"}, at(T3), False),
        ({"starting_after": T2, "order": "created_at"}, at(T1), True),
        # order=updated_at: the cursor may compare created_at or updated_at
        ({"starting_after": T2, "order": "updated_at"}, [{"id": "a", "created_at": T1, "updated_at": T3}], False),
        ({"starting_after": T2, "order": "updated_at"}, [{"id": "a", "created_at": T3, "updated_at": T1}], False),
        ({"starting_after": T2, "order": "updated_at"}, [{"id": "a", "created_at": T1, "updated_at": T1}], True),
        ({"starting_after": T2, "order": "source_id"}, at(T3), False),  # undocumented: not judged
    ],
)
def test_cursor(query: dict[str, str], items: list[dict[str, Any]], expected: bool) -> None:
    assert fires(list_cursor, request(**query), page(items)) is expected
