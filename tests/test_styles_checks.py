"""The response checks on crafted pages of every style: id cursor, v2 cursor, filters object, start/end, sort values."""

from __future__ import annotations

import json
from typing import Any

import pytest

from conformance.checks.failures import ListCheckFailure
from conformance.checks.filters import list_filters
from conformance.checks.id_cursor import list_id_cursor
from conformance.checks.meaning import FilterMeaning, read_meaning
from conformance.checks.ordering import first_violation, sortable
from conformance.checks.pagination import list_counts
from conformance.checks.sorting import list_sort_order
from conformance.checks.view import ListRequest, ListResponse, read_request
from conformance.profile import FilterParam, IntParam, ListProfile, ListStyle, list_profile
from tests.shared import shared_path

ID_CURSOR = ListProfile(
    operation="GET /v1/trash-bin",
    items_key="data",
    limit=IntParam("limit", 1, 100, 10),
    id_cursor="starting_after_id",
    order="order",
    order_values=("id", "-id"),
    has_total=True,
    has_more=True,
    style=ListStyle.ID_CURSOR,
    more_starting_after="more_starting_after",
    filters=FilterParam(
        "filters",
        equality={"resource_type": ("$is", "$is_not", "$in", "$not_in"), "tags": ("$is",)},
        dates={"created_at": ("$before", "$after")},
    ),
)
IS, IN = "filters[resource_type][conditions][$is]", "filters[resource_type][conditions][$in]"
T1, T2, T3 = "2024-01-01T00:00:00.000Z", "2024-01-02T00:00:00.000Z", "2024-01-03T00:00:00.000Z"


def request(profile: ListProfile, query: dict[str, Any]) -> ListRequest:
    parsed = read_request(profile, query)
    assert parsed is not None
    return parsed


def listing(items: list[dict[str, Any]], **body: Any) -> ListResponse:
    return ListResponse({"data": items, **body}, items, body.get("total"), body.get("has_more"))


def fires(check: Any, profile: ListProfile, query: dict[str, Any], resp: ListResponse, meaning: Any = None) -> bool:
    inner = check.__wrapped__
    try:
        args = (profile, meaning or FilterMeaning()) if inner.__code__.co_argcount == 4 else (profile,)
        inner(*args, request(profile, query), resp)
    except ListCheckFailure:
        return True
    return False


@pytest.mark.parametrize(
    ("query", "ids", "expected"),
    [
        ({"starting_after_id": "bin_05"}, ["bin_06", "bin_07"], False),
        ({"starting_after_id": "bin_05"}, ["bin_05", "bin_06"], True),  # the cursor's own item
        ({"starting_after_id": "bin_05", "order": "id"}, ["bin_06", "bin_07"], False),
        ({"starting_after_id": "bin_05", "order": "id"}, ["bin_04"], True),  # wrong direction
        ({"starting_after_id": "bin_05", "order": "-id"}, ["bin_04", "bin_03"], False),
        ({"starting_after_id": "bin_05", "order": "-id"}, ["bin_06"], True),
        ({"starting_after_id": "bin_b", "order": "id"}, ["bin_C"], False),  # case-insensitive collation
        ({"starting_after_id": "bin_05"}, ["bin_01"], False),  # no documented default: direction open
    ],
)
def test_id_cursor(query: dict[str, str], ids: list[str], expected: bool) -> None:
    assert fires(list_id_cursor, ID_CURSOR, query, listing([{"id": i} for i in ids])) is expected


@pytest.mark.parametrize(
    ("query", "body", "expected"),
    [
        ({}, {"has_more": True, "more_starting_after": "b", "total": 30}, False),
        ({}, {"has_more": True, "total": 30}, True),  # nothing to continue with
        ({}, {"has_more": False, "more_starting_after": "b", "total": 10}, True),  # a pointer past the end
        ({"starting_after_id": "x"}, {"has_more": True, "more_starting_after": "b", "total": 99}, False),
    ],
)
def test_id_cursor_counts(query: dict[str, str], body: dict[str, Any], expected: bool) -> None:
    items = [{"id": chr(ord("a") + i)} for i in range(10)]
    assert fires(list_counts, ID_CURSOR, query, listing(items, **body)) is expected


@pytest.mark.parametrize(
    ("query", "values", "expected"),
    [
        ({"filters[resource_type][conditions][$is]": "voucher"}, ["voucher", "VOUCHER"], False),
        ({"filters[resource_type][conditions][$is]": "voucher"}, ["voucher", "campaign"], True),
        ({"filters[resource_type][conditions][$is_not]": "voucher"}, ["campaign"], False),
        ({"filters[resource_type][conditions][$is_not]": "voucher"}, ["voucher"], True),
        (
            {"filters[resource_type][conditions][$in][0]": "a", "filters[resource_type][conditions][$in][1]": "b"},
            ["b"],
            False,
        ),
        ({"filters[resource_type][conditions][$in]": "a,b"}, ["b"], False),  # one comma-separated value
        ({"filters[resource_type][conditions][$not_in][0]": "a"}, ["a"], True),
        ({"filters": {"resource_type": {"conditions": {"$is": "voucher"}}}}, ["campaign"], True),  # nested form
        (
            {
                "filters[resource_type][conditions][$is]": "a",
                "filters[tags][conditions][$is]": "x",  # either condition may hold
                "filters[junction]": "OR",
            },
            ["b"],
            False,
        ),
    ],
)
def test_filters_object_equality(query: dict[str, Any], values: list[str], expected: bool) -> None:
    items = [{"id": str(i), "resource_type": v} for i, v in enumerate(values)]
    assert fires(list_filters, ID_CURSOR, query, listing(items)) is expected


def test_filters_object_arrays_dates_and_absent_fields() -> None:
    tags = {"filters[tags][conditions][$is]": "x"}
    assert not fires(list_filters, ID_CURSOR, tags, listing([{"id": "1", "tags": ["y", "x"]}]))
    assert fires(list_filters, ID_CURSOR, tags, listing([{"id": "1", "tags": ["y"]}]))
    assert not fires(list_filters, ID_CURSOR, tags, listing([{"id": "1"}]))  # no field: not judged
    after = {"filters[created_at][conditions][$after]": T2}
    assert not fires(list_filters, ID_CURSOR, after, listing([{"id": "1", "created_at": T2}]))  # on the bound
    assert fires(list_filters, ID_CURSOR, after, listing([{"id": "1", "created_at": T1}]))


def test_start_and_end_dates_follow_the_meaning() -> None:
    profile = ListProfile(operation="GET /x", items_key="data", start_date="start_date", end_date="end_date")
    meaning = FilterMeaning(ranges={"start_date": ("created_at", "start"), "end_date": ("date", "end")})
    item = {"id": "1", "created_at": T1, "date": "2024-01-05"}
    assert fires(list_filters, profile, {"start_date": T2}, listing([item]), meaning)
    assert not fires(list_filters, profile, {"start_date": T1}, listing([item]), meaning)  # inclusive
    assert not fires(list_filters, profile, {"end_date": "2024-01-04"}, listing([item]), meaning)  # a day of slack
    assert fires(list_filters, profile, {"end_date": "2024-01-02"}, listing([item]), meaning)
    assert not fires(list_filters, profile, {"start_date": T2}, listing([item]), FilterMeaning())  # undecided


def test_meaning_is_read_from_the_spec_words() -> None:
    customers = json.loads(shared_path("voucherify", "openapi", "customers.json").read_text())
    profile = list_profile(customers, "GET", "/v1/customers")
    assert profile is not None
    assert read_meaning(customers, profile).exact == {"email", "city"}  # "specific email", "specified city"
    activity = list_profile(customers, "GET", "/v1/customers/{customerId}/activity")
    assert activity is not None
    assert read_meaning(customers, activity).ranges == {
        "start_date": ("created_at", "start"),
        "end_date": ("created_at", "end"),
    }
    products = json.loads(shared_path("voucherify", "openapi", "products.json").read_text())
    listed = list_profile(products, "GET", "/v1/products")
    assert listed is not None
    # "start_date: ... results must end on": the words contradict the name, so it is not checked.
    assert set(read_meaning(products, listed).unchecked) == {"start_date"}


@pytest.mark.parametrize(
    ("values", "descending", "ok"),
    [
        ([3, 2, 2, 1], True, True),
        ([1, 2.5, 3], False, True),
        ([1, 3, 2], False, False),
        ([None, None, "a", "b"], False, True),  # nulls first
        (["a", "b", None], False, True),  # nulls last
        (["a", None, "b"], False, False),  # a null in between
        ([T3, T2, T1], True, True),
        (["2024-01-10", "2024-01-09"], True, True),  # dates
        (["2024-01-10T00:00:00Z", "2024-01-09T23:00:00.000+00:00"], True, True),  # instants, not text
        (["Apple", "banana"], False, True),
        (["B", "a"], False, True),  # code point order
        (["banana", "Apple", "cherry"], False, False),
    ],
)
def test_value_order(values: list[Any], descending: bool, ok: bool) -> None:
    assert (first_violation(values, descending) is None) is ok


def test_sort_is_not_applicable_without_two_values() -> None:
    assert not sortable([None, "a"])
    assert not sortable([{"a": 1}, {"a": 2}])
    profile = ListProfile(operation="GET /x", items_key="data", order="order", order_values=("name", "-name"))
    check = list_sort_order.__wrapped__
    assert check(profile, request(profile, {"order": "name"}), listing([{"id": "1"}, {"id": "2"}])) is True
    assert check(profile, request(profile, {"order": "name"}), listing([{"name": "a"}, {"name": "b"}])) is None
    assert fires(list_sort_order, profile, {"order": "-name"}, listing([{"name": "a"}, {"name": "b"}]))


def test_several_order_keys_judge_the_first() -> None:
    profile = ListProfile(
        operation="GET /x", items_key="data", order="order", order_values=("name", "-name", "created_at")
    )
    items = [{"name": "a", "created_at": T2}, {"name": "b", "created_at": T1}]
    assert not fires(list_sort_order, profile, {"order": ["name", "created_at"]}, listing(items))
    assert fires(list_sort_order, profile, {"order": ["-name", "created_at"]}, listing(items))
