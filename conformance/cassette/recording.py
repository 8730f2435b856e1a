"""Recording a run into a vcrpy cassette, and replaying it with nothing sent."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import vcr
import yaml
from vcr.errors import MissingMetadataError

from conformance.cassette.header import META_KEY, CassetteError, build_header, compare
from conformance.cassette.scrub import CREDENTIAL_HEADERS, request_scrubber, scrub_response
from conformance.settings import RECORD_MODES, REPLAY_MODES

MATCH_ON = ("method", "path", "query", "credentials")
LABEL_START = "# Cassette"


def credentials_matcher(r1: Any, r2: Any) -> None:
    """Requests match only with the same credentials: none, the run's own, or other ones (already scrubbed)."""
    for name in CREDENTIAL_HEADERS:
        left, right = _header(r1, name), _header(r2, name)
        assert left == right, f"{name}: {left!r} != {right!r}"


def _header(request: Any, name: str) -> str | None:
    return next((value for key, value in request.headers.items() if key.lower() == name), None)


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


def read_header(path: Path) -> dict[str, Any]:
    """The conformance header of an existing cassette, or a one-line CassetteError."""
    try:
        data = yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc).splitlines()[0]
        raise CassetteError(f"Cannot read cassette {path}: {reason}. Re-record it with --record-mode all.") from None
    header = (data or {}).get("metadata", {}).get(META_KEY) if isinstance(data, dict) else None
    if not isinstance(header, dict) or not isinstance(data.get("interactions"), list):
        raise CassetteError(
            f"{path} is not a conformance cassette (no '{META_KEY}' metadata). Record one with --cassette {path}."
        )
    return header


@contextlib.contextmanager
def recording(path: Path, mode: str, header: dict[str, Any], credentials: tuple[str, str]) -> Iterator[None]:
    """Route every request of the run through the cassette: recorded, replayed, or both, as `mode` says."""
    if mode == "all" and path.exists():
        path.unlink()  # a full re-recording: nothing of the old inputs may survive
    recorder = vcr.VCR(
        record_mode=mode,
        match_on=MATCH_ON,
        before_record_request=request_scrubber(credentials),
        before_record_response=scrub_response,
        decode_compressed_response=True,
    )
    recorder.register_matcher("credentials", credentials_matcher)
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        try:
            cassette = stack.enter_context(recorder.use_cassette(str(path)))
        except (ValueError, yaml.YAMLError, KeyError, TypeError) as exc:
            raise CassetteError(
                f"Cassette {path} is broken ({type(exc).__name__}). Re-record it with --record-mode all."
            ) from None
        try:
            stored = cassette.get_metadata(META_KEY, header)
        except MissingMetadataError:
            raise CassetteError(f"{path} is not a conformance cassette (no '{META_KEY}' metadata).") from None
        compare(str(path), stored, header)
        yield


__all__ = ["RECORD_MODES", "REPLAY_MODES", "build_header", "label_cassette", "read_header", "recording"]
