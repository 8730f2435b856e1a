"""The embedded sandbox judged by the suite, on every official file: no defect and no spec gap of its own making
(a schema-valid request refused), and the same data in every process, whatever PYTHONHASHSEED."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conformance.engine.run import run
from conformance.findings import response_excerpt
from conformance.result import Finding, Kind, RunResult
from conformance.sandbox import Sandbox
from conformance.sandbox.errors import InvalidQuery
from conformance.sandbox.http import App, Request, Response
from conformance.sandbox.listing import UNISSUED_CURSOR, UNISSUED_CURSOR_KEY
from conformance.sandbox.own_findings import REFUSED_VALID, SPEC_PRESCRIBED, own_gaps, sandbox_made
from conformance.sandbox.params import BOTH_DIRECTIONS, BOTH_DIRECTIONS_KEY
from conformance.sandbox.rewrites import params_of
from conformance.sandbox.spec_app import NOT_SERVED, SpecApp
from conformance.settings import resolve_settings, spec_files
from tests.conftest import CREDENTIALS
from tests.shared import official_specs, shared_path

# The files `--spec` takes from the official folder: each one runs whole, as a user's default run does (no budget,
# Schemathesis' default examples), so that every generated case of the big files (loyalties-v2) is sent too.
FILES = spec_files([shared_path("voucherify", "openapi")])


def self_run(spec: Path, tmp_path: Path, base_url: str | None = None) -> RunResult:
    """The default run of `spec`, with no budget, on the embedded sandbox or the one at `base_url`."""
    target: dict[str, Any] = {}
    if base_url:
        target = {"base_url": base_url, "app_id": CREDENTIALS.app_id, "app_token": CREDENTIALS.app_token}
    return run(resolve_settings(spec=spec, report_dir=tmp_path, **target))


def sandbox_findings(result: RunResult) -> list[tuple[str, str, str]]:
    """What a run on the correct sandbox must not give: a defect, or a spec gap of the sandbox's own making."""
    return [(f.check, f.operation, f.message) for f in [*result.defects, *own_gaps(result.spec_gaps)]]


@pytest.mark.slow
@pytest.mark.parametrize("spec", FILES, ids=[path.name for path in FILES])
def test_the_correct_sandbox_gives_no_defect_no_error_and_no_gap_of_its_own(spec: Path, tmp_path: Path) -> None:
    served = SpecApp(json.loads(spec.read_text()), CREDENTIALS, 0)
    if not served.served:
        # referrals.json: no GET of the file holds a referral member; events.json and oauth.json have no GET at all.
        # Each operation is named, with the reason, never sent.
        assert served.not_served and all(reason.startswith(NOT_SERVED) for reason in served.not_served.values())
        return
    result = self_run(spec, tmp_path)
    assert result.info.budget is None and not result.unsent_cases
    assert not result.errors, [error.message for error in result.errors]
    assert not sandbox_findings(result)


def refuses_large_limits(app: App) -> App:
    """The sandbox as it was on its own bounds: a schema-valid `limit` above 50 is a 400."""

    def faulty(request: Request) -> Response:
        limit = dict(params_of(request)).get("limit", "")
        if limit.isdigit() and int(limit) > 50:
            return Response.json(400, {"code": 400, "key": "invalid", "message": "Invalid", "details": "limit"})
        return app(request)

    return faulty


@pytest.mark.slow
def test_a_sandbox_that_refuses_valid_requests_is_caught(tmp_path: Path) -> None:
    spec = next(path for path in FILES if path.name == "async-actions.json")  # small: about 10 seconds
    with Sandbox(spec=json.loads(spec.read_text()), credentials=CREDENTIALS, wrap=refuses_large_limits) as server:
        result = self_run(spec, tmp_path, server.url)
    assert sandbox_findings(result), "a refused schema-valid limit is the sandbox's own finding"


def refusal(key: str, details: str) -> Finding:
    """A schema-valid request refused with a 400 under error `key`, as a run records it."""
    body = {"code": 400, "key": key, "message": "Invalid query params", "details": f"Parameter 'x' {details}."}
    message = f"Valid data should have been accepted\nReceived: HTTP 400 (Parameter 'x' {details}.)"
    response = response_excerpt(400, json.dumps(body).encode())
    return Finding(
        Kind.SPEC_GAP, REFUSED_VALID, "GET /v1/x", "Schema-valid request rejected", message, response=response
    )


@pytest.mark.parametrize(
    ("key", "words"), [(UNISSUED_CURSOR_KEY, UNISSUED_CURSOR), (BOTH_DIRECTIONS_KEY, BOTH_DIRECTIONS)]
)
def test_refusals_the_spec_prescribes_are_told_by_their_error_key_not_their_words(key: str, words: str) -> None:
    assert key in SPEC_PRESCRIBED and not sandbox_made(refusal(key, words))
    # The same words under the key of a value the schema refuses: the sandbox's own refusal, whatever it says.
    assert sandbox_made(refusal(InvalidQuery.key, words))
    assert sandbox_made(refusal(InvalidQuery.key, "must be an integer from 1 to up"))


DIGEST = """
import hashlib, json, sys
from conformance.credentials import Credentials
from conformance.sandbox.spec_app import SpecApp
digest = hashlib.sha256()
for name in sys.argv[1:]:
    app = SpecApp(json.load(open(name)), Credentials("a", "b"), 0)
    for operation in sorted(app.lists):
        table = app.dataset.tables[operation].name
        for (document,) in app.dataset.query(f"SELECT document FROM {table} ORDER BY rowid", []):
            digest.update(document.encode())
    for operation in sorted(app.items):
        digest.update(json.dumps(app._objects(operation), sort_keys=True).encode())
    digest.update(json.dumps(sorted(app.not_served.items())).encode())
print(digest.hexdigest())
"""


@pytest.mark.slow
def test_every_dataset_is_the_same_whatever_the_hash_seed() -> None:
    """Two processes with different PYTHONHASHSEED build byte-identical data for every official file."""
    files = [str(path) for path in official_specs()]
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", DIGEST, *files],
            env={**os.environ, "PYTHONHASHSEED": seed},
            stdout=subprocess.PIPE,
            text=True,
        )
        for seed in ("1", "2")
    ]
    digests = [process.communicate(timeout=300)[0] for process in runs]
    assert all(process.returncode == 0 for process in runs)
    assert digests[0] == digests[1] and len(digests[0].strip()) == 64
