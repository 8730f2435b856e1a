"""The run's HTTP: one session that adds timeouts, and a counter of every request that goes out.

Counting happens at urllib3, below requests: Schemathesis' own auth probes use sessions of their own, and
a retry is a request too, so only the connection pool sees them all.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

import requests
from urllib3.connectionpool import HTTPConnectionPool
from vcr.errors import CannotOverwriteExistingCassetteException

APP_ID_HEADER = "X-App-Id"
APP_TOKEN_HEADER = "X-App-Token"
CREDENTIAL_HEADERS = (APP_ID_HEADER, APP_TOKEN_HEADER)
TIMEOUT_SECONDS = 30.0
PROGRESS_EVERY = 100


class RequestCounter:
    """How many requests went out through urllib3 while `counting()` was active."""

    def __init__(self, on_send: Callable[[int], None] | None = None) -> None:
        self.sent = 0
        self._lock = threading.Lock()
        self._on_send = on_send

    def tick(self) -> None:
        with self._lock:
            self.sent += 1
            sent = self.sent
        if self._on_send is not None:
            self._on_send(sent)

    @contextlib.contextmanager
    def counting(self) -> Iterator[RequestCounter]:
        original = HTTPConnectionPool.urlopen
        counter = self

        def urlopen(pool: HTTPConnectionPool, *args: Any, **kwargs: Any) -> Any:
            counter.tick()
            return original(pool, *args, **kwargs)

        HTTPConnectionPool.urlopen = urlopen  # type: ignore[method-assign, assignment]
        try:
            yield self
        finally:
            HTTPConnectionPool.urlopen = original  # type: ignore[method-assign]


class RunSession(requests.Session):
    """A requests.Session with a default timeout, and replay misses turned into a one-line error."""

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", TIMEOUT_SECONDS)
        try:
            return super().send(request, **kwargs)
        except CannotOverwriteExistingCassetteException as exc:
            reason = str(getattr(exc, "reason", "no_match")).replace("_", " ")
            raise ReplayMiss(f"{request.method} {request.path_url}", reason) from None


class ReplayMiss(requests.RequestException):
    """The cassette holds no recording for a request this run wants to send."""

    def __str__(self) -> str:
        return (
            f"the cassette has no recording of {self.args[0]} ({self.args[1]}): the run's inputs changed since "
            "it was recorded. Re-record with --record-mode all"
        )


def describe(exc: BaseException) -> str:
    """One line for a transport failure: the replay miss in full, anything else by its kind."""
    if isinstance(exc, CannotOverwriteExistingCassetteException):
        return "the cassette has no recording of a request (" + str(getattr(exc, "reason", "no match")) + ")"
    return str(exc) if isinstance(exc, ReplayMiss) else type(exc).__name__


def credential_headers(app_id: str, app_token: str) -> dict[str, str]:
    return {APP_ID_HEADER: app_id, APP_TOKEN_HEADER: app_token}


def print_progress(sent: int) -> None:
    """Show that a long run is alive, on stderr so that stdout stays the summary."""
    if sent % PROGRESS_EVERY == 0:
        print(f"  ... {sent} requests sent", file=sys.stderr, flush=True)
