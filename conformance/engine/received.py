"""What a `--resume` run received before its generated cases, kept next to the resume file, so that the next run
is answered from it instead of sending again.

Later probe steps need earlier steps' responses (step 1's reference page), so a probes phase that an interrupt
(or the budget) cut short runs again whole on resume; the requests it sent before are answered from here, and only
the rest goes out. The preflight and path-value fetches are answered the same way. The generated cases are not kept:
a resumed run skips those sent before by their count (`engine.resume`).

The file is a cassette (vcrpy's format, through our persister), one per spec file, in `<resume file>.responses/`:
requests and responses are scrubbed as they are kept, by `cassette.scrub` exactly as any cassette, so
`conformance cassette scan` reads it like one. vcrpy's matchers and playback rules decide what answers (the k-th
identical request gets the k-th recording). A run keeps what it was answered and what it received, so the file
holds what the next run can ask, no more; an interrupted one also keeps what it had no time to ask. It answers
only a run against the same target; a run that records or replays a cassette neither reads nor writes it (the
cassette is that run's record); a run that ends in an error does not write it (the target may have changed).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from conformance.engine.resume import FORMAT
from conformance.errors import UsageError

if TYPE_CHECKING:
    import requests
    from urllib3 import HTTPResponse

    from conformance.engine.target import Target
    from conformance.settings import RunSettings
    from conformance.spec import Spec

META_KEY = "resume"  # the cassette's metadata: the resume file's format, and the target it was received from
FOLDER_SUFFIX = ".responses"
# A body kept is the one requests decoded, so the header that said how it was encoded goes.
UNKEPT_HEADERS = ("content-encoding", "transfer-encoding")


def kept_at(resume: Path, spec_sha256: str) -> Path:
    """Where a resume file keeps what one spec file's run received."""
    return resume.with_name(resume.name + FOLDER_SUFFIX) / f"{spec_sha256[:16]}.yaml"


class Received:
    """Answers a request from what an earlier run received, once per recording; keeps what this run receives."""

    def __init__(self, path: Path, credentials: tuple[str, ...], target: str, earlier: bool) -> None:
        from conformance.cassette.scrub import request_scrubber

        self.path = path
        self._identity = {"format": FORMAT, "target": target}
        self._scrub = request_scrubber(credentials)
        self._kept: list[tuple[Any, dict[str, Any]]] = []
        self._index = self._load(credentials) if earlier and path.exists() else None
        try:  # before any request: a place that cannot be written is bad input, not a run lost at its end
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self._unwritable(exc) from None

    def _unwritable(self, exc: OSError) -> UsageError:
        return UsageError(f"Cannot write {self.path} next to the --resume file: {exc.strerror}.")

    def _load(self, credentials: tuple[str, ...]) -> Any:
        """The earlier run's recordings, indexed for playback; None when they are another target's."""
        from vcr.errors import MissingMetadataError

        from conformance.cassette.recording import load_for_playback

        index = load_for_playback(self.path, "none", credentials)
        try:
            identity = index.cassette.get_metadata(META_KEY, None)
        except MissingMetadataError:
            return None
        return index if identity == self._identity else None

    def answer(self, request: requests.PreparedRequest) -> HTTPResponse | None:
        """The earlier run's response to this request, if it received one not yet played; None: send it."""
        if self._index is None:
            return None
        from conformance.cassette.playback import replayed, vcr_request

        asked = vcr_request(request)
        recorded = self._index.play(asked)
        if recorded is None:
            return None
        self._kept.append((self._scrub(asked), recorded))
        return replayed(recorded, asked)

    def keep(self, request: requests.PreparedRequest, response: requests.Response) -> None:
        """A response this run received, scrubbed as a cassette's is."""
        from conformance.cassette.playback import vcr_request
        from conformance.cassette.scrub import scrub_response

        headers: dict[str, list[str]] = {}
        for name, value in response.headers.items():
            if name.lower() not in UNKEPT_HEADERS:
                headers.setdefault(name, []).append(value)
        recorded = {
            "status": {"code": response.status_code, "message": response.reason},
            "headers": headers,
            "body": {"string": response.content},
        }
        self._kept.append((self._scrub(vcr_request(request)), scrub_response(recorded)))

    def save(self, interrupted: bool = False) -> None:
        """Write what this run was answered and received; interrupted, also what it had no time to ask yet. Replaced
        whole, so an interrupt while writing leaves the old file."""
        from vcr.serializers import yamlserializer

        from conformance.cassette.persister import CassettePersister
        from conformance.cassette.reader import forget

        partial = self.path.with_name(self.path.name + ".partial")
        kept = self._kept + (self._index.unplayed() if interrupted and self._index is not None else [])
        cassette = {
            "requests": [request for request, _ in kept],
            "responses": [response for _, response in kept],
            "metadata": {META_KEY: self._identity},
        }
        try:
            CassettePersister.save_cassette(partial, cassette, yamlserializer)
            os.replace(partial, self.path)
        except OSError as exc:
            raise self._unwritable(exc) from None
        forget(self.path)


@contextlib.contextmanager
def answering(settings: RunSettings, spec: Spec, target: Target) -> Iterator[None]:
    """With `--resume`: the run's session answered from what the earlier run received, and what this one receives
    kept, when the plan ends or is interrupted (an error keeps nothing)."""
    if settings.resume is None or settings.cassette is not None:
        yield
        return
    received = Received(
        kept_at(settings.resume, spec.sha256), target.credentials.pair, target.label, settings.resume.exists()
    )
    target.session.answer_from(received)
    try:
        yield
    except KeyboardInterrupt:
        received.save(interrupted=True)
        raise
    else:
        received.save()
    finally:
        target.session.answer_from(None)
