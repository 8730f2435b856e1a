"""Every version of the customers contract (../shared/spec-history, both series) served by the embedded sandbox from
that version's own spec, and judged by the suite: no defect, no error, no spec gap of the sandbox's own making
(`sandbox/own_findings.py`), and the list served under the spec's own path and server URL.

The sandbox is the correct server of whatever version it is given: a `page=100` that a version allows is answered,
`/customers` under `https://api.voucherify.io/v1` is served at `/v1/customers`. A version where a check is not
applicable, or not checked, is fine (INCOMPLETE); a verdict of error (exit 2) or a defect is the sandbox's fault.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from conformance.engine.run import run
from conformance.result import RunResult, Verdict
from conformance.sandbox import Credentials, Sandbox
from conformance.sandbox.own_findings import own_gaps
from conformance.settings import resolve_settings
from tests.shared import shared_path

HISTORY = sorted(shared_path("spec-history").glob("*/*.json"))
# Schemathesis' fuzzing examples per run: with its coverage cases and every probe, 70 to 230 requests a version,
# about 80 seconds for the 36 versions on 2 workers (`pytest -n 2`).
MAX_EXAMPLES = 5


def findings(result: RunResult) -> list[tuple[str, str, str]]:
    """What a run on the correct sandbox must not give: a defect, or a spec gap of the sandbox's own making."""
    return [(f.check, f.operation, f.message) for f in [*result.defects, *own_gaps(result.spec_gaps)]]


@pytest.mark.slow
@pytest.mark.parametrize("spec", HISTORY, ids=[f"{path.parent.name}/{path.name}" for path in HISTORY])
def test_every_version_of_the_customers_list_is_served_as_its_spec_says(spec: Path, tmp_path: Path) -> None:
    result = run(resolve_settings(spec=spec, report_dir=tmp_path, max_examples=MAX_EXAMPLES))
    assert result.verdict in (Verdict.PASS, Verdict.INCOMPLETE), [error.message for error in result.errors]
    assert not result.errors
    assert not findings(result)
    (operation,) = result.operations
    assert operation.requests > 0 and not any(item.check == "*" for item in operation.not_checked)


@pytest.mark.parametrize("spec", HISTORY, ids=[f"{path.parent.name}/{path.name}" for path in HISTORY])
def test_the_list_is_served_at_the_spec_s_path_under_its_server_url(spec: Path) -> None:
    raw = json.loads(spec.read_text())
    (path,) = raw["paths"]
    with Sandbox(spec=raw, credentials=Credentials("history", "token")) as sandbox:
        assert sandbox.served_operations == {f"GET {path}"} and not sandbox.not_served
        # The first server URL's path (`https://api.voucherify.io/v1`) is where the spec's paths start.
        base = urlsplit(raw["servers"][0]["url"]).path.rstrip("/")
        assert sandbox.url == f"http://127.0.0.1:{urlsplit(sandbox.url).port}{base}"
        assert requests.get(sandbox.url + path, headers=sandbox.credentials.headers, timeout=10).status_code == 200
