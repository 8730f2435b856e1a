"""Indexed replay: as strict as vcrpy's matchers both ways, in recorded order, and still a stock vcrpy cassette.

The index only narrows where vcrpy looks: vcrpy's own `can_play_response_for` and `play_response` decide.

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
from vcr.errors import CannotOverwriteExistingCassetteException
from vcr.matchers import requests_match
from vcr.request import Request

from conformance.cassette.index import RecordingIndex
from conformance.cassette.matching import MATCH_ON, keyer_for
from conformance.cassette.playback import Playback
from conformance.cassette.recording import CASSETTE_ARGUMENTS, load_for_playback, recorder, use_cassette
from conformance.cassette.scrub import OTHER, OWN, request_scrubber
from conformance.sdk.cassette import MATCH_ON as SDK_MATCH_ON
from conformance.session import RunSession
from conformance.settings import RECORD_MODES

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
# The same instant twice and another one: equal to the SDK gate's matchers, different to the run's.
INSTANTS = [
    request(f"/v1/customers?created_at%5Bbefore%5D={value}")
    for value in ("2022-01-21T13:13:06.741Z", "2022-01-21T13:13:06.741000%2B0000", "2022-01-21T13:13:06.742Z")
]
EVERY = [SAME, *DIFFERENT.values(), *ALIKE.values(), request("/v1/customers"), request("/v1/customers/"), *INSTANTS]


def matchers(match_on: tuple[str, ...] = MATCH_ON) -> list[Any]:
    config = recorder("none", CREDENTIALS).get_merged_config(path="x", match_on=match_on)
    return config["match_on"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("names", [MATCH_ON, SDK_MATCH_ON], ids=["run", "sdk gate"])
def test_the_key_agrees_with_the_matchers_on_every_pair(names: tuple[str, ...]) -> None:
    scrub, match_on = request_scrubber(CREDENTIALS), matchers(names)
    keyer = keyer_for(match_on)
    assert keyer is not None, f"every matcher of {names} has a key part"
    scrubbed = [scrub(r) for r in EVERY]
    for one, other in itertools.product(scrubbed, repeat=2):
        assert requests_match(one, other, match_on) == (keyer(one) == keyer(other)), (one, other.headers)


def write(path: Path, recorded: list[tuple[Request, bytes]]) -> Path:
    """A cassette written by stock vcrpy, each request scrubbed as recording scrubs it."""
    scrub = request_scrubber(CREDENTIALS)
    path.unlink(missing_ok=True)
    with vcr.VCR(record_mode="all").use_cassette(str(path)) as cassette:
        for number, (sent, body) in enumerate(recorded):
            headers = {"X": [str(number)]}
            cassette.append(
                scrub(sent), {"status": {"code": 200, "message": "OK"}, "headers": headers, "body": {"string": body}}
            )
        cassette.get_metadata("conformance", {"recorded": {"requests": len(recorded)}})
    return path


def load(path: Path) -> RecordingIndex:
    return load_for_playback(path, "none", CREDENTIALS)


def body(response: dict[str, Any] | None) -> bytes | None:
    return None if response is None else response["body"]["string"]  # type: ignore[no-any-return]


@pytest.fixture
def index(tmp_path: Path) -> RecordingIndex:
    return load(write(tmp_path / "c.yaml", [(SAME, b"first"), (request("/v1/other"), b"other"), (SAME, b"second")]))


@pytest.mark.parametrize("name", DIFFERENT)
def test_a_request_that_differs_in_a_compared_part_finds_no_recording(index: RecordingIndex, name: str) -> None:
    assert index.play(DIFFERENT[name]) is None


@pytest.mark.parametrize("name", ALIKE)
def test_a_request_alike_in_every_compared_part_finds_it(index: RecordingIndex, name: str) -> None:
    assert body(index.play(ALIKE[name])) == b"first"


def test_repeats_play_in_recorded_order_each_once(index: RecordingIndex) -> None:
    assert [body(index.play(request())) for _ in range(3)] == [b"first", b"second", None]
    assert body(index.play(request("/v1/other"))) == b"other"


def test_playback_repeats_when_allowed(tmp_path: Path) -> None:
    path = write(tmp_path / "c.yaml", [(SAME, b"only")])
    cassette = stock(path, "none", allow_playback_repeats=True)
    repeating = RecordingIndex(cassette, matchers(), allow_playback_repeats=True)
    assert [body(repeating.play(request())) for _ in range(3)] == [b"only"] * 3


def stock(path: Path, mode: str, **options: Any) -> Any:
    """vcrpy's own Cassette, loaded with our configuration and nothing indexed."""
    config = recorder(mode, CREDENTIALS).get_merged_config(path=str(path), **options)
    return vcr.cassette.Cassette.load(**{k: v for k, v in config.items() if k in CASSETTE_ARGUMENTS})


@pytest.mark.parametrize("mode", RECORD_MODES)
def test_each_record_mode_plays_what_vcrpy_plays(tmp_path: Path, mode: str) -> None:
    path = write(tmp_path / "c.yaml", [(SAME, b"first")])
    expected = b"first" if stock(path, mode).can_play_response_for(request()) else None
    assert body(load_for_playback(path, mode, CREDENTIALS).play(request())) == expected


def test_an_unknown_matcher_is_left_to_vcrpys_own_search(tmp_path: Path) -> None:
    assert keyer_for([*matchers(), lambda r1, r2: None]) is None
    path = write(tmp_path / "c.yaml", [(SAME, b"first"), (request("/v1/other"), b"other")])
    unindexed = RecordingIndex(stock(path, "none"), [*matchers(), lambda r1, r2: True], allow_playback_repeats=False)
    assert [body(unindexed.play(r)) for r in (request("/v1/other"), SAME, SAME)] == [b"other", b"first", None]


def test_a_replay_compares_each_request_with_the_recordings_of_its_key_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "c.yaml", [(request(f"/v1/customers?page={n}"), str(n).encode()) for n in range(50)])
    calls: list[int] = []

    def counting(*args: Any) -> bool:
        calls.append(1)
        return requests_match(*args)

    monkeypatch.setattr(vcr.cassette, "requests_match", counting)
    with RunSession() as session:
        session.play_from(Playback(load(path)))
        bodies = [session.get(f"{BASE}/v1/customers?page={n}", headers=OWN_HEADERS).text for n in reversed(range(50))]
    assert bodies == [str(n) for n in reversed(range(50))]
    # vcrpy's can_play_response_for and play_response each compare a request with its one recording: 2 calls,
    # where stock vcrpy compares it with every recording before it (here 1,275 calls for each of the two).
    assert len(calls) == 2 * 50


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


@pytest.mark.parametrize("path", COMMITTED, ids=[c.stem for c in COMMITTED])
def test_committed_cassettes_play_back_every_recording_in_order_as_stock_vcrpy_loads_it(path: Path) -> None:
    with vcr.VCR(record_mode="none").use_cassette(str(path)) as stock:
        stock_requests = [(r.method, r.uri) for r in stock.requests]
        stock_bodies = [response["body"]["string"] for response in stock.responses]
    index = load(path)
    assert [(r.method, r.uri) for r in index.cassette.requests] == stock_requests
    # Every recording is found by its own request, in recorded order, and each plays once.
    assert [body(index.play(recorded)) for recorded in index.cassette.requests] == stock_bodies
    assert all(index.play(recorded) is None for recorded in index.cassette.requests)
