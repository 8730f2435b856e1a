"""A finding's curl line reproduces its request, and never carries a secret: each scrubbed value is read from a named
environment variable, as the credential headers are."""

from __future__ import annotations

import shlex
import subprocess

import pytest

from conformance import st, st_schema
from conformance.generation import schemathesis_config
from conformance.reproduce import QUERY_ENV_PREFIX, curl_for, curl_for_url, query_env
from conformance.settings import RunSettings
from conformance.spec import load_spec
from tests.shared import shared_path

SECRET = "tok_0123456789abcdef"
# A stand-in for curl that prints each argument it receives on a line of its own.
ECHO_CURL = 'curl() { printf "%s\\n" "$@"; }; '


def run_line(line: str, env: dict[str, str]) -> list[str]:
    """The arguments the shell hands to curl when the line runs with these variables set."""
    command = ["bash", "-c", ECHO_CURL + line]
    done = subprocess.run(command, capture_output=True, text=True, check=True, env={"PATH": "/usr/bin:/bin", **env})
    return done.stdout.splitlines()


@pytest.mark.parametrize(
    "url",
    [
        f"http://127.0.0.1:9/v1/exports/exp_1?token={SECRET}",
        f"http://127.0.0.1:9/v1/exports/exp_1?token={SECRET}&limit=10",
        f"http://127.0.0.1:9/v1/exports/exp_1?limit=10&token={SECRET}&order=-created_at",
    ],
)
def test_a_secret_query_value_is_read_from_a_named_variable(url: str) -> None:
    line = curl_for_url(url)
    assert SECRET not in line
    assert f"${query_env('token')}" in line and "the `token` query value" in line
    assert run_line(line, {query_env("token"): SECRET})[-1] == url


def test_a_url_without_secrets_is_quoted_as_it_is() -> None:
    url = "http://127.0.0.1:9/v1/customers?created_at%5Bafter%5D=2022-10-24&limit=3"
    line = curl_for_url(url)
    assert QUERY_ENV_PREFIX not in line and run_line(line, {})[-1] == url


def test_a_generated_case_scrubbed_by_schemathesis_names_the_variable() -> None:
    spec = shared_path("voucherify", "openapi", "exports.json")
    schema = st_schema.load_schema(load_spec(spec).raw, schemathesis_config(RunSettings(), "http://127.0.0.1:9"))
    operation = next(op for label, op, _ in st_schema.operations(schema) if label == "GET /v1/exports/{export_Id}")
    case = st.case_for_query(operation, {"token": SECRET}, {"export_Id": "exp_1"})
    line = curl_for(case, "http://127.0.0.1:9")
    assert SECRET not in line and "Filtered" not in line, line
    arguments = run_line(line, {query_env("token"): SECRET, "VOUCHERIFY_APP_ID": "a", "VOUCHERIFY_APP_TOKEN": "b"})
    assert arguments[-1] == f"http://127.0.0.1:9/v1/exports/exp_1?token={SECRET}"
    assert shlex.split(line)[0] == "curl"
