"""The profile table of the v1 files m-z (see test_profile_table.py for the row format and how it is checked)."""

from __future__ import annotations

import pytest

from tests.profile_claims import Row, wrong_claims
from tests.shared import official_specs
from tests.test_profile_table import raw, rows, table

EXPECTED: dict[str, dict[str, Row]] = {
    "management.json": {
        "GET /management/v1/projects": ("unpaged", "-", "-", "data"),
        "GET /management/v1/projects/{projectId}": "not a list",
        "GET /management/v1/projects/{projectId}/users": ("unpaged", "-", "-", "data"),
        "GET /management/v1/projects/{projectId}/users/{userId}": "not a list",
        "GET /management/v1/projects/{projectId}/templates/campaigns": (
            "id_cursor",
            "limit starting_after_id order filters",
            "±id",
            "data",
        ),
        "GET /management/v1/projects/{projectId}/stacking-rules": ("unpaged", "-", "-", "data"),
        "GET /management/v1/projects/{projectId}/stacking-rules/{stackingRulesId}": "not a list",
        "GET /management/v1/projects/{projectId}/metadata-schemas": ("unpaged", "-", "-", "data"),
        "GET /management/v1/projects/{projectId}/metadata-schemas/{metadataSchemaId}": "not a list",
        "GET /management/v1/projects/{projectId}/custom-event-schemas": ("unpaged", "-", "-", "data"),
        "GET /management/v1/projects/{projectId}/custom-event-schemas/{customEventSchemaId}": "not a list",
        "GET /management/v1/projects/{projectId}/webhooks": ("unpaged", "-", "-", "data"),
        "GET /management/v1/projects/{projectId}/webhooks/{webhookId}": "not a list",
        "GET /management/v1/projects/{projectId}/branding": ("unpaged", "-", "-", "data"),
        "GET /management/v1/projects/{projectId}/branding/{brandingId}": "not a list",
    },
    "metadata-schemas.json": {
        "GET /v1/metadata-schemas": ("unpaged", "-", "-", "schemas"),
        "GET /v1/metadata-schemas/{resource}": "not a list",
    },
    "oauth.json": {},
    "orders.json": {
        "GET /v1/orders": ("page", "limit page order", "±created_at ±updated_at", "orders"),
        "GET /v1/orders/{orderId}": "not a list",
    },
    "product-collections.json": {
        "GET /v1/product-collections": (
            "page",
            "limit page order",
            "±created_at ±updated_at ±type ±code ±campaign ±category",
            "data",
        ),
        "GET /v1/product-collections/{productCollectionId}": "not a list",
        "GET /v1/product-collections/{productCollectionId}/products": (
            "date_cursor",
            "limit page starting_after order",
            "±created_at ±updated_at ±type ±code ±campaign ±category",
            "data",
        ),
    },
    "products.json": {
        "GET /v1/products": (
            "page",
            "limit page order start_date end_date",
            "±created_at ±updated_at ±type ±code ±campaign ±category",
            "products",
        ),
        "GET /v1/products/{productId}": "not a list",
        "GET /v1/skus/{skuId}": "not a list",
        "GET /v1/products/{productId}/skus": (
            "page",
            "limit page order start_date end_date",
            "±created_at ±updated_at ±type ±code ±campaign ±category",
            "data",
        ),
    },
    "promotions.json": {
        "GET /v1/promotions/tiers": ("page", "limit page order", "±created_at ±updated_at", "tiers"),
        "GET /v1/promotions/{campaignId}/tiers": ("unpaged", "-", "-", "tiers"),
        "GET /v1/promotions/tiers/{promotionTierId}": "not a list",
        "GET /v1/promotions/stacks": (
            "page",
            "limit page order created_at[before,after] updated_at[before,after]",
            "±created_at ±updated_at ±name",
            "data",
        ),
        "GET /v1/promotions/{campaignId}/stacks": ("unpaged", "-", "-", "data"),
        "GET /v1/promotions/{campaignId}/stacks/{stackId}": "not a list",
    },
    "publications.json": {
        "GET /v1/publications/create": "not a list",
        "GET /v1/publications": (
            "page",
            "limit page order filters",
            "±id ±voucher_code ±tracking_id ±customer_id ±created_at ±channel",
            "publications",
        ),
    },
    "qualifications.json": {},
    "redemptions.json": {
        "GET /v1/redemptions": (
            "page",
            "limit page order filters created_at[before,after]",
            "±created_at ±id ±voucher_code ±tracking_id ±customer_id",
            "redemptions",
        ),
        "GET /v1/redemptions/{redemptionId}": "not a list",
        "GET /v1/vouchers/{code}/redemption": ("unpaged", "-", "-", "redemption_entries"),
    },
    "referrals.json": {
        "GET /v1/referrals/{campaignId}/members/{memberId}/holders": (
            "id_cursor",
            "limit starting_after_id order filters",
            "±id",
            "data",
        ),
        "GET /v1/referrals/members/{memberId}/holders": (
            "id_cursor",
            "limit starting_after_id order filters",
            "±id",
            "data",
        ),
    },
    "rewards.json": {
        "GET /v1/rewards": ("page", "limit page", "-", "data"),
        "GET /v1/rewards/{rewardId}": "not a list",
        "GET /v1/rewards/{rewardId}/assignments": ("page", "limit page", "-", "data"),
        "GET /v1/rewards/{rewardId}/assignments/{assignmentId}": "not a list",
    },
    "segments.json": {
        "GET /v1/segments/{segmentId}": "not a list",
        "GET /v1/segments": ("unpaged", "limit order filters", "±created_at", "data"),
    },
    "templates.json": {
        "GET /v1/templates/campaigns": ("id_cursor", "limit starting_after_id order filters", "±id", "data"),
        "GET /v1/templates/campaigns/{campaignTemplateId}": "not a list",
    },
    "validation-rules.json": {
        "GET /v1/validation-rules": (
            "page",
            "limit page order start_date end_date",
            "±created_at ±updated_at ±name",
            "data",
        ),
        "GET /v1/validation-rules/{validationRuleId}": "not a list",
        "GET /v1/validation-rules-assignments": ("page", "limit page order related_object_id", "±created_at", "data"),
        "GET /v1/validation-rules/{validationRuleId}/assignments": ("page", "limit page order", "±created_at", "data"),
    },
    "validations.json": {},
    "vouchers.json": {
        "GET /v1/vouchers": (
            "page",
            "limit page order filters category campaign_id campaign code "
            "created_at[before,after] updated_at[before,after]",
            "±created_at ±updated_at ±code",
            "vouchers",
        ),
        "GET /v1/vouchers/{code}": "not a list",
        "GET /v1/vouchers/{code}/transactions": ("id_cursor", "limit starting_after_id order", "±id", "data"),
    },
}


@pytest.mark.parametrize(("name", "operation", "row"), rows(EXPECTED))
def test_each_row_holds_in_the_spec(name: str, operation: str, row: Row) -> None:
    assert wrong_claims(raw(name), operation.removeprefix("GET "), row) == []


def test_the_v1_files_m_to_z_read_as_their_rows() -> None:
    assert table([f for f in official_specs() if f.name in EXPECTED]) == EXPECTED
