"""What a run prints is about what it selected, and every selected operation gets its credential checks."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conformance.credentials import APP_ID_ENV, APP_TOKEN_ENV
from conformance.engine.probing import METHOD_RULES_OUT
from conformance.probes import AUTH
from conformance.result import RunResult
from conformance.runner import run
from conformance.sandbox import Sandbox
from conformance.sandbox.faults import get_fault
from conformance.selection import Selection
from conformance.settings import resolve_settings
from conformance.spec import load_spec
from tests.conftest import CREDENTIALS, run_against
from tests.shared import shared_path

LISTS = ("/v1/vouchers",)
ITEM = "GET /v1/customers/{customerId}"


def _embedded(tmp_path: Path, spec: str, selection: Selection) -> RunResult:
    path = shared_path("voucherify", "openapi", spec)
    return run(resolve_settings(spec=path, report_dir=tmp_path, selection=selection, max_requests=1, environ={}))


def test_spec_findings_are_about_the_selected_operations_only(tmp_path: Path) -> None:
    whole = _embedded(tmp_path / "whole", "vouchers.json", Selection())
    narrowed = _embedded(tmp_path / "narrowed", "vouchers.json", Selection(include=(("path", LISTS),)))
    selected = {op.operation for op in narrowed.operations}
    about = {finding.operation for finding in narrowed.findings}
    assert about and about <= selected, sorted(about - selected)[:3]
    assert {finding.operation for finding in whole.findings} - selected, "the whole file has findings elsewhere"
    assert all(line.split(": ")[0] in selected for line in narrowed.not_checked)


def _item_run(tmp_path: Path, fault: str | None, all_methods: bool = False) -> RunResult:
    """A run of customers.json's item path on its embedded sandbox: its GET only, or every method it has."""
    raw = load_spec(shared_path("voucherify", "openapi", "customers.json")).raw
    wrap = get_fault(fault).wrap if fault else None
    methods = () if all_methods else (("method", ("GET",)),)
    selection = Selection(include=(("path", ("/v1/customers/{customerId}",)), *methods), all_methods=all_methods)
    with Sandbox(credentials=CREDENTIALS, wrap=wrap, spec=raw) as server:
        return run(
            resolve_settings(
                spec=shared_path("voucherify", "openapi", "customers.json"),
                base_url=server.url,
                app_id=CREDENTIALS.app_id,
                app_token=CREDENTIALS.app_token,
                report_dir=tmp_path,
                max_examples=2,
                selection=selection,
            )
        )


@pytest.mark.parametrize(("fault", "fires"), [(None, False), ("auth-ignored", True), ("token-unchecked", True)])
def test_an_operation_that_is_not_a_list_gets_its_credential_checks(
    tmp_path: Path, fault: str | None, fires: bool
) -> None:
    result = _item_run(tmp_path, fault)
    (op,) = [op for op in result.operations if op.operation == ITEM]
    assert op.list_style is None and AUTH in op.checked
    assert bool([f for f in result.defects if f.check == AUTH and f.operation == ITEM]) == fires


def test_a_method_that_changes_data_is_listed_as_not_checked_for_credentials(tmp_path: Path) -> None:
    result = _item_run(tmp_path, None, all_methods=True)
    unsafe = [op for op in result.operations if not op.operation.startswith("GET")]
    assert unsafe and all(
        any(
            item.check in (AUTH, "*") and (METHOD_RULES_OUT in item.reason or item.check == "*")
            for item in op.not_checked
        )
        for op in unsafe
    )


@pytest.mark.parametrize("fault", ["token-unchecked", "auth-ignored"])
def test_a_credential_findings_curl_line_reproduces_it(fault: str, tmp_path: Path) -> None:
    """Run as printed, with the user's credentials exported, each curl line gets the answer the finding shows: a
    wrong-token finding's line sends the wrong token (a bare line would get the right 401 and hide the defect)."""
    environ = {**os.environ, APP_ID_ENV: CREDENTIALS.app_id, APP_TOKEN_ENV: CREDENTIALS.app_token}
    with Sandbox(credentials=CREDENTIALS, wrap=get_fault(fault).wrap) as server:
        result = run_against(server, tmp_path, max_examples=1)
        found = [f for f in result.defects if f.check == AUTH]
        assert found
        for finding in found:
            (line,) = [line for line in finding.reproduce.splitlines() if line.startswith("curl ")]
            status = subprocess.run(
                ["bash", "-c", f"{line} -s -o /dev/null -w '%{{http_code}}'"], env=environ, capture_output=True,
                text=True, check=True, timeout=30,
            ).stdout  # fmt: skip
            assert f"Received: HTTP {status}" in finding.message, (line, finding.title)
