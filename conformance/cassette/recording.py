"""Recording a run into a vcrpy cassette, and replaying it with nothing sent."""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import vcr
from vcr.cassette import Cassette
from vcr.errors import MissingMetadataError

from conformance.cassette.errors import RERECORD, CassetteError, IncompleteCassette, NotACassette, ReplayMiss
from conformance.cassette.header import compare, library_changes
from conformance.cassette.index import RecordingIndex
from conformance.cassette.matching import INSTANT_QUERY, MATCH_ON, credentials_matcher, instant_query_matcher
from conformance.cassette.persister import CassettePersister
from conformance.cassette.playback import Playback
from conformance.cassette.reader import META_KEY, read_header
from conformance.cassette.scrub import request_scrubber, scrub_response
from conformance.settings import RECORD_MODES, REPLAY_MODES

LABEL_START = "# Cassette"


def label_cassette(path: Path, target: str) -> None:
    """Say at the top of the file where the recording came from and how to replay it (YAML comments)."""
    text = path.read_text()
    if text.startswith("#"):
        text = text.split("\n", 2)[-1] if text.startswith(LABEL_START) else text
    label = (
        f"{LABEL_START} recorded by conformance from the {target}; secrets scrubbed at record time.\n"
        f"# Replay offline: conformance run --cassette {path} (inputs are listed under metadata.conformance).\n"
    )
    path.write_text(label + text)


def recorder(mode: str, credentials: tuple[str, ...]) -> vcr.VCR:
    """The VCR configuration of every conformance cassette: our matchers, scrubbers and persister."""
    configured = vcr.VCR(
        record_mode=mode,
        match_on=MATCH_ON,
        before_record_request=request_scrubber(credentials),
        before_record_response=scrub_response,
        decode_compressed_response=True,
    )
    configured.register_matcher("credentials", credentials_matcher)
    configured.register_matcher(INSTANT_QUERY, instant_query_matcher)  # the SDK gate's replay matches with it
    configured.register_persister(CassettePersister)
    return configured


def use_cassette(path: Path, mode: str, credentials: tuple[str, ...]) -> Any:
    """vcrpy's `use_cassette` with our configuration: records (and replays) with HTTP patched, as vcrpy does."""
    return recorder(mode, credentials).use_cassette(str(path))


# What of VCR's merged configuration a Cassette takes; the rest (such as `func_path_generator`) is for decorators.
CASSETTE_ARGUMENTS = frozenset(inspect.signature(Cassette).parameters)


def load_for_playback(path: Path, mode: str, credentials: tuple[str, ...], **overrides: Any) -> RecordingIndex:
    """vcrpy's Cassette as `use_cassette` loads it (same configuration, persister and request filter, and any of
    `use_cassette`'s keyword arguments in `overrides`), with nothing patched, and indexed for playback.

    Recorded responses are not scrubbed again as they load: they were scrubbed when recorded, a replay never saves,
    and the scrubber takes no part in matching (for 253 responses it would parse and walk every JSON body again).
    """
    config = recorder(mode, credentials).get_merged_config(path=str(path), before_record_response=None, **overrides)
    cassette = Cassette.load(**{name: value for name, value in config.items() if name in CASSETTE_ARGUMENTS})
    return RecordingIndex(cassette, config["match_on"], config["allow_playback_repeats"])


@contextlib.contextmanager
def recording(path: Path, mode: str, header: dict[str, Any], credentials: tuple[str, str]) -> Iterator[Playback | None]:
    """Route every request of the run through the cassette: recorded, replayed, or both, as `mode` says. A pure
    replay yields the Playback that the run's session answers from; recording patches HTTP, as vcrpy does."""
    if mode in REPLAY_MODES:
        index = load_for_playback(path, mode, credentials)
        if index.cassette.write_protected:
            stored = _stored_header(index.cassette, path, header)
            check_complete(path, stored, len(index.cassette))
            yield Playback(index)
            return
    if mode == "all" and path.exists():
        path.unlink()  # a full re-recording: nothing of the old inputs may survive
    path.parent.mkdir(parents=True, exist_ok=True)
    with use_cassette(path, mode, credentials) as cassette:
        stored = _stored_header(cassette, path, header)
        if mode in REPLAY_MODES and cassette.write_protected:
            check_complete(path, stored, len(cassette))
        yield None


def _stored_header(cassette: Any, path: Path, header: dict[str, Any]) -> dict[str, Any]:
    """The cassette's conformance header (the run's own, for a new cassette), compared with the run's inputs."""
    try:
        stored: dict[str, Any] = cassette.get_metadata(META_KEY, header)
    except MissingMetadataError:
        raise NotACassette(f"{path} is not a conformance cassette (no '{META_KEY}' metadata).") from None
    compare(str(path), stored, header)
    return stored


def check_complete(path: Path, header: dict[str, Any], held: int) -> None:
    """IncompleteCassette unless the cassette holds as many interactions as its recorded run sent requests."""
    sent = recorded_requests(header)
    if sent is None or held < sent:
        raise IncompleteCassette.holding(path, held, sent)


def recorded_requests(header: dict[str, Any]) -> int | None:
    """How many requests the recorded run sent; None when its recording did not finish."""
    recorded = header.get("recorded")
    requests = recorded.get("requests") if isinstance(recorded, dict) else None
    return requests if isinstance(requests, int) else None


def replay_miss(exc: Any) -> CassetteError:
    """One line for vcrpy's CannotOverwriteExistingCassetteException: an incomplete cassette, or a new request.

    The engine calls it where the run's session sends, so that a miss ends the run with exit 2 and this line:
    `except CannotOverwriteExistingCassetteException as exc: raise replay_miss(exc) from None`.
    """
    cassette, request = exc.cassette, exc.failed_request
    header = _header_of(cassette)
    sent, held = recorded_requests(header), len(cassette)
    if sent is None or held < sent:
        return IncompleteCassette.holding(cassette.path, held, sent)
    if getattr(exc, "reason", None) == "already_played":
        why = "it was recorded fewer times than this run sends it"
    else:
        similar = getattr(exc, "similar_requests", None) or []
        failed = similar[0][2] if similar else []
        differences = "; ".join(f"{name}: {message}" for name, message in failed)
        why = f"the closest recording differs in {differences}" if differences else "nothing recorded is like it"
    asked = f"{getattr(request, 'method', '?')} {getattr(request, 'uri', '?')}"
    changes = library_changes(header)
    cause = (
        f"it was recorded with other releases ({'; '.join(changes)}), which generate other cases"
        if changes
        else "the suite or its inputs changed"
    )
    return ReplayMiss(
        f"Cassette {cassette.path} has no recording of {asked} ({why}). It holds all {held} requests of its run, "
        f"so this run sends requests the recording did not: {cause}. {RERECORD}, or install the recorded releases."
    )


def _header_of(cassette: Any) -> dict[str, Any]:
    """The conformance header a loaded cassette holds; empty when it holds none."""
    try:
        header = cassette.get_metadata(META_KEY, {})
    except MissingMetadataError:
        return {}
    return header if isinstance(header, dict) else {}


__all__ = [
    "RECORD_MODES",
    "REPLAY_MODES",
    "check_complete",
    "label_cassette",
    "read_header",
    "recording",
    "replay_miss",
    "use_cassette",
]
