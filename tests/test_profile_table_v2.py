"""The profile table of loyalties-v2.json's GET operations (see test_profile_table.py for the row format and how
it is checked)."""

from __future__ import annotations

import pytest

from tests.profile_claims import Row, wrong_claims
from tests.shared import shared_path
from tests.test_profile_table import raw, rows, table

EXPECTED: dict[str, dict[str, Row]] = {
    "loyalties-v2.json": {
        "GET /v2/loyalties/programs": ("cursor", "limit cursor order filters", "±created_at ±name", "data"),
        "GET /v2/loyalties/programs/{programId}": "not a list",
        "GET /v2/loyalties/programs/{programId}/activities": (
            "cursor",
            "limit cursor order filters",
            "±created_at",
            "data",
        ),
        "GET /v2/loyalties/programs/{programId}/card-definitions": (
            "cursor",
            "limit cursor order",
            "±created_at",
            "data",
        ),
        "GET /v2/loyalties/programs/{programId}/earning-rules": ("cursor", "limit cursor order", "±created_at", "data"),
        "GET /v2/loyalties/programs/{programId}/tier-structures": (
            "cursor",
            "limit cursor order",
            "±created_at",
            "data",
        ),
        "GET /v2/loyalties/programs/{programId}/rewards": ("cursor", "limit cursor order", "±created_at", "data"),
        "GET /v2/loyalties/programs/{programId}/members": (
            "cursor",
            "limit cursor order filters",
            "±created_at ±status ±customer_id",
            "data",
        ),
        "GET /v2/loyalties/programs/{programId}/members/{memberId}": "not a list",
        "GET /v2/loyalties/memberships/{customerId}": "not a list",
        "GET /v2/loyalties/programs/{programId}/memberships/{customerId}": "not a list",
        "GET /v2/loyalties/programs/{programId}/members/{memberId}/activities": (
            "cursor",
            "limit cursor order filters",
            "±created_at",
            "data",
        ),
        "GET /v2/loyalties/programs/{programId}/members/{memberId}/cards/{cardId}/activities": (
            "cursor",
            "limit cursor order filters",
            "±created_at",
            "data",
        ),
        "GET /v2/loyalties/programs/{programId}/members/{memberId}/cards/{cardId}/pending-points": (
            "cursor",
            "limit cursor order",
            "±date",
            "data",
        ),
        "GET /v2/loyalties/programs/{programId}/members/{memberId}/cards/{cardId}/expiring-points": (
            "cursor",
            "limit cursor order",
            "±expiration_date",
            "data",
        ),
        "GET /v2/loyalties/programs/{programId}/members/{memberId}/cards/{cardId}/transactions": (
            "cursor",
            "limit cursor order filters",
            "±created_at",
            "data",
        ),
        "GET /v2/loyalties/programs/{programId}/members/{memberId}/rewards/purchases": (
            "cursor",
            "limit cursor order filters",
            "±created_at",
            "data",
        ),
        "GET /v2/loyalties/programs/{programId}/members/{memberId}/orders/payments": (
            "cursor",
            "limit cursor order filters",
            "±created_at",
            "data",
        ),
        "GET /v2/loyalties/programs/{programId}/members/{memberId}/benefits/transactions": (
            "cursor",
            "limit cursor order filters",
            "±created_at",
            "data",
        ),
        "GET /v2/loyalties/programs/{programId}/members/{memberId}/tiers/transactions": (
            "cursor",
            "limit cursor order filters",
            "±created_at",
            "data",
        ),
        "GET /v2/loyalties/programs/{programId}/members/{memberId}/cards/{cardId}/reports/daily": (
            "unpaged",
            "start_date end_date",
            "-",
            "data",
        ),
        "GET /v2/loyalties/programs/{programId}/members/{memberId}/earning-rules/{earningRuleId}/reports/daily": (
            "unpaged",
            "start_date end_date",
            "-",
            "data",
        ),
        "GET /v2/loyalties/programs/{programId}/reports/spending/daily": (
            "unpaged",
            "start_date end_date filters",
            "-",
            "data",
        ),
        "GET /v2/loyalties/programs/{programId}/reports/spending/summary": ("unpaged", "filters", "-", "data"),
        "GET /v2/loyalties/programs/{programId}/reports/tiers/daily": (
            "unpaged",
            "start_date end_date filters",
            "-",
            "data",
        ),
        "GET /v2/loyalties/programs/{programId}/reports/tiers/summary": (
            "unpaged",
            "limit order filters",
            "±id",
            "data",
        ),
        "GET /v2/loyalties/programs/{programId}/reports/points-earnings/daily": (
            "unpaged",
            "start_date end_date filters",
            "-",
            "data",
        ),
        "GET /v2/loyalties/programs/{programId}/reports/points-earnings/summary": ("unpaged", "filters", "-", "data"),
        "GET /v2/loyalties/programs/{programId}/reports/earning-rules/daily": (
            "unpaged",
            "start_date end_date filters",
            "-",
            "data",
        ),
        "GET /v2/loyalties/programs/{programId}/reports/earning-rules/summary": ("unpaged", "filters", "-", "data"),
        "GET /v2/loyalties/card-definitions": (
            "cursor",
            "limit cursor order filters",
            "±name ±type ±status ±created_at",
            "data",
        ),
        "GET /v2/loyalties/card-definitions/{cardDefinitionId}": "not a list",
        "GET /v2/loyalties/card-definitions/{cardDefinitionId}/activities": (
            "cursor",
            "limit cursor order filters",
            "±created_at",
            "data",
        ),
        "GET /v2/loyalties/earning-rules": ("cursor", "limit cursor order filters", "±created_at ±name", "data"),
        "GET /v2/loyalties/earning-rules/{earningRuleId}": "not a list",
        "GET /v2/loyalties/earning-rules/{earningRuleId}/activities": (
            "cursor",
            "limit cursor order filters",
            "±created_at",
            "data",
        ),
        "GET /v2/loyalties/tier-structures": (
            "cursor",
            "limit cursor order filters",
            "±created_at ±name ±type ±status",
            "data",
        ),
        "GET /v2/loyalties/tier-structures/{tierStructureId}": "not a list",
        "GET /v2/loyalties/tier-structures/{tierStructureId}/tiers": (
            "cursor",
            "limit cursor order",
            "±created_at ±name",
            "data",
        ),
        "GET /v2/loyalties/tier-structures/{tierStructureId}/activities": (
            "cursor",
            "limit cursor order filters",
            "±created_at",
            "data",
        ),
        "GET /v2/loyalties/benefits": ("cursor", "limit cursor order filters", "±created_at ±name ±type", "data"),
        "GET /v2/loyalties/benefits/{benefitId}": "not a list",
        "GET /v2/loyalties/benefits/{benefitId}/activities": (
            "cursor",
            "limit cursor order filters",
            "±created_at",
            "data",
        ),
        "GET /v2/loyalties/rewards": ("cursor", "limit cursor order filters", "±created_at ±name", "data"),
        "GET /v2/loyalties/rewards/{rewardId}": "not a list",
        "GET /v2/loyalties/rewards/{rewardId}/activities": (
            "cursor",
            "limit cursor order filters",
            "±created_at",
            "data",
        ),
    },
}


@pytest.mark.parametrize(("name", "operation", "row"), rows(EXPECTED))
def test_each_row_holds_in_the_spec(name: str, operation: str, row: Row) -> None:
    assert wrong_claims(raw(name), operation.removeprefix("GET "), row) == []


def test_every_loyalty_v2_get_operation_reads_as_its_row() -> None:
    assert table([shared_path("voucherify", "openapi", "loyalties-v2.json")]) == EXPECTED
