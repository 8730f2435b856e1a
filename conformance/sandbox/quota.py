"""Voucherify's API quota, simulated: a fixed window of N calls, announced in X-Rate-Limit-* headers, 429 past it."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import replace

from conformance.rate import parse_rate
from conformance.sandbox.errors import error
from conformance.sandbox.http import App, Request, Response


class Quota:
    """`100/h`: 100 calls per hour-long window, counted from the window's first call."""

    def __init__(self, rate: str, clock: Callable[[], float] = time.time) -> None:
        parsed = parse_rate(rate, "--sandbox-quota")
        self.limit = parsed.count
        self.window = parsed.period
        self.clock = clock
        self._lock = threading.Lock()
        self._start: float | None = None
        self._used = 0
        self.rejected = 0

    def wrap(self, app: App) -> App:
        def limited(request: Request) -> Response:
            with self._lock:
                now = self.clock()
                if self._start is None or now >= self._start + self.window:
                    self._start, self._used = now, 0
                reset = self._start + self.window
                allowed = self._used < self.limit
                self._used += allowed
                remaining = self.limit - self._used
            headers = {
                "X-Rate-Limit-Limit": str(self.limit),
                "X-Rate-Limit-Remaining": str(remaining),
                "X-Rate-Limit-Retry": str(math.ceil(reset)),
            }
            if not allowed:
                self.rejected += 1
                wait = max(1, math.ceil(reset - now))
                headers |= {"Retry-After": str(wait), "X-Rate-Limit-Type": "api_calls"}
                return error(429, "too_many_requests", "API limit reached", f"Retry in {wait} s.", headers)
            response = app(request)
            return replace(response, headers={**response.headers, **headers})

        return limited
