"""A replay answers the run's session from the indexed cassette: vcrpy's playback rules, vcrpy's miss error,
the recorded response as requests would have read it, and no patched HTTP anywhere."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
import vcr.patch
from vcr.errors import CannotOverwriteExistingCassetteException

from conformance.cassette.errors import ReplayMiss
from conformance.cassette.playback import UNREPLAYED_HEADERS, Playback
from conformance.cassette.recording import load_for_playback
from conformance.gate import BudgetExhausted, Gate
from conformance.session import RunSession
from tests.test_cassette import record, replay
from tests.test_cassette_index import BASE, CREDENTIALS, OWN_HEADERS, SAME, request, write

HEADERS = {"Content-Type": ["application/json"], "X-Many": ["one", "two"], "Transfer-Encoding": ["chunked"]}


def _session(path: Path) -> RunSession:
    session = RunSession()
    session.play_from(Playback(load_for_playback(path, "none", CREDENTIALS)))
    return session


def _with_headers(path: Path) -> Path:
    write(path, [(SAME, b'{"a": 1}')])
    text = path.read_text().replace("X:\n      - '0'", "".join(f"\n      {k}: {v}" for k, v in HEADERS.items()))
    path.write_text(text)
    return path


def test_the_recorded_response_comes_back_as_requests_reads_it(tmp_path: Path) -> None:
    with _session(_with_headers(tmp_path / "c.yaml")) as session:
        response = session.get(SAME.uri, headers=OWN_HEADERS)
    assert (response.status_code, response.reason, response.json()) == (200, "OK", {"a": 1})
    assert response.raw.headers.getlist("X-Many") == ["one", "two"]
    assert response.headers["Content-Type"] == "application/json"
    assert response.url == SAME.uri


@pytest.mark.parametrize("name", UNREPLAYED_HEADERS)
def test_a_recorded_body_is_whole_so_its_transfer_encoding_is_dropped(tmp_path: Path, name: str) -> None:
    with _session(_with_headers(tmp_path / "c.yaml")) as session:
        assert name not in session.get(SAME.uri, headers=OWN_HEADERS).headers


def test_a_miss_is_vcrpys_own_error(tmp_path: Path) -> None:
    playback = Playback(load_for_playback(write(tmp_path / "c.yaml", [(SAME, b"first")]), "none", CREDENTIALS))
    asked = requests.Request("GET", f"{BASE}/v1/customers?limit=9", headers=OWN_HEADERS).prepare()
    with pytest.raises(CannotOverwriteExistingCassetteException) as raised:
        playback(asked)
    assert raised.value.reason == "no_match"


def test_each_recording_plays_once_in_order_then_the_miss_says_so_in_one_line(tmp_path: Path) -> None:
    path = write(tmp_path / "c.yaml", [(SAME, b"first"), (SAME, b"second")])
    with _session(path) as session:
        assert [session.get(SAME.uri, headers=OWN_HEADERS).text for _ in range(2)] == ["first", "second"]
        with pytest.raises(ReplayMiss, match="recorded fewer times than this run sends it"):
            session.get(SAME.uri, headers=OWN_HEADERS)


def test_credentials_still_tell_requests_apart(tmp_path: Path) -> None:
    path = write(tmp_path / "c.yaml", [(SAME, b"first")])
    with _session(path) as session, pytest.raises(ReplayMiss, match="differs in credentials"):
        session.get(SAME.uri, headers={**OWN_HEADERS, "X-App-Token": "someone-elses"})


def test_the_gate_counts_and_budgets_played_requests(tmp_path: Path) -> None:
    path = write(tmp_path / "c.yaml", [(request(f"/v1/customers?page={n}"), b"x") for n in range(3)])
    with RunSession(Gate(max_requests=2)) as session:
        session.play_from(Playback(load_for_playback(path, "none", CREDENTIALS)))
        for n in range(2):
            session.get(f"{BASE}/v1/customers?page={n}", headers=OWN_HEADERS)
        with pytest.raises(BudgetExhausted):
            session.get(f"{BASE}/v1/customers?page=2", headers=OWN_HEADERS)
    assert session.gate.sent == 2


@pytest.mark.slow
def test_a_replay_patches_no_http(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cassette = tmp_path / "run.yaml"
    recorded = record(tmp_path, cassette)

    def no_patching(_builder: object) -> object:
        raise AssertionError("a replay patched HTTP")

    monkeypatch.setattr(vcr.patch.CassettePatcherBuilder, "build", no_patching)
    monkeypatch.setattr(requests.adapters.HTTPAdapter, "get_connection_with_tls_context", no_patching)
    replayed = replay(tmp_path, cassette)
    assert replayed.error_messages == []
    assert replayed.outcome() == recorded.outcome()
