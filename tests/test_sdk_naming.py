"""The resolver from spec names to SDK names, over every GET list operation of every official spec file."""

from __future__ import annotations

import json

import pytest

from conformance.sdk import DEFAULT_SDK, ensure_sdk
from conformance.sdk.client import SdkWorker
from conformance.sdk.naming import api_class, method_name, model_name, param_name
from conformance.sdk.operations import list_operations
from tests.shared import official_specs

# The official specs are newer than voucherify 6.1.1: these are real gaps of that SDK, not resolver misses
# (checked by hand in its source). loyalties-v2.json describes an API that 6.1.1 predates altogether.
NOT_IN_6_1_1 = {
    "method SegmentsApi.list_segment",
    "argument filters of list_vouchers",
}
NEWER_THAN_6_1_1 = "loyalties-v2.json"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (model_name("CustomersListResponseBody"), "CustomersListResponseBody"),
        (api_class("Validation Rules"), "ValidationRulesApi"),
        (api_class("Client-side"), "ClientSideApi"),
        (method_name("list-customers"), "list_customers"),
        (method_name("list-SKUs-in-product"), "list_skus_in_product"),
        (method_name("list-member-pending-points-1"), "list_member_pending_points1"),
        (param_name("created_at[before]"), "created_at_before"),
    ],
)
def test_openapi_generator_names(name, expected):
    assert name == expected


def test_every_official_list_operation_resolves_in_6_1_1():
    gaps, newer, resolved = set(), set(), 0
    with SdkWorker(ensure_sdk(DEFAULT_SDK)) as sdk:
        for path in official_specs():
            for op in list_operations(json.loads(path.read_text())):
                signature = sdk.signature(op.api, op.sdk_method)
                found = gaps if path.name != NEWER_THAN_6_1_1 else newer
                if not signature["ok"]:
                    found.add(f"method {op.api}.{op.sdk_method}")
                    continue
                if sdk.parse(op.model, "{}").get("missing"):
                    found.add(f"model {op.model}")
                for param in op.parameters:
                    if param.argument not in signature["arguments"]:
                        found.add(f"argument {param.argument} of {op.sdk_method}")
                resolved += 1
    assert resolved > 50
    assert gaps == NOT_IN_6_1_1
    assert "method ProgramsApi.list_programs" in newer
