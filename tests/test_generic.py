"""The checks find everything they need in the spec: they run unchanged on a second list endpoint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.profile import list_profile
from conformance.sandbox import Sandbox
from conformance.sandbox.faults import get_fault
from tests.conftest import CREDENTIALS, run_against
from tests.shared import shared_path

ROOT = Path(__file__).parent.parent
PRODUCTS = ROOT / "specs" / "voucherify" / "products.json"
# Faults written against the query string, so they apply to any list route.
GENERIC_FAULTS = {
    "limit-ignored": "list_page_size",
    "order-inverted": "list_sort_order",
    "limit-max-unenforced": "list_bounds",
    "default-limit-5": "list_counts",
}


def products_run(tmp_path: Path, wrap=None):
    with Sandbox(credentials=CREDENTIALS, wrap=wrap, spec=json.loads(PRODUCTS.read_text())) as server:
        return run_against(server, tmp_path, spec=PRODUCTS)


def test_products_profile_comes_from_its_spec() -> None:
    profile = list_profile(json.loads(PRODUCTS.read_text()), "GET", "/v1/products")
    assert profile is not None
    assert (profile.items_key, profile.data_ref, profile.default_limit) == ("products", "products", 10)
    assert profile.page is not None and profile.page.maximum == 100
    assert profile.default_order == "created_at"  # "the most recent products appearing last"
    assert profile.date_cursor is None and not profile.has_more


@pytest.mark.parametrize(
    ("file", "path", "items_key", "cursor"),
    [
        ("vouchers.json", "/v1/vouchers", "vouchers", None),
        ("redemptions.json", "/v1/redemptions", "redemptions", None),
        ("vouchers.json", "/v1/vouchers/{code}/transactions", "data", "starting_after_id"),
    ],
)
def test_profiles_of_official_list_endpoints(file: str, path: str, items_key: str, cursor: str | None) -> None:
    profile = list_profile(json.loads(shared_path("voucherify", "openapi", file).read_text()), "GET", path)
    assert profile is not None and profile.items_key == items_key and profile.id_cursor == cursor
    assert profile.limit is not None and profile.limit.maximum == 100


def test_a_single_resource_get_is_not_a_list() -> None:
    spec = json.loads(shared_path("voucherify", "openapi", "products.json").read_text())
    assert list_profile(spec, "GET", "/v1/products/{productId}") is None


@pytest.mark.slow
def test_correct_products_endpoint_has_zero_defects(tmp_path: Path) -> None:
    summary = products_run(tmp_path)
    assert summary.verdict == "pass", [f"{d.check}: {d.message}" for d in summary.defects] + summary.error_messages


@pytest.mark.slow
@pytest.mark.parametrize(("fault", "check"), GENERIC_FAULTS.items())
def test_faulty_products_endpoint_is_caught(tmp_path: Path, fault: str, check: str) -> None:
    summary = products_run(tmp_path, get_fault(fault).wrap)
    assert summary.verdict == "fail" and check in {d.check for d in summary.defects}
