"""A page below 1 that the schema admits (client-side's `page` has no minimum; its words say the lowest is 1) has no
position to judge `total` against: list_counts is silent there, and still judges every page from 1 on."""

from __future__ import annotations

import json

import pytest

from conformance.checks.pagination import list_counts
from conformance.checks.view import read_request
from conformance.profile import list_profile
from tests.shared import shared_path
from tests.test_checks import T1, at, fires, page

RAW = json.loads(shared_path("voucherify", "openapi", "client-side.json").read_text())
TIERS = list_profile(RAW, "GET", "/client/v1/promotions/tiers")
TOTAL = 28


@pytest.mark.parametrize(
    ("number", "count", "fires_"),
    [("-3090021814483", TOTAL, False), ("1", TOTAL, False), ("2", TOTAL, True), ("1", 5, True)],
)
def test_counts_are_judged_from_page_one_on(number: str, count: int, fires_: bool) -> None:
    assert TIERS is not None and TIERS.page is not None and TIERS.page.minimum is None
    request = read_request(TIERS, {"page": number, "limit": "50"})
    assert request is not None
    assert fires(list_counts, request, page(at(*[T1] * count), TOTAL, None), TIERS) is fires_
