"""The run's HTTP session: credentials as headers, a default timeout, and one-line transport errors."""

from __future__ import annotations

import sys
from typing import Any

import requests
from vcr.errors import CannotOverwriteExistingCassetteException

from conformance.credentials import APP_ID_HEADER, APP_TOKEN_HEADER

TIMEOUT_SECONDS = 30.0
PROGRESS_EVERY = 100


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
    """One line for a transport failure: our own kinds in full, anything else by its type."""
    if isinstance(exc, CannotOverwriteExistingCassetteException):
        return "the cassette has no recording of a request (" + str(getattr(exc, "reason", "no match")) + ")"
    from conformance.gate import RateLimited

    return str(exc) if isinstance(exc, ReplayMiss | RateLimited) else type(exc).__name__


def credential_headers(app_id: str, app_token: str) -> dict[str, str]:
    return {APP_ID_HEADER: app_id, APP_TOKEN_HEADER: app_token}


def print_progress(sent: int) -> None:
    """Show that a long run is alive, on stderr so that stdout stays the summary."""
    if sent % PROGRESS_EVERY == 0:
        print(f"  ... {sent} requests sent", file=sys.stderr, flush=True)
