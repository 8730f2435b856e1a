"""A filter probe sends only values the filter's own schema admits: where the spec's `$is` enum is narrower than what
items hold (customers.json's redeemables: `campaign_type` items may be PROMOTION, its `$is` admits four other
values), a value outside it is the spec contradicting itself, never a defect of the API."""

from __future__ import annotations

from pathlib import Path

from conformance.probes.filtering import FILTERS, FINDS
from conformance.profile import list_profile
from conformance.result import Kind, RunResult
from conformance.runner import run
from conformance.selection import Selection
from conformance.settings import resolve_settings
from conformance.spec import load_spec
from tests.shared import shared_path

PATH = "/v1/customers/{customerId}/redeemables"
NARROWED = "campaign_type"


def _run(tmp_path: Path) -> RunResult:
    """The redeemables list of customers.json on its correct embedded sandbox (`filter-finds-nothing` on the same
    probe is caught: tests/test_faults.py)."""
    spec = shared_path("voucherify", "openapi", "customers.json")
    selection = Selection(include=(("path", (PATH,)), ("method", ("GET",))))
    return run(resolve_settings(spec=spec, report_dir=tmp_path, selection=selection, max_examples=1, environ={}))


def test_the_profile_keeps_the_schema_of_each_is_condition() -> None:
    raw = load_spec(shared_path("voucherify", "openapi", "customers.json")).raw
    profile = list_profile(raw, "GET", PATH)
    assert profile is not None and profile.filters is not None
    (schema,) = profile.filters.is_schemas[NARROWED]
    assert "PROMOTION" not in schema["enum"] and {"LOYALTY_PROGRAM", "GIFT_VOUCHERS"} <= set(schema["enum"])


def test_no_value_outside_the_filters_enum_is_sent_and_called_a_defect(tmp_path: Path) -> None:
    result = _run(tmp_path)
    assert [f.title for f in result.of_kind(Kind.DEFECT) if f.check == FINDS] == []
    (op,) = [op for op in result.operations if op.operation == f"GET {PATH}"]
    assert FINDS in op.checked, "other filters of the list are still probed"
    reasons = [item.reason for item in op.not_checked if item.check == f"{FILTERS}[filters.{NARROWED}]"]
    assert all("the spec's schema for $is admits" in reason for reason in reasons), reasons
