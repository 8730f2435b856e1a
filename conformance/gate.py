"""The gate every request of a run passes: count, budget, pacing, and waiting out 429s.

It sits in the run session's transport adapter (`conformance.session`), so it sees each request the run
sends, retries included, and nothing else in the process.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from conformance import interrupts

MAX_RETRIES = 3
MAX_WAIT_SECONDS = 120.0
JITTER = 0.25


# Not requests.RequestException: that is an OSError, and requests would wrap it into a ConnectionError.
class BudgetExhausted(Exception):
    """The run has sent --max-requests requests; this one was not sent."""

    def why(self, budget: str) -> str:
        """Why the checks that needed this request are not checked: `budget`, the words of the caller's place."""
        return budget


NOT_RECORDED = "not recorded"  # how the reason of a check a recheck could not answer begins


class NotRecorded(BudgetExhausted):
    """A recheck asked for a request its cassette does not hold: nothing is sent, and what needed it is not
    checked. A kind of BudgetExhausted, so that every place that ends a step on a request it may not send ends it
    on this one too (never a crash, never a pass)."""

    def __init__(self, request: str) -> None:
        super().__init__(f"{NOT_RECORDED}: the cassette holds no response to {request}")

    def why(self, budget: str) -> str:
        return str(self)


class RateLimited(Exception):
    """The target kept answering 429 beyond what the run may wait."""


def retry_delay(headers: Any, now: float) -> float | None:
    """Seconds to wait before retrying a 429, from Retry-After or X-Rate-Limit-Retry (epoch seconds)."""
    after = headers.get("Retry-After")
    if after is not None and after.strip().isdigit():
        return float(after)
    at = headers.get("X-Rate-Limit-Retry")
    if at is not None:
        try:
            return max(0.0, float(at) - now)
        except ValueError:
            return None
    return None


@dataclass
class Gate:
    """Counts requests; refuses past the budget; paces ahead of time; waits out 429s, bounded and jittered."""

    max_requests: int | None = None
    interval: float = 0.0
    on_send: Callable[[int], None] | None = None
    sleep: Callable[[float], None] = time.sleep
    # A watcher that shows the wait and sleeps; without one, `sleep` waits silently.
    wait: Callable[[float, str], None] | None = None
    clock: Callable[[], float] = time.time
    sent: int = 0
    refused: int = 0
    _next_slot: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def exhausted(self) -> bool:
        return self.max_requests is not None and self.sent >= self.max_requests

    def admit(self) -> None:
        """Take one request from the budget, after waiting for its pace slot; or refuse it. A Ctrl-C held while
        the last request was in flight stops the run here: nothing more is sent."""
        interrupts.checkpoint()
        with self._lock:
            if self.exhausted:
                self.refused += 1
                raise BudgetExhausted(f"the budget of {self.max_requests} requests is spent")
            self.sent += 1
            sent = self.sent
            delay = max(0.0, self._next_slot - self.clock()) if self.interval else 0.0
            self._next_slot = max(self._next_slot, self.clock()) + self.interval
        if delay:
            try:
                self._wait(delay, "pacing to --rate-limit")
            except BaseException:
                with self._lock:
                    self.sent -= 1  # interrupted while waiting for its slot: this request was never sent
                raise
        if self.on_send is not None:
            self.on_send(sent)

    def backoff(self, attempt: int, headers: Any) -> None:
        """Wait before retry `attempt` of a 429; raise RateLimited if the target asks for too long."""
        delay = retry_delay(headers, self.clock())
        if delay is None:
            delay = 2.0**attempt
        if delay > MAX_WAIT_SECONDS:
            raise RateLimited(f"the target is rate limited for {delay:.0f} s more (more than {MAX_WAIT_SECONDS:.0f} s)")
        delay *= 1 + random.uniform(0, JITTER)
        self._wait(delay, "the target answered 429 Too Many Requests")

    def _wait(self, seconds: float, reason: str) -> None:
        if self.wait is not None:
            self.wait(seconds, reason)
        else:
            self.sleep(seconds)
