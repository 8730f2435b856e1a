"""What the engine tells a watcher while it runs: the operation and phase, requests against the budget, and waits.

The engine calls these hooks and knows nothing of how they are shown (`writers/progress.py` shows them).
"""

from __future__ import annotations

import time
from typing import Protocol


class Progress(Protocol):
    def phase(self, operation: str, phase: str) -> None:
        """The engine starts `phase` ("probes", "generated cases", ...) of `operation`."""

    def sent(self, count: int) -> None:
        """`count` requests have been sent so far."""

    def sleep(self, seconds: float, reason: str) -> None:
        """Wait `seconds` (pacing or a 429), showing the wait; must really sleep."""


class Silent:
    """No watcher: waits still happen."""

    def phase(self, operation: str, phase: str) -> None:
        return None

    def sent(self, count: int) -> None:
        return None

    def sleep(self, seconds: float, reason: str) -> None:
        time.sleep(seconds)
