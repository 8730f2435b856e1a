"""The list profile reads each of the five paging styles, their parameters and path values from the spec."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from conformance.profile import (
    LIMIT_NAMES,
    FilterParam,
    IntParam,
    ListProfile,
    ListStyle,
    OperationProfile,
    PathParam,
    classify_operations,
    list_profile,
)
from tests.shared import shared_path


@cache
def spec(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(shared_path("voucherify", "openapi", name).read_text())
    return loaded


def profile(name: str, path: str) -> ListProfile:
    found = list_profile(spec(name), "GET", path)
    assert found is not None, path
    return found


def test_the_five_styles_have_their_wire_names() -> None:
    assert [str(style) for style in ListStyle] == ["page", "date_cursor", "id_cursor", "cursor", "unpaged"]
    assert LIMIT_NAMES[0] == "limit" and IntParam("limit", 1, 100).default is None


def test_page_style() -> None:
    vouchers = profile("vouchers.json", "/v1/vouchers")
    assert vouchers.style is ListStyle.PAGE and vouchers.page and vouchers.page.name == "page"
    assert vouchers.has_total and not vouchers.has_more
    assert vouchers.date_bounds["created_at[before]"] == ("created_at", "before")  # a deepObject parameter


def test_id_cursor_style() -> None:
    bin_entries = profile("bin.json", "/v1/trash-bin")
    assert bin_entries.style is ListStyle.ID_CURSOR and bin_entries.id_cursor == "starting_after_id"
    assert bin_entries.has_more and bin_entries.more_starting_after == "more_starting_after"
    assert bin_entries.order_values == ("id", "-id")


def test_date_cursor_style_and_the_default_order_from_words() -> None:
    customers = profile("customers.json", "/v1/customers")
    assert customers.style is ListStyle.DATE_CURSOR and customers.date_cursor == "starting_after"
    assert customers.default_order == "-created_at"  # "the most recent customers appearing first"
    assert profile("orders.json", "/v1/orders").default_order == "created_at"  # "... appearing last"
    assert profile("segments.json", "/v1/segments").default_order == "-created_at"  # "newest to the oldest"


def test_loyalty_v2_cursor_style() -> None:
    members = profile("loyalties-v2.json", "/v2/loyalties/programs/{programId}/members")
    assert members.style is ListStyle.CURSOR and members.cursor == "cursor"
    assert members.next_cursor == ("cursor", "next") and members.cursor_pattern == "^lcrsmbr_[a-f0-9]+$"
    assert members.multi_order and members.default_order == "-created_at" and members.data_ref is None
    assert members.limit == IntParam("limit", 1, 100, 10)
    summary = profile("loyalties-v2.json", "/v2/loyalties/programs/{programId}/reports/tiers/summary")
    assert summary.style is ListStyle.UNPAGED and summary.order_values == ("id", "-id")  # an enum-less order


def test_filters_object_and_date_range() -> None:
    members = profile("loyalties-v2.json", "/v2/loyalties/programs/{programId}/members")
    assert isinstance(members.filters, FilterParam) and members.filters.junction
    assert members.filters.equality["status"] == ("$is", "$is_not", "$in", "$not_in")
    assert members.filters.dates["created_at"] == ("$before", "$after")
    products = profile("products.json", "/v1/products")
    assert (products.start_date, products.end_date) == ("start_date", "end_date")


def test_path_parameters_come_from_parent_lists() -> None:
    assert profile("customers.json", "/v1/customers/{customerId}/activity").path_params == (
        PathParam("customerId", "GET /v1/customers", "id"),
    )
    assert profile("vouchers.json", "/v1/vouchers/{code}/transactions").path_params == (
        PathParam("code", "GET /v1/vouchers", "code"),
    )
    assert profile("loyalties.json", "/v1/loyalties/{campaignId}/members").path_params == (
        PathParam("campaignId", "GET /v1/loyalties", "id"),
    )
    tiers = profile("promotions.json", "/v1/promotions/{campaignId}/tiers")
    assert tiers.path_params == (PathParam("campaignId", "GET /v1/promotions/tiers", "campaign_id"),)
    holders = profile("referrals.json", "/v1/referrals/members/{memberId}/holders")
    assert holders.path_params == (PathParam("memberId", None, None),)
    assert "no list in this spec supplies {memberId}" in holders.notes


def test_spec_contradictions_follow_data_ref_and_are_noted() -> None:
    templates = profile("templates.json", "/v1/templates/campaigns")
    assert templates.items_key == "data" and "the body requires 'campaign_template'" in " ".join(templates.notes)
    skus = profile("products.json", "/v1/products/{productId}/skus")
    assert skus.items_key == "data" and any("'skus'" in note for note in skus.notes)


def test_unclassified_lists_say_why_and_nothing_is_skipped_silently() -> None:
    entries = {entry.operation: entry for entry in classify_operations(spec("customers.json"))}
    activities = entries["GET /v1/customers/{customerId}/activities"]
    assert activities == OperationProfile(
        activities.operation, "unclassified", reason="both starting_after and starting_after_id"
    )
    assert activities.label.startswith("unclassified: ")
    assert entries["GET /v1/customers/{customerId}"].kind == "not a list"
    paths = spec("customers.json")["paths"]
    assert set(entries) == {f"GET {path}" for path, item in paths.items() if "get" in item}


def test_what_is_not_checked_is_listed() -> None:
    campaigns = profile("campaigns.json", "/v1/campaigns")
    assert "query parameter 'expand'" in campaigns.unchecked
    assert any(line.startswith("filters[validity_timeframe]") for line in campaigns.unchecked)
