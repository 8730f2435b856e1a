"""A replay's findings say how to reproduce them now: the recording's loopback port is gone, so their curl lines send
to the target $CONFORMANCE_BASE_URL names and give the command that replays the cassette; a live URL is kept."""

from __future__ import annotations

import shlex

import pytest

from conformance.reproduce import BASE_URL_ENV, curl_for_url, for_replay
from conformance.result import RunResult
from conformance.runner import run
from conformance.sandbox import Sandbox
from conformance.sandbox.faults import get_fault
from conformance.settings import resolve_settings
from tests.conftest import CREDENTIALS, SPEC, run_against
from tests.test_reproduce import run_line

FAULT = "order-inverted"  # findings from probes (a sequence of curl lines) and from generated cases
OPTIONS = {"max_examples": 10, "seed": 3}
REPLAY_COMMAND = "conformance run --cassette c.yaml"


@pytest.fixture(scope="module")
def recorded_and_replayed(tmp_path_factory: pytest.TempPathFactory) -> tuple[RunResult, RunResult]:
    folder = tmp_path_factory.mktemp("replay")
    cassette = folder / "run.yaml"
    with Sandbox(credentials=CREDENTIALS, wrap=get_fault(FAULT).wrap) as server:
        recorded = run_against(server, folder / "record", cassette=cassette, **OPTIONS)
    settings = resolve_settings(spec=SPEC, report_dir=folder / "replay", cassette=cassette, environ={}, **OPTIONS)
    return recorded, run(settings)


def curl_lines(result: RunResult) -> list[str]:
    return [line for f in result.findings for line in f.reproduce.splitlines() if line.startswith("curl ")]


@pytest.mark.slow
def test_a_replay_names_no_port_of_the_recording(recorded_and_replayed: tuple[RunResult, RunResult]) -> None:
    recorded, replayed = recorded_and_replayed
    assert replayed.outcome() == recorded.outcome() and recorded.verdict == "fail"
    gone = recorded.info.base_url
    assert any(gone in line for line in curl_lines(recorded)), "the recording's own lines name its live target"
    assert curl_lines(replayed) and not [line for line in curl_lines(replayed) if gone in line]
    cassette = replayed.info.replay["cassette"]
    for finding in replayed.findings:
        if "curl " in finding.reproduce:
            assert finding.reproduce.splitlines()[-1].startswith("# replayed from a cassette")
            command = f"conformance run --cassette {cassette} --spec {SPEC} --seed 3 --max-examples 10"
            assert f"`{command}`" in finding.reproduce


@pytest.mark.slow
def test_a_replays_curl_line_sends_to_the_target_the_user_names(
    recorded_and_replayed: tuple[RunResult, RunResult],
) -> None:
    recorded, replayed = recorded_and_replayed
    target = "http://127.0.0.1:8321"
    env = {BASE_URL_ENV: target, "VOUCHERIFY_APP_ID": "a", "VOUCHERIFY_APP_TOKEN": "b"}
    sent = [run_line(line, env)[-1] for line in curl_lines(replayed)]
    assert sent == [shlex.split(line)[-1].replace(recorded.info.base_url, target) for line in curl_lines(recorded)]


@pytest.mark.parametrize("base", ["http://127.0.0.1:41234", "http://localhost:8000/", "http://[::1]:9"])
def test_a_loopback_recording_reads_the_target_from_the_variable(base: str) -> None:
    line = for_replay(curl_for_url(f"{base.rstrip('/')}/v1/customers?limit=3"), base, REPLAY_COMMAND)
    assert base.rstrip("/") not in line and REPLAY_COMMAND in line
    assert run_line(line.splitlines()[0], {BASE_URL_ENV: "http://x:1", "VOUCHERIFY_APP_ID": "a"})[-1] == (
        "http://x:1/v1/customers?limit=3"
    )


def test_a_bare_url_reads_the_target_from_the_variable_too() -> None:
    """shlex.quote leaves a URL with nothing to quote bare, as Schemathesis' curl lines show it."""
    line = for_replay("curl -X GET http://127.0.0.1:9/v1/customers", "http://127.0.0.1:9", REPLAY_COMMAND)
    assert run_line(line.splitlines()[0], {BASE_URL_ENV: "http://x:1"}) == ["-X", "GET", "http://x:1/v1/customers"]


def test_another_port_is_not_the_recordings() -> None:
    line = curl_for_url("http://127.0.0.1:90/v1/customers")
    assert for_replay(line, "http://127.0.0.1:9", REPLAY_COMMAND) == line


@pytest.mark.parametrize("base", ["https://api.voucherify.io", "http://10.0.0.5:8000"])
def test_a_recording_of_a_live_url_keeps_it(base: str) -> None:
    line = curl_for_url(f"{base}/v1/customers")
    assert for_replay(line, base, REPLAY_COMMAND) == line
