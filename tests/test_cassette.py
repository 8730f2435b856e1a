"""Record once, replay offline: same verdict, findings and request count, with nothing sent and no secret kept."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from vcr.request import Request as VcrRequest

from conformance.cassette import CassetteError, read_header
from conformance.cassette.errors import ChangedInputs
from conformance.cassette.header import COMPARED, LIBRARIES, RECORDED_SINCE_LATER, compare
from conformance.cassette.matching import credentials_matcher
from conformance.cassette.recheck import recheck
from conformance.cassette.scan import scan
from conformance.cassette.scrub import OTHER, OWN, request_scrubber, scrub_response
from conformance.cli import main
from conformance.errors import EXIT_DEFECTS, EXIT_ERROR, EXIT_PASS
from conformance.result import RunResult
from conformance.runner import run
from conformance.sandbox import Sandbox
from conformance.sandbox.faults import get_fault
from conformance.settings import RECORD_MODES, resolve_settings
from tests.conftest import CREDENTIALS, fields_some_customers_lack, run_against

ROOT = Path(__file__).parent.parent
SPEC = ROOT / "specs" / "voucherify" / "customers.yaml"
# The run cassettes (conformance run); sdk-*.yaml are the SDK gate's, replayed in tests/test_sdk.py.
COMMITTED = sorted(p for p in (ROOT / "cassettes").glob("*.yaml") if not p.name.startswith("sdk-"))
FAST = {"max_examples": 10}


def record(tmp_path: Path, cassette: Path, fault: str | None = None, **options: Any) -> RunResult:
    """Record a run against a live sandbox, which is stopped when this returns."""
    with Sandbox(credentials=CREDENTIALS, wrap=get_fault(fault).wrap if fault else None) as server:
        return run_against(server, tmp_path / "record", cassette=cassette, **{**FAST, **options})


def replay(tmp_path: Path, cassette: Path, spec: Path = SPEC, **options: Any) -> RunResult:
    """Replay with no target, no credentials and the default record mode."""
    return run(
        resolve_settings(
            spec=spec, report_dir=tmp_path / "replay", cassette=cassette, environ={}, **{**FAST, **options}
        )
    )


@pytest.mark.slow
@pytest.mark.parametrize("fault", [None, "order-inverted"])
def test_replay_with_the_target_off_matches_the_recording(tmp_path: Path, fault: str | None) -> None:
    cassette = tmp_path / "run.yaml"
    recorded = record(tmp_path, cassette, fault)  # the sandbox is stopped from here on
    replayed = replay(tmp_path, cassette)
    assert replayed.error_messages == []
    assert replayed.outcome() == recorded.outcome()
    assert recorded.verdict == ("pass" if fault is None else "fail")


def test_default_record_mode_replays_an_existing_cassette_only(tmp_path: Path) -> None:
    existing = tmp_path / "c.yaml"
    existing.write_text("interactions: []\n")
    assert resolve_settings(cassette=existing).record_mode == "none"
    assert resolve_settings(cassette=tmp_path / "new.yaml").record_mode == "once"


@pytest.mark.parametrize("mode", RECORD_MODES)
def test_every_vcrpy_record_mode_is_accepted(tmp_path: Path, mode: str) -> None:
    cassette = tmp_path / "c.yaml"
    cassette.write_text("interactions: []\n")
    assert resolve_settings(cassette=cassette, record_mode=mode).record_mode == mode


@pytest.mark.slow
@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"seed": 7}, "seed 0 -> 7"),
        ({"max_examples": 11}, "max_examples"),
        ({"max_requests": 40}, "max_requests None -> 40"),
    ],
)
def test_changed_inputs_fail_clearly_naming_what_changed(tmp_path: Path, change: dict[str, int], named: str) -> None:
    cassette = tmp_path / "run.yaml"
    record(tmp_path, cassette, seed=0)
    summary = replay(tmp_path, cassette, **{"seed": 0, **change})
    assert summary.exit_code == EXIT_ERROR
    assert named in summary.error_messages[0] and "--record-mode all" in summary.error_messages[0]


def test_a_cassette_from_before_the_budget_was_recorded_is_not_held_to_it() -> None:
    recorded = {key: 1 for key in COMPARED if key not in RECORDED_SINCE_LATER}
    compare("old.yaml", recorded, {**recorded, "max_requests": 100})  # nothing to compare it with: no error
    with pytest.raises(ChangedInputs, match="max_requests None -> 100"):
        compare("new.yaml", {**recorded, "max_requests": None}, {**recorded, "max_requests": 100})


@pytest.mark.slow
def test_a_cassette_of_other_library_releases_replays_request_by_request(tmp_path: Path) -> None:
    """A new Schemathesis or Hypothesis release is no reason to refuse a replay: each request still has to match."""
    cassette = tmp_path / "run.yaml"
    recorded = record(tmp_path, cassette)
    text = cassette.read_text()
    for library in LIBRARIES:
        text = re.sub(rf"(\n    {library}: ).*\n", r"\g<1>0.0.1\n", text)
    cassette.write_text(text)
    assert {read_header(cassette)[library] for library in LIBRARIES} == {"0.0.1"}
    summary = replay(tmp_path, cassette)
    assert summary.error_messages == [] and summary.requests == recorded.requests


@pytest.mark.slow
def test_a_changed_spec_fails_clearly(tmp_path: Path) -> None:
    cassette = tmp_path / "run.yaml"
    record(tmp_path, cassette)
    edited = tmp_path / "spec.yaml"
    edited.write_text(SPEC.read_text() + "\n# edited\n")
    summary = replay(tmp_path, cassette, spec=edited)
    assert summary.exit_code == EXIT_ERROR and "spec_sha256" in summary.error_messages[0]


@pytest.mark.parametrize("content", ["interactions: [", "just: text\n", ""])
def test_a_broken_cassette_is_a_one_line_error(tmp_path: Path, content: str) -> None:
    cassette = tmp_path / "broken.yaml"
    cassette.write_text(content)
    summary = replay(tmp_path, cassette)
    assert summary.exit_code == EXIT_ERROR and len(summary.errors) == 1 and "\n" not in summary.error_messages[0]


def _request(**headers: str) -> VcrRequest:
    return VcrRequest("GET", "http://h/v1/customers?limit=1&api_key=k", None, headers)


def test_matching_tells_apart_with_without_and_wrong_credentials() -> None:
    scrub = request_scrubber(CREDENTIALS.pair)
    own = scrub(_request(**{"X-App-Id": CREDENTIALS.app_id, "X-App-Token": CREDENTIALS.app_token}))
    wrong = scrub(_request(**{"X-App-Id": CREDENTIALS.app_id, "X-App-Token": "nope"}))
    none = scrub(_request())
    assert own.headers["X-App-Token"] == OWN and wrong.headers["X-App-Token"] == OTHER
    assert "api_key=%3Credacted%3E" in own.uri
    credentials_matcher(own, scrub(_request(**{"X-App-Id": CREDENTIALS.app_id, "X-App-Token": CREDENTIALS.app_token})))
    for other in (wrong, none):
        with pytest.raises(AssertionError):
            credentials_matcher(own, other)


def test_response_scrubbing_keeps_content_length_right() -> None:
    body = json.dumps({"token": "s3cr3t-value", "items": []}).encode()
    response = {
        "status": {"code": 200},
        "headers": {"Content-Length": [str(len(body))], "Set-Cookie": ["a=b"]},
        "body": {"string": body},
    }
    scrubbed = scrub_response(response)
    assert b"s3cr3t" not in scrubbed["body"]["string"] and "Set-Cookie" not in scrubbed["headers"]
    assert scrubbed["headers"]["Content-Length"] == [str(len(scrubbed["body"]["string"]))]


@pytest.mark.slow
def test_recorded_cassettes_hold_no_secret_and_scan_finds_planted_ones(tmp_path: Path) -> None:
    cassette = tmp_path / "run.yaml"
    record(tmp_path, cassette)
    text = cassette.read_text()
    assert CREDENTIALS.app_id not in text and CREDENTIALS.app_token not in text
    assert scan([cassette]) == []
    data = yaml.safe_load(text)
    data["interactions"][0]["request"]["headers"]["X-App-Token"] = ["leaked-token"]
    data["interactions"][0]["request"]["uri"] += "&secret=abc"
    data["interactions"][1]["response"]["headers"]["Set-Cookie"] = ["session=1"]
    leaky = tmp_path / "leaky.yaml"
    leaky.write_text(yaml.safe_dump(data))
    assert len(scan([leaky])) == 3
    assert main(["cassette", "scan", str(tmp_path)]) == EXIT_DEFECTS
    assert main(["cassette", "scan", str(cassette)]) == EXIT_PASS


def test_committed_cassettes_hold_no_secret() -> None:
    assert COMMITTED, "cassettes/ must hold recordings"
    assert main(["cassette", "scan", str(ROOT / "cassettes")]) == EXIT_PASS


@pytest.mark.slow
@pytest.mark.parametrize("cassette", COMMITTED, ids=[c.stem for c in COMMITTED])
def test_committed_cassettes_replay_to_their_recorded_verdict(tmp_path: Path, cassette: Path) -> None:
    recorded = read_header(cassette)
    summary = run(
        resolve_settings(
            spec=SPEC,
            report_dir=tmp_path,
            cassette=cassette,
            seed=recorded["seed"],
            max_examples=recorded["max_examples"],
            environ={},
        )
    )
    assert summary.error_messages == []
    assert summary.outcome() == recorded["recorded"]


@pytest.mark.slow
def test_recheck_finds_defects_when_the_spec_gets_stricter(tmp_path: Path) -> None:
    cassette = tmp_path / "run.yaml"
    record(tmp_path, cassette)
    assert recheck(cassette, SPEC).failing == 0
    spec = yaml.safe_load(SPEC.read_text())
    # A stricter contract: every customer must have the fields some of the sandbox's customers lack; has_more is
    # required.
    lacking = fields_some_customers_lack(spec)
    assert lacking
    spec["components"]["schemas"]["CustomerBase"]["required"] = lacking
    spec["components"]["schemas"]["CustomersListResponseBody"]["required"].append("has_more")
    stricter = tmp_path / "stricter.yaml"
    stricter.write_text(yaml.safe_dump(spec))
    result = recheck(cassette, stricter)
    assert result.failing > 0
    assert {d.check for d in result.defects} >= {"response_schema_conformance", "list_shape"}
    assert (
        main(["recheck", str(cassette), "--spec", str(stricter), "--report-dir", str(tmp_path / "out")]) == EXIT_DEFECTS
    )


def test_recheck_of_a_missing_cassette_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CassetteError, match="Cannot read cassette"):
        recheck(tmp_path / "missing.yaml", SPEC)


def test_a_secret_scan_of_a_missing_path_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cassette", "scan", str(tmp_path / "nope")]) == EXIT_ERROR
    assert "No such cassette" in capsys.readouterr().err


def test_an_unknown_record_mode_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["run", "--record-mode", "sometimes"])
    assert exited.value.code == EXIT_ERROR
    assert "invalid choice: 'sometimes'" in capsys.readouterr().err


def test_record_mode_without_a_cassette_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", "--record-mode", "once", "--report-dir", str(tmp_path)])
    assert code == EXIT_ERROR and "--record-mode needs --cassette" in capsys.readouterr().err


@pytest.mark.slow
def test_an_incomplete_cassette_says_how_many_requests_it_holds(tmp_path: Path) -> None:
    cassette = tmp_path / "run.yaml"
    recorded = record(tmp_path, cassette)
    data = yaml.load(cassette.read_text(), Loader=yaml.CSafeLoader)
    data["interactions"] = data["interactions"][:100]
    cassette.write_text(yaml.dump(data, Dumper=yaml.CDumper))
    summary = replay(tmp_path, cassette)
    assert summary.exit_code == EXIT_ERROR and len(summary.errors) == 1
    assert f"holds 100 of the {recorded.requests} requests its run sent" in summary.error_messages[0]
    assert "Lost the target" not in summary.error_messages[0]


@pytest.mark.slow
def test_recheck_against_a_spec_that_knows_none_of_the_interactions_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cassette = tmp_path / "run.yaml"
    record(tmp_path, cassette)
    other = ROOT / "specs" / "voucherify" / "products.json"
    assert main(["recheck", str(cassette), "--spec", str(other), "--report-dir", str(tmp_path / "out")]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert "None of the" in err and "is an operation of" in err and len(err.strip().splitlines()) == 1


def test_a_scan_of_a_corrupt_cassette_names_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corrupt = tmp_path / "corrupt.yaml"
    corrupt.write_text("interactions:\n- request:\n    uri: 'http://h/\n")
    assert main(["cassette", "scan", str(corrupt)]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert "line 4" in err and "not valid YAML" in err
