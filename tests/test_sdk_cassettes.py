"""The SDK gate offline, as a release pipeline runs it: a committed cassette per official spec file replays its
recorded outcome with the pinned SDK and sends nothing; a replay that misses an interaction is an error; and the
coverage line counts an operation fully checked exactly when every call the SDK can make for it ran and was judged,
the same in the console, summary.json and JUnit."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from vcr.matchers import requests_match
from vcr.request import Request
from vcr.serialize import deserialize as vcr_deserialize
from vcr.serializers import yamlserializer

from conformance.cassette.matching import instant_query_matcher, query_instants
from conformance.cassette.scan import scan
from conformance.cassette.scrub import OTHER, OWN
from conformance.credentials import Credentials
from conformance.errors import UsageError
from conformance.result import Verdict
from conformance.sandbox import Sandbox
from conformance.sandbox.http import Response
from conformance.sandbox.rewrites import params_of, response
from conformance.sdk import DEFAULT_SDK, SdkSettings, ensure_sdk, run_sdk_gate
from conformance.sdk.cassette import REPLAY_ORIGIN, Recorder
from conformance.sdk.client import SdkWorker
from conformance.sdk.replay import RECORDED_KEY, SPECS_KEY, load_recordings, recorded_outcome
from conformance.settings import DEFAULT_SPEC, RunSettings
from conformance.spec import load_spec
from conformance.writers import write_outputs
from tests.shared import official_specs, shared_path

ROOT = Path(__file__).parent.parent
SDK_CASSETTES = ROOT / "cassettes" / "sdk"
DEFAULT_CASSETTE = ROOT / "cassettes" / "sdk-customers.yaml"
COMMITTED = [*sorted(SDK_CASSETTES.glob("*.yaml")), DEFAULT_CASSETTE]
REPRODUCED = "vouchers.json"  # the official file recorded twice: its sandbox serves lists with ids and date-times


@pytest.fixture(scope="module")
def sdk():
    # The pinned SDK comes from PyPI (which CI reaches) into the cache: an install that fails is an error, no skip.
    with SdkWorker(ensure_sdk(DEFAULT_SDK)) as worker:
        yield worker


def _with_gets() -> list[Path]:
    return [p for p in official_specs() if any("get" in item for item in json.loads(p.read_text())["paths"].values())]


def _spec_of(cassette: Path) -> Path:
    """The spec file a committed SDK cassette was recorded on, as its header names it."""
    names = list(load_recordings((cassette,)).headers[cassette][SPECS_KEY])
    assert len(names) == 1, names
    candidates = {p.name: p for p in [*official_specs(), ROOT / DEFAULT_SPEC]}
    return candidates[names[0]]


def _replay(sdk, spec: Path, *cassettes: Path, **target):
    settings = SdkSettings(specs=(load_spec(spec),), sdk=sdk.env, cassettes=cassettes, target=RunSettings(**target))
    return run_sdk_gate(settings, worker=sdk)


@pytest.mark.parametrize("spec", _with_gets(), ids=lambda path: path.name)
def test_every_official_file_with_a_get_has_a_cassette_recorded_on_it(spec):
    cassette = SDK_CASSETTES / f"{spec.stem}.yaml"
    assert cassette.exists(), f"record it: python scripts/record_cassettes.py --sdk ({cassette} is missing)"
    recorded = load_recordings((cassette,)).headers[cassette][SPECS_KEY]
    assert recorded == {spec.name: load_spec(spec).sha256}, "the spec changed: re-record the SDK cassettes"


@pytest.mark.parametrize("cassette", COMMITTED, ids=lambda path: path.name)
def test_each_committed_sdk_cassette_replays_its_recorded_outcome_offline(sdk, cassette):
    """What an SDK release job runs: the pinned SDK, driven again, answered from the cassette alone."""
    result = _replay(sdk, _spec_of(cassette), cassette)
    recorded = load_recordings((cassette,)).headers[cassette][RECORDED_KEY]
    # Answered from the cassette alone (the target is gone), and counted as `run --cassette` counts a replay.
    assert result.requests == len(load_recordings((cassette,)).answers) and result.info.replay
    assert result.errors == ()
    assert recorded_outcome(result) | {"coverage": list(result.coverage())} == recorded


def _record(sdk, spec: Path, cassette: Path) -> bytes:
    cassette.unlink(missing_ok=True)
    run_sdk_gate(SdkSettings(specs=(load_spec(spec),), sdk=sdk.env, cassettes=(cassette,)), worker=sdk)
    return cassette.read_bytes()


def test_recording_twice_from_the_same_code_and_sandbox_gives_the_same_bytes(sdk, tmp_path):
    """Ids, date-times, order and header alike: a re-recording that changes nothing shows no diff in review."""
    spec, cassette = shared_path("voucherify", "openapi", REPRODUCED), tmp_path / "recorded.yaml"
    first = _record(sdk, spec, cassette)
    assert b"/v1/vouchers" in first and b"recorded:" in first, "nothing recorded: the test would prove nothing"
    assert _record(sdk, spec, cassette) == first


@pytest.mark.parametrize("cassette", COMMITTED, ids=lambda path: path.name)
def test_each_committed_sdk_cassette_is_stock_vcrpy_and_holds_no_secret(cassette):
    """vcrpy's own loader reads it (requests, responses and our header), and `conformance cassette scan` passes it."""
    text = cassette.read_text()
    requests, responses, metadata = vcr_deserialize(text, yamlserializer)
    assert len(requests) == len(responses) and metadata["conformance"]["kind"] == "sdk"
    assert all(request.uri.startswith(f"{REPLAY_ORIGIN}/") for request in requests)
    assert scan([cassette]) == []


@pytest.mark.parametrize(
    ("uri", "kept"),
    [
        ("http://127.0.0.1:8000/v1/customers?limit=1", f"{REPLAY_ORIGIN}/v1/customers?limit=1"),
        ("http://127.0.0.1:8000", REPLAY_ORIGIN),
        (f"{REPLAY_ORIGIN}/v1/customers", f"{REPLAY_ORIGIN}/v1/customers"),  # vcrpy filters a kept request again
        ("http://127.0.0.1:80001/v1/customers", None),  # another port that starts alike: the proxy's, say
        ("http://127.0.0.1:9000/v1/customers", None),
    ],
)
def test_a_recording_keeps_only_the_targets_requests_rebased_and_scrubbed(uri, kept):
    recorder = Recorder(targets={"http://127.0.0.1:8000": Credentials("the-id", "the-token")})
    request = recorder.keep(Request("GET", uri, None, {"X-App-Id": "the-id", "X-App-Token": "the-token"}))
    assert (request.uri if request is not None else None) == kept
    if request is not None:  # no credential survives: the target's own become the run's marker
        assert set(dict(request.headers).values()) <= {OWN, OTHER}
        assert uri.startswith(REPLAY_ORIGIN) or set(dict(request.headers).values()) == {OWN}


def test_the_known_sdk_defects_are_in_the_committed_cassettes():
    defects = {
        cassette.stem: load_recordings((cassette,)).headers[cassette][RECORDED_KEY]["defects"] for cassette in COMMITTED
    }
    assert any("referral_program.referee_reward.amount" in d for d in defects["campaigns"])
    assert any("not an RFC 3339 date-time" in d for d in defects["customers"])


def test_a_replay_that_misses_an_interaction_is_an_error(sdk, tmp_path):
    cassette = SDK_CASSETTES / "customers.yaml"
    document = yaml.safe_load(cassette.read_text())
    dropped = document["interactions"].pop(3)["request"]["uri"]
    holed = tmp_path / "holed.yaml"
    holed.write_text(yaml.safe_dump(document, sort_keys=False))
    result = _replay(sdk, _spec_of(cassette), holed)
    assert result.verdict is Verdict.ERROR and result.exit_code == 2
    missed = dropped.removeprefix("http://sdk.replay")
    assert any(missed in error.message and "no cassette answers" in error.message for error in result.errors)
    assert result.coverage()[0] < result.coverage()[1]


def test_a_replay_without_the_cassette_of_its_spec_is_bad_input(sdk):
    with pytest.raises(UsageError, match="no SDK cassette"):
        _replay(sdk, _spec_of(SDK_CASSETTES / "vouchers.yaml"), SDK_CASSETTES / "customers.yaml")


def test_a_spec_without_a_get_operation_is_bad_input(sdk):
    spec = next(p for p in official_specs() if p not in _with_gets())
    with pytest.raises(UsageError, match="no GET operation"):
        _replay(sdk, spec)


@pytest.mark.parametrize(
    ("sent", "recorded", "same"),
    [
        ("created_at[before]=2022-01-21T13:13:06.741000%2B0000", "created_at[before]=2022-01-21T13:13:06.741Z", True),
        ("created_at[before]=2022-01-21T14:13:06.741%2B01:00", "created_at[before]=2022-01-21T13:13:06.741Z", True),
        ("created_at[before]=2022-01-21T13:13:06.742Z", "created_at[before]=2022-01-21T13:13:06.741Z", False),
        ("limit=5&order=id", "order=id&limit=5", True),
        ("limit=5", "limit=6", False),
    ],
)
def test_a_replay_matches_a_date_time_by_its_instant_and_nothing_else_loosely(sent, recorded, same):
    """A newer SDK that sends `Z` where the recorded one sent `+0000` asks the same question of the API: vcrpy's
    matcher and the index's key (which finds where vcrpy looks) agree."""
    ours, theirs = (Request("GET", f"{REPLAY_ORIGIN}/v1/customers?{q}", None, {}) for q in (sent, recorded))
    assert requests_match(ours, theirs, [instant_query_matcher]) is same
    assert (query_instants(ours) == query_instants(theirs)) is same


def _coverage_everywhere(result, tmp_path):
    """(console's count, summary.json's, JUnit's): the fully checked operations, three ways."""
    write_outputs(result, tmp_path)
    summary = json.loads((tmp_path / "summary.json").read_text())["coverage"]["fully_checked"]
    junit = ET.parse(tmp_path / "junit.xml").getroot()
    marked = [p for p in junit.iter("property") if p.get("name") == "fully_checked" and p.get("value") == "true"]
    return result.coverage()[0], summary, len(marked)


def test_every_operation_whose_calls_all_ran_and_were_judged_is_fully_checked(sdk, tmp_path):
    cassette = SDK_CASSETTES / "customers.yaml"
    result = _replay(sdk, _spec_of(cassette), cassette)
    driven = [op for op in result.operations if op.requests]
    assert driven and all(result.fully_checked(op) for op in driven)
    assert _coverage_everywhere(result, tmp_path) == (len(driven),) * 3
    listed = [op for op in result.operations if not op.requests]  # the SDK has no method: listed with the reason
    assert listed and not any(result.fully_checked(op) for op in listed)


def _refuse_orders(answer: Response, request) -> Response:
    if any(name == "order" for name, _ in params_of(request)):
        return Response.json(400, {"code": 400, "message": "refused"})
    return answer


def test_an_operation_with_a_call_left_unjudged_is_not_fully_checked(sdk, tmp_path):
    with Sandbox(wrap=response(_refuse_orders)) as sandbox:
        target = {"base_url": sandbox.url, "app_id": sandbox.credentials.app_id}
        result = _replay(sdk, ROOT / DEFAULT_SPEC, app_token=sandbox.credentials.app_token, **target)
    (op,) = result.operations
    assert op.requests > 0 and not result.fully_checked(op)
    assert any("answered 400" in item.reason for item in op.gaps)
    assert _coverage_everywhere(result, tmp_path) == (0, 0, 0)
    assert result.verdict is not Verdict.PASS


def test_a_method_without_a_model_is_not_counted_as_parsed(sdk):
    cassette = SDK_CASSETTES / "exports.yaml"
    result = _replay(sdk, _spec_of(cassette), cassette)
    modelless = [op for op in result.operations if op.requests and "sdk_deserialize" not in op.checked]
    assert modelless, [(op.operation, op.checked) for op in result.operations]
    assert all("sdk_deserialize" in op.not_applicable for op in modelless)
