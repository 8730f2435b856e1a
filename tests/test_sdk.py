"""`conformance sdk`: the gate fires on responses that break the typed SDK, stays silent on the correct sandbox,
replays offline from a cassette, and finds regressions between two real SDK versions."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
import requests
import yaml

from conformance.cassette.scan import scan
from conformance.cassette.scrub import OWN
from conformance.errors import TargetError
from conformance.result import FILE_SEPARATOR, Kind, Verdict
from conformance.sandbox import Sandbox
from conformance.sandbox.rewrites import items_of, payload
from conformance.sdk import DEFAULT_SDK, SdkSettings, ensure_sdk, run_sdk_gate
from conformance.sdk.cassette import REPLAY_ORIGIN
from conformance.sdk.client import SdkWorker
from conformance.sdk.command import add_parser, main, render
from conformance.sdk.gate import DRIVING
from conformance.sdk.proxy import NOT_RECORDED, RecordingProxy
from conformance.sdk.replay import load_recordings
from conformance.session import RunSession
from conformance.settings import DEFAULT_SPEC, RunSettings
from conformance.spec import load_spec
from conformance.writers.progress import ConsoleProgress
from tests.shared import shared_path
from tests.test_progress import Timed, extra_lines_are_heartbeat_seconds_apart
from tests.test_run_files import Ticking

SPEC = Path("specs/voucherify/customers.yaml")
# voucherify 6.1.1 formats datetime query values with Configuration.datetime_format "%Y-%m-%dT%H:%M:%S.%f%z",
# i.e. "+0000": not RFC 3339 (it needs "Z" or "+00:00"). That is the one real SDK-vs-spec difference the
# correct sandbox shows; every other finding would be a false alarm.
KNOWN_SDK_DEFECT = "not an RFC 3339 date-time"


@pytest.fixture(scope="session")
def sdk_env():  # one install per cache dir, reused by every test (and by later sessions)
    return ensure_sdk(DEFAULT_SDK)


@pytest.fixture(scope="session")
def sdk(sdk_env):  # one worker: importing the SDK's models takes seconds
    with SdkWorker(sdk_env) as worker:
        yield worker


ROOT = Path(__file__).parent.parent


def _gate(worker, candidate=None, base_url=None, credentials=None, **kwargs):
    specs = tuple(load_spec(path) for path in kwargs.pop("specs", [kwargs.pop("spec", SPEC)]))
    against = candidate.env if candidate else None
    app = credentials.pair if credentials else (None, None)
    target = RunSettings(base_url=base_url, app_id=app[0], app_token=app[1], **kwargs.pop("target", {}))
    progress = kwargs.pop("progress", None)
    settings = SdkSettings(specs=specs, sdk=worker.env, against=against, target=target, **kwargs)
    return run_sdk_gate(settings, worker=worker, candidate=candidate, progress=progress)


def _live(sdk, wrap=None, **kwargs):
    with Sandbox(wrap=wrap) as sandbox:
        return _gate(sdk, base_url=sandbox.url, credentials=sandbox.credentials, **kwargs)


def _sdk_cassette(path, target, body):
    """A stock vcrpy cassette of the gate's kind: one answer to the SDK's credentials, as a recording keeps it."""
    request = {"body": None, "headers": {"X-App-Id": [OWN], "X-App-Token": [OWN]}, "method": "GET"}
    response = {"body": {"string": json.dumps(body)}, "headers": {}, "status": {"code": 200, "message": "OK"}}
    interaction = {"request": {**request, "uri": f"{REPLAY_ORIGIN}{target}"}, "response": response}
    document = {"interactions": [interaction], "metadata": {"conformance": {"kind": "sdk"}}, "version": 1}
    path.write_text(yaml.safe_dump(document))


def _unexplained(result):
    return [f for f in result.of_kind(Kind.DEFECT) if KNOWN_SDK_DEFECT not in f.title]


def _fault(name, local):
    """The sandbox's own fault when it exists (added by the sandbox owner), else our small stand-in."""
    from conformance.sandbox.faults import get_fault

    try:
        return get_fault(name).wrap
    except ValueError:
        return payload(local)


def _total_as_string(body, _):
    body["total"] = str(body["total"])


def _object_outside_enum(body, _):
    for item in items_of(body):
        item["object"] = "customers"


def _null_item(body, _):
    body["customers"].insert(0, None)


def _datetime_without_zone(body, _):
    for item in items_of(body):
        item["created_at"] = item["created_at"].removesuffix("Z")


FAULTS = {
    "total-as-string": (_total_as_string, "sdk_deserialize", ("CustomersListResponseBody", "$.total")),
    "object-outside-enum": (_object_outside_enum, "sdk_deserialize", ("$.customers[*].object", "enum")),
    "null-item": (_null_item, "sdk_deserialize", ("$.customers[*]", "valid dictionary")),
    "datetime-without-zone": (_datetime_without_zone, "sdk_fidelity", ("$.customers[*].created_at", "zone")),
}


def test_correct_sandbox_shows_only_the_real_sdk_difference(sdk):
    result = _live(sdk)
    assert result.operations and result.operations[0].operation == "GET /v1/customers"
    assert result.operations[0].requests > 15  # every order, limits, pages, cursors, filters
    assert _unexplained(result) == []
    assert {f.check for f in result.of_kind(Kind.DEFECT)} == {"sdk_request"}
    assert all("+0000" in f.message for f in result.of_kind(Kind.DEFECT))


@pytest.mark.parametrize("name", FAULTS)
def test_each_typed_client_fault_fires(sdk, name):
    local, check, words = FAULTS[name]
    result = _live(sdk, wrap=_fault(name, local))
    assert result.verdict is Verdict.FAIL
    fired = [f for f in _unexplained(result) if f.check == check]
    assert fired, [f.title for f in result.findings]
    assert all(word in fired[0].title + fired[0].message for word in words), fired[0]
    assert "voucherify 6.1.1" in fired[0].message and "Interaction:" in fired[0].message


def test_replay_from_cassette_needs_no_target_and_gives_the_same_verdict(sdk, tmp_path):
    cassette = tmp_path / "sdk.yaml"
    live = _live(sdk, wrap=_fault("total-as-string", _total_as_string), cassettes=(cassette,))
    assert cassette.exists() and "X-App-Token" in cassette.read_text()
    replayed = _gate(sdk, cassettes=(cassette,))  # the sandbox is gone: nothing is reachable
    assert replayed.requests == live.requests > 0 and replayed.info.replay  # each one answered from the cassette
    assert render(replayed).startswith(
        f"Verdict: FAIL  ({replayed.requests} requests to replay of {cassette} (recorded against http://127.0.0.1:"
    )
    assert replayed.verdict is live.verdict is Verdict.FAIL
    titles = sorted(f.title for f in replayed.of_kind(Kind.DEFECT))
    assert titles == sorted(f.title for f in live.of_kind(Kind.DEFECT))
    assert any("CustomersListResponseBody cannot parse $.total" in title for title in titles)


def test_committed_cassettes_parse_offline(sdk):
    cassettes = tuple(sorted(Path("cassettes").glob("customers-*.yaml")))
    result = _gate(sdk, cassettes=cassettes)
    assert [f for f in result.findings if f.check in ("sdk_deserialize", "sdk_fidelity")] == []


def test_the_committed_sdk_cassette_replays_its_recorded_verdict(sdk):
    """What an SDK release job runs: offline, from the committed cassette, gated on the verdict."""
    cassette = ROOT / "cassettes" / "sdk-customers.yaml"
    result = _gate(sdk, cassettes=(cassette,))
    assert result.requests == len(load_recordings((cassette,)).answers) and result.verdict is Verdict.FAIL
    assert _unexplained(result) == [] and len(result.of_kind(Kind.DEFECT)) == 5


def test_spec_examples_parse(sdk):
    result = _gate(sdk, cassettes=(Path("cassettes/customers-sandbox.yaml"),), examples=True)
    assert [f for f in result.findings if f.check == "sdk_deserialize"] == []


def test_unknown_field_is_a_note_and_a_declared_one_lost_is_not(sdk, tmp_path):
    example = load_spec(SPEC).raw["paths"]["/v1/customers"]["get"]["responses"]["200"]["content"]
    value = example["application/json"]["examples"]["Example"]["value"]
    value = {**value, "customers": [{**value["customers"][0], "favourite_colour": "teal"}]}
    cassette = tmp_path / "extra.yaml"
    _sdk_cassette(cassette, "/v1/customers", value)
    result = _gate(sdk, cassettes=(cassette,))
    notes = [f for f in result.of_kind(Kind.NOTE) if f.check == "sdk_fidelity"]
    assert [n.title for n in notes] == [
        "CustomersListResponseBody drops $.customers[*].favourite_colour, a field the spec does not declare"
    ]
    assert not [f for f in result.of_kind(Kind.DEFECT) if f.check == "sdk_fidelity"]


def test_two_versions_list_the_regressions(sdk, tmp_path):
    # PyPI is reachable wherever the tests run (CI included): an install that fails is an error, never a skip.
    old_env = ensure_sdk("voucherify==5.0.3")
    spec = shared_path("voucherify", "openapi", "async-actions.json")
    # 6.1.1 added an enum check on async_actions[].operation_status that 5.0.3 did not have.
    body = {
        "object": "list",
        "data_ref": "async_actions",
        "async_actions": [{"id": "aa_1", "operation_status": "IN_PROGRESS"}],
    }
    cassette = tmp_path / "async.yaml"
    _sdk_cassette(cassette, "/v1/async-actions", body)
    with SdkWorker(old_env) as old:
        forward = _gate(old, sdk, spec=spec, cassettes=(cassette,))
        backward = _gate(sdk, old, spec=spec, cassettes=(cassette,))
    assert [f.title for f in forward.of_kind(Kind.DEFECT)] == [
        "voucherify 6.1.1 no longer parses $.async_actions[*].operation_status of AsyncActionsListResponseBody"
    ]
    assert "voucherify 6.1.1 parses every response that voucherify 5.0.3 parses" in forward.defects[0].message
    assert "via voucherify 5.0.3 against voucherify 6.1.1" in forward.info.target
    for result in (forward, backward):  # the compared operation is in summary.json and JUnit, not `[]`
        assert [(op.operation, op.checked) for op in result.operations] == [
            ("GET /v1/async-actions", ("sdk_regression",))
        ]
    assert backward.verdict is Verdict.PASS


def _args(*argv):
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["sdk", *argv])


def test_cli_writes_three_outputs_and_exits_1_on_findings(sdk, tmp_path, capsys):
    cassette = tmp_path / "sdk.yaml"
    with Sandbox(wrap=_fault("total-as-string", _total_as_string)) as sandbox:
        code = main(
            _args(
                "--base-url",
                sandbox.url,
                "--app-id",
                sandbox.credentials.app_id,
                "--app-token",
                sandbox.credentials.app_token,
                "--report-dir",
                str(tmp_path / "r"),
                "--cassette",
                str(cassette),
            )
        )
    out = capsys.readouterr()
    assert code == 1
    assert sandbox.credentials.app_token not in out.out + out.err + cassette.read_text()
    assert sandbox.credentials.app_id not in cassette.read_text() and scan([cassette]) == []
    assert {p.name for p in (tmp_path / "r").iterdir()} >= {"summary.json", "junit.xml", "allure-results"}
    summary = json.loads((tmp_path / "r" / "summary.json").read_text())
    assert any("total" in d["title"] for d in summary["defects"])
    assert main(_args("--cassette", str(cassette), "--report-dir", str(tmp_path / "replay"))) == 1


def test_cli_on_the_embedded_sandbox_says_how_to_serve_its_data_again(sdk, tmp_path, capsys):
    """As `conformance run` on the embedded sandbox does; the findings show SDK calls, not curl lines."""
    assert main(_args("--report-dir", str(tmp_path / "r"))) == 1  # the real SDK difference: KNOWN_SDK_DEFECT
    lines = capsys.readouterr().out.splitlines()
    again = [line for line in lines if line.startswith("The embedded sandbox is deterministic: `conformance sandbox")]
    assert len(again) == 1 and again[0].endswith(
        f" --spec {DEFAULT_SPEC}` serves the same data again, and prints the exports that a run against it needs."
    )


def test_without_a_terminal_the_gate_says_each_operation_it_drives_and_a_heartbeat(sdk):
    """As a run does: a line per operation and phase, and between them a line at most every HEARTBEAT_SECONDS."""
    clock = Ticking()
    log = Timed(clock)
    specs = [SPEC, shared_path("voucherify", "openapi", "categories.json")]
    with ConsoleProgress(None, stream=log, plain=True, clock=clock) as progress:
        result = _gate(sdk, specs=specs, progress=progress)
    driven = {f"{spec.name}{FILE_SEPARATOR}{op}" for spec in specs for op in _labels(result, spec)}
    phases = {f"{operation}: {DRIVING}" for operation in driven}
    lines = log.getvalue().splitlines()
    said = [line.rpartition(" (")[0] for line in lines if line.rpartition(" (")[0] in phases]
    assert sorted(said) == sorted(phases) and len(lines) > len(phases), lines
    assert extra_lines_are_heartbeat_seconds_apart(log, phases)


def _labels(result, spec):
    paths = load_spec(spec).raw["paths"]
    return [op.operation for op in result.operations if op.operation.partition(" ")[2] in paths]


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        (["--spec", "missing.yaml"], "Cannot read spec"),
        (["--sdk", "voucherify==6.1.1", "--against", "voucherify==6.1.1"], "another version"),
        (["--sdk", "not-a-requirement"], "--sdk must be"),
        (["--base-url", "http://127.0.0.1:9"], "needs credentials"),
        (["--cassette", "nowhere/a.yaml", "--cassette", "nowhere/b.yaml"], "one new --cassette"),
    ],
)
def test_cli_bad_input_exits_2_with_one_line(sdk, tmp_path, capsys, monkeypatch, argv, reason):
    monkeypatch.delenv("VOUCHERIFY_APP_ID", raising=False)
    monkeypatch.delenv("VOUCHERIFY_APP_TOKEN", raising=False)
    assert main(_args(*argv, "--report-dir", str(tmp_path))) == 2
    err = capsys.readouterr().err
    assert reason in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_unreachable_target_exits_2(sdk, tmp_path, capsys):
    code = main(
        _args("--base-url", "http://127.0.0.1:9", "--app-id", "a", "--app-token", "b", "--report-dir", str(tmp_path))
    )
    err = capsys.readouterr().err
    assert code == 2 and "cannot be reached" in err


def test_a_call_that_never_reaches_the_gate_is_the_transports_failure_not_a_refusal(sdk):
    """Where the SDK cannot connect (loopback down, the proxy gone), the worker says its transport failed, and the
    gate ends with a one-line error (exit 2), not a defect "refuses arguments the spec allows". An SDK that refuses
    an argument before sending is not a transport failure."""
    closed = sdk.call("http://127.0.0.1:9", "CustomersApi", "list_customers", {}, ("id", "token"))
    assert closed["ok"] is False and closed["transport"] is True
    refused = sdk.call("http://127.0.0.1:9", "CustomersApi", "list_customers", {"limit": "ten"}, ("id", "token"))
    assert refused["ok"] is False and refused["transport"] is False


def test_a_crash_while_forwarding_is_an_error_never_an_answer_of_the_target(sdk, monkeypatch):
    """The SDK still gets an answer (a 599), and the gate an error naming the crash: never a pass, nor a finding."""
    with Sandbox() as sandbox:
        forward = RunSession.request

        def crashing(session, method, url, *args, **kwargs):
            if url.startswith(sandbox.url):
                raise KeyError("boom")
            return forward(session, method, url, *args, **kwargs)

        monkeypatch.setattr(RunSession, "request", crashing)
        with pytest.raises(TargetError, match=r"proxy crashed \(KeyError: 'boom'\)"):
            _gate(sdk, base_url=sandbox.url, credentials=sandbox.credentials)


def test_the_proxy_keeps_each_crash_and_tells_it_from_a_transport_error():
    class Broken(requests.Session):
        def __init__(self, error):
            super().__init__()
            self.error = error

        def request(self, *args, **kwargs):
            raise self.error

    for error, crashes in ((requests.ConnectionError("refused"), 0), (KeyError("boom"), 1)):
        with RecordingProxy("http://127.0.0.1:9", session=Broken(error)) as proxy:
            assert proxy.exchange("GET", "/v1/customers", {}).status == NOT_RECORDED
        assert len(proxy.crashes) == crashes, proxy.crashes
