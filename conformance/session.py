"""The run's HTTP session: every request passes the run's gate in the session's own transport adapter.

No class-wide patch: a request counts when, and only when, it goes through this session.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, Protocol

import requests
from requests.adapters import HTTPAdapter
from urllib3 import HTTPResponse
from vcr.errors import CannotOverwriteExistingCassetteException

from conformance import interrupts
from conformance.gate import MAX_RETRIES, Gate, RateLimited

TIMEOUT_SECONDS = 30.0
TOO_MANY_REQUESTS = 429
# Answers a request from a recording instead of the network (`cassette.playback.Playback`).
Playback = Callable[[requests.PreparedRequest], HTTPResponse]


class Answers(Protocol):
    """Responses an earlier run of a `--resume` received (`engine.received`): asked before sending, told after."""

    def answer(self, request: requests.PreparedRequest) -> HTTPResponse | None: ...

    def keep(self, request: requests.PreparedRequest, response: requests.Response) -> None: ...


class GatedAdapter(HTTPAdapter):
    """Admits each request through the gate (budget and pacing) and waits out 429s, bounded."""

    def __init__(self, gate: Gate) -> None:
        super().__init__()
        self.gate = gate
        self.playback: Playback | None = None
        self.answers: Answers | None = None

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        if self.answers is not None:
            with interrupts.in_flight():  # played and kept together, or neither
                answered = self.answers.answer(request)
            if answered is not None:
                return self.build_response(request, answered)  # received by an earlier run: not sent again
        attempt = 0
        while True:
            self.gate.admit()
            with interrupts.in_flight():  # a Ctrl-C now stops the run once this response is kept
                try:
                    if self.playback is not None:
                        response = self.build_response(request, self.playback(request))
                    else:
                        response = super().send(request, *args, **kwargs)
                except CannotOverwriteExistingCassetteException as exc:
                    # Replaying, and the cassette has no recording of this request: one line that says why.
                    from conformance.cassette import replay_miss

                    raise replay_miss(exc) from None
                if response.status_code != TOO_MANY_REQUESTS:
                    if self.answers is not None:
                        self.answers.keep(request, response)
                    return response
            if attempt == MAX_RETRIES:
                # A 429 is no answer to judge: the caller marks the rest of the operation not checked.
                response.close()
                raise RateLimited(f"the target still answered 429 Too Many Requests after {MAX_RETRIES} retries")
            headers = response.headers
            response.close()
            self.gate.backoff(attempt, headers)
            attempt += 1


class RunSession(requests.Session):
    """A requests.Session with a default timeout whose every request passes `gate`."""

    def __init__(self, gate: Gate | None = None) -> None:
        super().__init__()
        self.gate = gate or Gate()
        self._gated = GatedAdapter(self.gate)
        self.mount("http://", self._gated)
        self.mount("https://", self._gated)

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", TIMEOUT_SECONDS)
        return super().send(request, **kwargs)

    def answer_from(self, answers: Answers | None) -> None:
        """Answer what an earlier run received from `answers`, and tell it what this run receives; None: stop."""
        self._gated.answers = answers

    def play_from(self, playback: Playback) -> None:
        """Answer every request from a recording: the gate still counts and budgets each one."""
        self._gated.playback = playback

    def settle_environment(self, url: str) -> None:
        """Read the environment's proxies and CA bundle for the run's one target once: requests would scan the whole
        environment again on every request. Credentials come from the run alone, never from ~/.netrc."""
        if not self.trust_env:
            return
        self.proxies.update(requests.utils.get_environ_proxies(url))
        bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
        if bundle and self.verify is True:
            self.verify = bundle
        self.trust_env = False


def describe(exc: BaseException) -> str:
    """One line for a transport failure: our own kinds in full, anything else by its type."""
    if isinstance(exc, RateLimited):
        return str(exc)
    if isinstance(exc, requests.ConnectionError):
        return "connection failed"
    if isinstance(exc, requests.Timeout):
        return f"no answer within {TIMEOUT_SECONDS:.0f} s"
    return str(exc) if str(exc) and "\n" not in str(exc) and len(str(exc)) < 200 else type(exc).__name__
