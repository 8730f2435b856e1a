"""Filter operators judged by the meaning the spec's words give them, or listed as not checked (issue #21)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from conformance.checks.failures import ListCheckFailure
from conformance.checks.filters import list_filters
from conformance.checks.meaning import FilterMeaning
from conformance.checks.view import ListResponse, read_request
from conformance.profile import FilterParam, IntParam, ListProfile, ListStyle

PROFILE = ListProfile(
    operation="GET /v1/orders",
    items_key="data",
    limit=IntParam("limit", 1, 100, 10),
    style=ListStyle.PAGE,
    filters=FilterParam("filters", equality={"status": ("$is",), "created_at": ("$is",)}),
)
# As the profile reads a date field (tests/test_spec_words.py): its `$is` counts days, so it is not an equality.
WITH_DATES = replace(
    PROFILE,
    filters=replace(
        PROFILE.filters,
        equality={"status": ("$is",)},
        dates={"created_at": ("$after",)},
        relative={"created_at": ("$is",)},
    ),
)
ITEM = {"id": "ord_1", "status": "PAID", "created_at": "2024-01-01T00:00:00.000Z"}


def fires(profile: ListProfile, query: dict[str, str]) -> bool:
    """Whether `list_filters` flags ITEM as breaking the query's filter."""
    parsed = read_request(profile, query)
    assert parsed is not None
    try:
        list_filters.__wrapped__(profile, FilterMeaning(), parsed, ListResponse({"data": [ITEM]}, [ITEM], None, None))
    except ListCheckFailure:
        return True
    return False


@pytest.mark.parametrize(
    ("profile", "field", "value", "judged"),
    [
        (PROFILE, "status", "UNPAID", True),  # a text field: `$is` is equality, and the item breaks it
        (WITH_DATES, "status", "UNPAID", True),
        (PROFILE, "created_at", "10", True),  # no date conditions: the spec gives `$is` no other meaning
        (WITH_DATES, "created_at", "10", False),  # a date field: `$is` may count days, so it is not judged
    ],
)
def test_equality_on_a_date_field_is_not_judged(profile: ListProfile, field: str, value: str, judged: bool) -> None:
    query = {f"filters[{field}][conditions][$is]": value}
    assert fires(profile, query) is judged
