"""The profile table of every GET operation in ../shared/voucherify/openapi/*.json (v1 files a-l).

A row is (style, paging/sorting/filter parameters, order values, items key), or `not a list`, or
`unclassified: <reason>`. `±f` stands for both `f` and `-f`. Each row is checked against the spec's own
parameters and response schema (`tests.profile_claims`), and the profile must read what the row says.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from conformance.profile import ListProfile, classify_operations
from tests.profile_claims import Row, wrong_claims
from tests.shared import official_specs


def render_orders(values: tuple[str, ...]) -> str:
    shown: list[str] = []
    for value in values:
        field = value.lstrip("-")
        both = field in values and f"-{field}" in values
        token = f"±{field}" if both else value
        if token not in shown:
            shown.append(token)
    return " ".join(shown) or "-"


def render(profile: ListProfile) -> Row:
    names = [
        profile.limit and profile.limit.name,
        profile.page and profile.page.name,
        profile.date_cursor,
        profile.id_cursor,
        profile.cursor,
        profile.order,
        profile.start_date,
        profile.end_date,
        profile.filters and profile.filters.name,
        *profile.text_filters,
        *_bounds(profile),
    ]
    params = " ".join(name for name in names if name) or "-"
    return (str(profile.style), params, render_orders(profile.order_values), profile.items_key)


def _bounds(profile: ListProfile) -> list[str]:
    sides: dict[str, list[str]] = {}
    for field, side in profile.date_bounds.values():
        sides.setdefault(field, []).append(side)
    return [f"{field}[{','.join(found)}]" for field, found in sides.items()]


def table(files: list[Path]) -> dict[str, dict[str, Row]]:
    found: dict[str, dict[str, Row]] = {}
    for file in files:
        rows = found.setdefault(file.name, {})
        for entry in classify_operations(json.loads(file.read_text())):
            rows[entry.operation] = render(entry.profile) if entry.profile else entry.label
    return found


EXPECTED: dict[str, dict[str, Row]] = {
    "async-actions.json": {
        "GET /v1/async-actions": ("unpaged", "limit end_date", "-", "async_actions"),
        "GET /v1/async-actions/{asyncActionId}": "not a list",
    },
    "bin.json": {
        "GET /v1/trash-bin": ("id_cursor", "limit starting_after_id order filters", "±id", "data"),
    },
    "campaigns.json": {
        "GET /v1/campaigns": ("page", "limit page order filters campaign_type", "±created_at ±updated_at", "campaigns"),
        "GET /v1/campaigns/{campaignId}": "not a list",
        "GET /v1/campaigns/{campaignId}/transactions": (
            "id_cursor",
            "limit starting_after_id order filters",
            "±id",
            "data",
        ),
        "GET /v1/campaigns/{campaignId}/summary": "not a list",
    },
    "categories.json": {
        "GET /v1/categories": ("unpaged", "-", "-", "data"),
        "GET /v1/categories/{categoryId}": "not a list",
    },
    "client-side.json": {
        "GET /client/v1/promotions/tiers": ("page", "limit page order", "±created_at ±updated_at", "tiers"),
        "GET /client/v1/validate": "not a list",
    },
    "customers.json": {
        "GET /v1/customers": (
            "date_cursor",
            "limit page starting_after order email city name created_at[before,after] updated_at[before,after]",
            "±created_at ±updated_at ±source_id",
            "customers",
        ),
        "GET /v1/customers/{customerId}": "not a list",
        "GET /v1/customers/{customerId}/activity": (
            "id_cursor",
            "limit starting_after_id order start_date end_date type",
            "±created_at",
            "data",
        ),
        "GET /v1/customers/{customerId}/activities": "unclassified: both starting_after and starting_after_id",
        "GET /v1/customers/{customerId}/segments": ("unpaged", "-", "-", "data"),
        "GET /v1/customers/{customerId}/redeemables": (
            "id_cursor",
            "limit starting_after_id order filters",
            "±id",
            "data",
        ),
    },
    "events.json": {},
    "exports.json": {
        "GET /v1/exports": ("page", "limit page order", "±created_at ±status", "exports"),
        "GET /v1/exports/{exportId}": "not a list",
        "GET /v1/exports/{export_Id}": "not a list",
    },
    "locations.json": {
        "GET /v1/locations": ("unpaged", "limit order end_date filters", "±created_at ±updated_at", "data"),
        "GET /v1/locations/{locationId}": "not a list",
    },
    "loyalties.json": {
        "GET /v1/loyalties": ("page", "limit page order", "±created_at ±updated_at", "campaigns"),
        "GET /v1/loyalties/{campaignId}": "not a list",
        "GET /v1/loyalties/{campaignId}/members": (
            "page",
            "limit page order code created_at[before,after] updated_at[before,after]",
            "±created_at ±updated_at ±code",
            "vouchers",
        ),
        "GET /v1/loyalties/{campaignId}/members/{memberId}": "not a list",
        "GET /v1/loyalties/members/{memberId}": "not a list",
        "GET /v1/loyalties/{campaignId}/pending-points": ("id_cursor", "limit starting_after_id order", "±id", "data"),
        "GET /v1/loyalties/{campaignId}/members/{memberId}/pending-points": (
            "id_cursor",
            "limit starting_after_id order",
            "±id",
            "data",
        ),
        "GET /v1/loyalties/members/{memberId}/pending-points": (
            "id_cursor",
            "limit starting_after_id order",
            "±id",
            "data",
        ),
        "GET /v1/loyalties/{campaignId}/members/{memberId}/activity": (
            "id_cursor",
            "limit starting_after_id order",
            "±created_at",
            "data",
        ),
        "GET /v1/loyalties/members/{memberId}/activity": (
            "id_cursor",
            "limit starting_after_id order",
            "±created_at",
            "data",
        ),
        "GET /v1/loyalties/{campaignId}/transactions": (
            "id_cursor",
            "limit starting_after_id order filters",
            "±id",
            "data",
        ),
        "GET /v1/loyalties/{campaignId}/members/{memberId}/transactions": (
            "id_cursor",
            "limit starting_after_id order filters",
            "±id",
            "data",
        ),
        "GET /v1/loyalties/members/{memberId}/transactions": (
            "id_cursor",
            "limit starting_after_id order filters",
            "±id",
            "data",
        ),
        "GET /v1/loyalties/{campaignId}/members/{memberId}/points-expiration": ("page", "limit page", "-", "data"),
        "GET /v1/loyalties/{campaignId}/earning-rules": ("page", "limit page order", "±created_at ±updated_at", "data"),
        "GET /v1/loyalties/{campaignId}/earning-rules/{earningRuleId}": "not a list",
        "GET /v1/loyalties/members/{memberId}/rewards": ("unpaged", "-", "-", "data"),
        "GET /v1/loyalties/{campaignId}/reward-assignments/{assignmentId}/reward": "not a list",
        "GET /v1/loyalties/{campaignId}/reward-assignments": ("page", "limit page", "-", "data"),
        "GET /v1/loyalties/{campaignId}/rewards": ("page", "limit page", "-", "data"),
        "GET /v1/loyalties/{campaignId}/reward-assignments/{assignmentId}": "not a list",
        "GET /v1/loyalties/{campaignId}/rewards/{assignmentId}": "not a list",
        "GET /v1/loyalties/{campaignId}/tiers": ("unpaged", "limit order", "±created_at ±updated_at", "data"),
        "GET /v1/loyalties/{campaignId}/tiers/{loyaltyTierId}": "not a list",
        "GET /v1/loyalties/members/{memberId}/tiers": ("unpaged", "-", "-", "data"),
        "GET /v1/loyalties/{campaignId}/tiers/{loyaltyTierId}/earning-rules": ("page", "limit page", "-", "data"),
        "GET /v1/loyalties/{campaignId}/tiers/{loyaltyTierId}/rewards": ("unpaged", "-", "-", "data"),
    },
}


@cache
def raw(name: str) -> dict[str, Any]:
    return json.loads(next(f for f in official_specs() if f.name == name).read_text())  # type: ignore[no-any-return]


def rows(expected: dict[str, dict[str, Row]]) -> list[Any]:
    """One pytest param per row: (file, operation, row)."""
    return [
        pytest.param(name, operation, row, id=f"{name}:{operation}")
        for name, table_rows in expected.items()
        for operation, row in table_rows.items()
    ]


def test_every_official_file_is_in_a_table() -> None:
    from tests.test_profile_table_m import EXPECTED as LATER
    from tests.test_profile_table_v2 import EXPECTED as V2

    assert sorted([*EXPECTED, *LATER, *V2]) == [f.name for f in official_specs()]


@pytest.mark.parametrize(("name", "operation", "row"), rows(EXPECTED))
def test_each_row_holds_in_the_spec(name: str, operation: str, row: Row) -> None:
    assert wrong_claims(raw(name), operation.removeprefix("GET "), row) == []


def test_the_v1_files_a_to_l_read_as_their_rows() -> None:
    assert table([f for f in official_specs() if f.name in EXPECTED]) == EXPECTED


# GET /v1/campaigns' row with one claim made false, and the words its failure names.
WRONG_ROWS = {
    "a parameter the operation lacks": (("page", "limit page bogus", "-", "campaigns"), "'bogus' is not a query"),
    "an order value outside the enum": (("page", "limit page order", "±created_at -bogus", "campaigns"), "'-bogus'"),
    "a style without its parameter": (("id_cursor", "limit page", "-", "campaigns"), "'starting_after_id' param"),
    "an items key the body lacks": (("page", "limit page", "-", "bogus"), "no array property 'bogus'"),
    "a list read as not a list": ("not a list", "declares a limit parameter"),
}


@pytest.mark.parametrize(("row", "reason"), WRONG_ROWS.values(), ids=WRONG_ROWS)
def test_a_wrong_row_fails_with_its_reason(row: Row, reason: str) -> None:
    spec, right = raw("campaigns.json"), EXPECTED["campaigns.json"]["GET /v1/campaigns"]
    assert wrong_claims(spec, "/v1/campaigns", right) == []
    wrong = wrong_claims(spec, "/v1/campaigns", row)
    assert wrong and reason in " ".join(wrong), wrong
