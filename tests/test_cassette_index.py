"""Indexed replay: as strict as vcrpy's matchers both ways, in recorded order, and still a stock vcrpy cassette.

None of these tests needs the engine: they drive vcrpy and `requests` directly, with nothing sent.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
import requests
import vcr
import vcr.cassette
from vcr.errors import CannotOverwriteExistingCassetteException, UnhandledHTTPRequestError
from vcr.matchers import requests_match
from vcr.request import Request

from conformance.cassette.index import IndexedCassette
from conformance.cassette.matching import MATCH_ON, keyer_for
from conformance.cassette.recording import load_for_playback, recorder, use_cassette
from conformance.cassette.scrub import OTHER, OWN, request_scrubber

BASE = "http://127.0.0.1:5000"
CREDENTIALS = ("the-app-id", "the-app-token")
OWN_HEADERS = {"X-App-Id": CREDENTIALS[0], "X-App-Token": CREDENTIALS[1]}


def request(uri: str = "/v1/customers?limit=1&page=2", method: str = "GET", **headers: str) -> Request:
    return Request(method, BASE + uri, None, {**OWN_HEADERS, "Accept": "*/*", **headers})


# One request, then one variant for each part the matchers compare ...
SAME = request()
DIFFERENT = {
    "method": request(method="POST"),
    "path": request("/v1/customer?limit=1&page=2"),
    "query value": request("/v1/customers?limit=2&page=2"),
    "query name": request("/v1/customers?limit=1&pages=2"),
    "query missing": request("/v1/customers?limit=1"),
    "query repeated": request("/v1/customers?limit=1&page=2&page=2"),
    "wrong token": request(**{"X-App-Token": "another-token"}),
    "no token": Request("GET", BASE + "/v1/customers?limit=1&page=2", None, {"X-App-Id": CREDENTIALS[0]}),
    "authorization": request(Authorization="Bearer x"),
}
# ... and variants that differ only in what the matchers ignore.
ALIKE = {
    "query order": request("/v1/customers?page=2&limit=1"),
    "header case": Request(
        "GET", BASE + "/v1/customers?limit=1&page=2", None, {"x-app-id": CREDENTIALS[0], "X-APP-TOKEN": CREDENTIALS[1]}
    ),
    "other headers": request(Accept="application/json", **{"User-Agent": "x"}),
    "body": Request("GET", BASE + "/v1/customers?limit=1&page=2", b"{}", dict(OWN_HEADERS)),
}
EVERY = [SAME, *DIFFERENT.values(), *ALIKE.values(), request("/v1/customers"), request("/v1/customers/")]


def matchers() -> list[Any]:
    return recorder("none", CREDENTIALS).get_merged_config(path="x")["match_on"]  # type: ignore[no-any-return]


def test_the_key_agrees_with_the_matchers_on_every_pair() -> None:
    scrub, match_on = request_scrubber(CREDENTIALS), matchers()
    keyer = keyer_for(match_on)
    assert keyer is not None, f"every matcher of {MATCH_ON} has a key part"
    scrubbed = [scrub(r) for r in EVERY]
    for one, other in itertools.product(scrubbed, repeat=2):
        assert requests_match(one, other, match_on) == (keyer(one) == keyer(other)), (one, other.headers)


def test_an_unknown_matcher_falls_back_to_vcrpys_search() -> None:
    assert keyer_for([*matchers(), lambda r1, r2: None]) is None


def write(path: Path, recorded: list[tuple[Request, bytes]]) -> Path:
    """A cassette written by stock vcrpy, each request scrubbed as recording scrubs it."""
    scrub = request_scrubber(CREDENTIALS)
    cassette = vcr.cassette.Cassette(str(path), record_mode="all")
    for number, (sent, body) in enumerate(recorded):
        response = {"status": {"code": 200, "message": "OK"}, "headers": {"X": [str(number)]}, "body": {"string": body}}
        cassette.append(scrub(sent), response)
    cassette._metadata = {"conformance": {"recorded": {"requests": len(recorded)}}}
    cassette._save(force=True)
    return path


def load(path: Path) -> IndexedCassette:
    return load_for_playback(path, "none", CREDENTIALS)


@pytest.fixture
def cassette(tmp_path: Path) -> IndexedCassette:
    return load(write(tmp_path / "c.yaml", [(SAME, b"first"), (request("/v1/other"), b"other"), (SAME, b"second")]))


@pytest.mark.parametrize("name", DIFFERENT)
def test_a_request_that_differs_in_a_compared_part_finds_no_recording(cassette: IndexedCassette, name: str) -> None:
    assert DIFFERENT[name] not in cassette
    with pytest.raises(UnhandledHTTPRequestError):
        cassette.play_response(DIFFERENT[name])


@pytest.mark.parametrize("name", ALIKE)
def test_a_request_alike_in_every_compared_part_finds_it(cassette: IndexedCassette, name: str) -> None:
    assert cassette.can_play_response_for(ALIKE[name])
    assert cassette.play_response(ALIKE[name])["body"]["string"] == b"first"


def test_repeats_play_in_recorded_order_each_once(cassette: IndexedCassette) -> None:
    assert [cassette.play_response(request())["body"]["string"] for _ in range(2)] == [b"first", b"second"]
    assert not cassette.can_play_response_for(request())
    with pytest.raises(UnhandledHTTPRequestError):
        cassette.play_response(request())
    assert cassette.play_response(request("/v1/other"))["body"]["string"] == b"other"
    assert cassette.all_played


def test_playback_repeats_when_allowed(tmp_path: Path) -> None:
    path = write(tmp_path / "c.yaml", [(SAME, b"only")])
    config = {**recorder("none", CREDENTIALS).get_merged_config(path=str(path)), "allow_playback_repeats": True}
    for key in ("path_transformer", "func_path_generator", "record_on_exception"):
        config.pop(key)
    repeating = IndexedCassette.load(**config)
    assert [repeating.play_response(request())["body"]["string"] for _ in range(3)] == [b"only"] * 3


def test_replay_through_requests_runs_no_matcher(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "c.yaml", [(request(f"/v1/customers?page={n}"), str(n).encode()) for n in range(50)])
    calls: list[int] = []

    def counting(*args: Any) -> bool:
        calls.append(1)
        return requests_match(*args)

    monkeypatch.setattr(vcr.cassette, "requests_match", counting)
    with use_cassette(path, "none", CREDENTIALS), requests.Session() as session:
        bodies = [session.get(f"{BASE}/v1/customers?page={n}", headers=OWN_HEADERS).text for n in reversed(range(50))]
    assert bodies == [str(n) for n in reversed(range(50))]
    assert calls == []


def test_a_miss_through_requests_is_vcrpys_own_error(tmp_path: Path) -> None:
    path = write(tmp_path / "c.yaml", [(SAME, b"first")])
    with use_cassette(path, "none", CREDENTIALS), pytest.raises(CannotOverwriteExistingCassetteException) as raised:
        requests.get(f"{BASE}/v1/customers?limit=9", headers=OWN_HEADERS, timeout=1)
    assert raised.value.reason == "no_match"


def test_stock_vcrpy_still_reads_and_plays_our_cassettes(tmp_path: Path) -> None:
    path = tmp_path / "ours.yaml"
    with use_cassette(path, "all", CREDENTIALS) as ours:
        ours.append(request(), {"status": {"code": 200, "message": "OK"}, "headers": {}, "body": {"string": b"hi"}})
        ours.get_metadata("conformance", {"seed": 0})
    stock = vcr.VCR(record_mode="none", match_on=("method", "path", "query"))
    with stock.use_cassette(str(path)) as cassette:
        assert len(cassette) == 1 and cassette.get_metadata("conformance", None) == {"seed": 0}
        assert requests.get(f"{BASE}/v1/customers?page=2&limit=1", timeout=1).text == "hi"
    assert OWN in path.read_text() and CREDENTIALS[1] not in path.read_text() and OTHER not in path.read_text()


COMMITTED = sorted((Path(__file__).parent.parent / "cassettes").glob("*.yaml"))


@pytest.mark.parametrize("path", COMMITTED[:1], ids=[c.stem for c in COMMITTED[:1]])
def test_committed_cassettes_load_alike_with_stock_vcrpy_and_indexed(path: Path) -> None:
    with vcr.VCR(record_mode="none").use_cassette(str(path)) as stock:
        stock_requests = [(r.method, r.uri) for r in stock.requests]
    indexed = load(path)
    assert [(r.method, r.uri) for r in indexed.requests] == stock_requests
    assert sum(len(positions) for positions in indexed._positions.values()) == len(stock_requests)
    for recorded in indexed.requests:
        assert recorded in indexed  # every recording is found by its own request


def test_a_request_changed_after_a_lookup_is_looked_up_again(cassette: IndexedCassette) -> None:
    asked = request()
    assert cassette.can_play_response_for(asked)
    asked.uri = BASE + "/v1/customers?limit=1&page=9"
    assert not cassette.can_play_response_for(asked)
    asked.uri = BASE + "/v1/other"
    assert cassette.play_response(asked)["body"]["string"] == b"other"


@pytest.mark.parametrize("path", COMMITTED, ids=[p.stem for p in COMMITTED])
def test_replay_filters_without_the_copy_to_the_very_keys_vcrpy_filters_to(path: Path) -> None:
    with_copy = IndexedCassette(**_cassette_config(path))  # vcrpy's before_record_request, defensive copy and all
    with_copy._load()
    assert load(path)._positions == with_copy._positions


def _cassette_config(path: Path) -> dict[str, Any]:
    config = recorder("none", CREDENTIALS).get_merged_config(path=str(path))
    return {k: v for k, v in config.items() if k not in vcr.cassette.CassetteContextDecorator._non_cassette_arguments}
