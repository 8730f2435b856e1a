"""Replay straight from the cassette to the run's session: no socket, no patched http.client.

vcrpy replays by patching http.client and urllib3 process-wide and rebuilding each recorded response through
the standard library's header parser. A replay only ever answers the run's own session, so the session's
transport adapter asks the cassette here instead. The cassette is vcrpy's own `Cassette` (loaded by
`Cassette.load` with our persister, matchers and filters), and so is the playback: through the `RecordingIndex`,
vcrpy's public `can_play_response_for` and `play_response` decide, with vcrpy's rules, which recording answers
and how often. A request with no recording raises vcrpy's own CannotOverwriteExistingCassetteException, which the
session turns into one line (`recording.replay_miss`).
"""

from __future__ import annotations

import io
from typing import Any

import requests
from urllib3 import HTTPHeaderDict, HTTPResponse
from vcr.errors import CannotOverwriteExistingCassetteException
from vcr.request import Request

from conformance.cassette.index import RecordingIndex

# What vcrpy's VCRHTTPResponse drops: a recorded body is whole, never chunked.
UNREPLAYED_HEADERS = ("transfer-encoding",)
HTTP_11 = 11


class Playback:
    """Answers a prepared request with its recording, or raises as vcrpy's patched connection would."""

    def __init__(self, index: RecordingIndex) -> None:
        self.index = index

    def __call__(self, request: requests.PreparedRequest) -> HTTPResponse:
        asked = vcr_request(request)
        recorded = self.index.play(asked)
        if recorded is None:
            raise self.missing(asked)
        return replayed(recorded, asked)

    def missing(self, asked: Request) -> Exception:
        """What a request with no recording raises: vcrpy's own error, as its patched connection would."""
        error: Exception = CannotOverwriteExistingCassetteException(cassette=self.index.cassette, failed_request=asked)
        return error


def vcr_request(request: requests.PreparedRequest) -> Request:
    """A prepared request as vcrpy's Request, which its matchers and our scrubbers take."""
    return Request(request.method or "GET", request.url or "", request.body, dict(request.headers))


def replayed(recorded: dict[str, Any], request: Request) -> HTTPResponse:
    """A recorded response (vcrpy's dict) as the urllib3 response a transport adapter builds on."""
    headers = HTTPHeaderDict()
    for name, values in (recorded.get("headers") or {}).items():
        if name.lower() in UNREPLAYED_HEADERS:
            continue
        for value in values if isinstance(values, list) else [values]:
            headers.add(name, str(value))
    body = (recorded.get("body") or {}).get("string") or b""
    return HTTPResponse(
        body=io.BytesIO(body.encode() if isinstance(body, str) else body),
        headers=headers,
        status=int(recorded["status"]["code"]),
        reason=recorded["status"].get("message"),
        version=HTTP_11,
        preload_content=False,
        decode_content=True,
        request_method=request.method,
        request_url=request.uri,
    )
