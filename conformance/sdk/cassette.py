"""The gate's cassettes, on vcrpy's public API and the run's cassette code (`conformance.cassette`), never a copy.

Recording: vcrpy's `use_cassette` records what the gate's proxy forwards to the target, as the target got it (HTTP
patched as vcrpy does, as a run's recording is). Only requests to an opened target are kept, each rebased on
REPLAY_ORIGIN (the target's port says nothing a replay needs); credentials become the run's marker and secrets are
scrubbed as in a run's cassette (`cassette.scrub`); a `Date` header, which says only when, is left out. The same
code, sandbox and spec then record the same bytes.

Replaying: each cassette given is vcrpy's Cassette, loaded as a run's replay loads it (`load_for_playback`: our
persister, request filter and matchers) and asked through the run's `RecordingIndex`. vcrpy's matchers decide what
plays: method, path, credentials, and the query in any order with each date-time as its instant (`MATCH_ON`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vcr.request import Request

from conformance.cassette.index import RecordingIndex
from conformance.cassette.matching import INSTANT_QUERY
from conformance.cassette.reader import META_KEY
from conformance.cassette.recording import load_for_playback, recorder
from conformance.cassette.scrub import request_scrubber, scrub_response
from conformance.credentials import Credentials
from conformance.sdk.exchanges import Exchange, headers_of
from conformance.sdk.proxy import Answer

REPLAY_ORIGIN = "http://sdk.replay"  # the recorded target is not needed to replay: only path and query match
MATCH_ON = ("method", "path", INSTANT_QUERY, "credentials")
VOLATILE_HEADERS = ("date",)  # response headers that change from one recording to the next and judge nothing
LABEL = "# Cassette recorded by conformance sdk: what the SDK sent and received. Replay: --cassette {path}\n"
# A replay answers any number of times: a candidate SDK may ask a recorded question more often than the recorded one.
REPLAY = {"match_on": MATCH_ON, "allow_playback_repeats": True}


@dataclass
class Recorder:
    """What a recording keeps: requests to the opened targets (base URL -> credentials), and the header that the
    gate fills in with its outcome before the cassette is saved."""

    targets: dict[str, Credentials] = field(default_factory=dict)
    header: dict[str, Any] = field(default_factory=dict)

    def keep(self, request: Any) -> Any:
        """vcrpy's before_record_request: a target's request, rebased and scrubbed; None (not recorded) otherwise."""
        if _under(request.uri, REPLAY_ORIGIN):
            return request_scrubber(())(request)  # kept already (vcrpy filters again before comparing): markers stay
        for base, credentials in self.targets.items():
            if _under(request.uri, base):
                request.uri = f"{REPLAY_ORIGIN}{request.uri[len(base) :]}"
                return request_scrubber(credentials.pair)(request)
        return None  # the proxy's own traffic (path values asked through it), or anything else in the process


def _under(uri: str, base: str) -> bool:
    return uri.startswith(base) and uri[len(base) : len(base) + 1] in ("", "/", "?")


def _stable_response(response: dict[str, Any]) -> dict[str, Any]:
    """vcrpy's before_record_response: scrubbed as a run's, without the headers that differ on every recording."""
    scrubbed = scrub_response(response)
    scrubbed["headers"] = {k: v for k, v in scrubbed["headers"].items() if k.lower() not in VOLATILE_HEADERS}
    return scrubbed


@contextlib.contextmanager
def recording(path: Path) -> Iterator[Recorder]:
    """Record into the new cassette `path` while the block runs; saved with its header when the block ends, and
    not at all if it raises (a cassette without its recorded outcome could not be replayed)."""
    kept = Recorder()
    configured = recorder("all", ())
    with configured.use_cassette(
        str(path),
        match_on=MATCH_ON,
        before_record_request=kept.keep,
        before_record_response=_stable_response,
        record_on_exception=False,
    ) as cassette:
        cassette.get_metadata(META_KEY, kept.header)  # the same dict: the gate fills it in before the save
        yield kept
    path.write_text(LABEL.format(path=path) + path.read_text(encoding="utf-8"), encoding="utf-8")


def playback(paths: tuple[Path, ...], credentials: Credentials) -> list[RecordingIndex]:
    """Each cassette as vcrpy's Cassette, loaded for playback with the gate's matchers."""
    return [load_for_playback(path, "none", credentials.pair, **REPLAY) for path in paths]


def answering(indexes: list[RecordingIndex]) -> Answer:
    """The proxy's answer to one request from the cassettes, in the order given; None when none holds it."""

    def answer(method: str, target: str, headers: Mapping[str, str]) -> Exchange | None:
        asked = Request(method, f"{REPLAY_ORIGIN}{target}", None, dict(headers))
        for index in indexes:
            recorded = index.play(asked)
            if recorded is not None:
                return _exchange(str(index.cassette.path), method, target, recorded)
        return None

    return answer


def _exchange(source: str, method: str, target: str, recorded: dict[str, Any]) -> Exchange:
    body = (recorded.get("body") or {}).get("string") or b""
    text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else str(body)
    return Exchange(source, method, target, int(recorded["status"]["code"]), text, headers_of(recorded))
