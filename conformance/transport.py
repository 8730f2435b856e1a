"""The one HTTP session of a run: it adds credentials and counts every request it actually sends."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any

import requests
from vcr.errors import CannotOverwriteExistingCassetteException

APP_ID_HEADER = "X-App-Id"
APP_TOKEN_HEADER = "X-App-Token"
CREDENTIAL_HEADERS = (APP_ID_HEADER, APP_TOKEN_HEADER)
TIMEOUT_SECONDS = 30.0
PROGRESS_EVERY = 100


class CountingSession(requests.Session):
    """A requests.Session that counts sends at the transport, so probes and re-sends count too."""

    def __init__(self, on_send: Callable[[int], None] | None = None) -> None:
        super().__init__()
        self.sent = 0
        self._lock = threading.Lock()
        self._on_send = on_send

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        with self._lock:
            self.sent += 1
            sent = self.sent
        if self._on_send is not None:
            self._on_send(sent)
        kwargs.setdefault("timeout", TIMEOUT_SECONDS)
        try:
            return super().send(request, **kwargs)
        except CannotOverwriteExistingCassetteException:
            raise ReplayMiss(f"{request.method} {request.path_url}") from None


class ReplayMiss(requests.RequestException):
    """The cassette holds no recording for a request this run wants to send."""

    def __str__(self) -> str:
        return (
            f"the cassette has no recording of {self.args[0]}: the run's inputs changed since it was recorded. "
            "Re-record with --record-mode all."
        )


def describe(exc: requests.RequestException) -> str:
    """One line for a transport failure: the replay miss in full, anything else by its kind."""
    return str(exc) if isinstance(exc, ReplayMiss) else type(exc).__name__


def credential_headers(app_id: str, app_token: str) -> dict[str, str]:
    return {APP_ID_HEADER: app_id, APP_TOKEN_HEADER: app_token}


def print_progress(sent: int) -> None:
    """Show that a long run is alive, on stderr so that stdout stays the summary."""
    if sent % PROGRESS_EVERY == 0:
        print(f"  ... {sent} requests sent", file=sys.stderr, flush=True)
