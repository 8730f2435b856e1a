"""A probe sends query parameters only: on an operation whose spec requires a header (client-side's `origin`), its
refusal says nothing about the list, so the probes are not checked, with the reason, never a defect."""

from __future__ import annotations

from pathlib import Path

from conformance.engine.run import run
from conformance.probes.plan import unsent_required
from conformance.result import Kind
from conformance.selection import parse_selection
from conformance.settings import resolve_settings
from conformance.spec import load_spec
from tests.shared import shared_path

CLIENT_SIDE = shared_path("voucherify", "openapi", "client-side.json")
TIERS = "/client/v1/promotions/tiers"


def _run(spec: Path, path: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    only = parse_selection({"path": [path], "method": ["GET"]}, {}, None)
    return run(resolve_settings(spec=spec, max_examples=5, selection=only, report_dir=tmp_path, environ={}))


def test_the_required_header_of_client_side_lists_is_read_from_the_spec() -> None:
    raw = load_spec(CLIENT_SIDE).raw
    assert unsent_required(raw, TIERS, "GET") == ["header origin"]
    assert (
        unsent_required(load_spec(shared_path("voucherify", "openapi", "customers.json")).raw, "/v1/customers", "GET")
        == []
    )


def test_the_credential_headers_an_old_spec_requires_are_sent_by_every_request() -> None:
    """The oldest customers contracts declare X-App-Id and X-App-Token as required header parameters: a run carries
    both on every request, probes included, so they keep no probe from being sent."""
    old = load_spec(shared_path("spec-history", "customers-list", "2022-04-29_57f00bb1.json")).raw
    (path,) = old["paths"]
    assert unsent_required(old, path, "GET") == []


def test_probes_that_cannot_send_a_required_header_are_not_checked_never_a_defect(tmp_path: Path) -> None:
    result = _run(CLIENT_SIDE, TIERS, tmp_path)
    assert [f for f in result.findings if f.kind is Kind.DEFECT] == []
    reasons = [entry for entry in result.not_checked if "header origin" in str(entry)]
    assert reasons, result.not_checked
