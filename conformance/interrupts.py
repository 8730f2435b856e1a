"""The first Ctrl-C of a run, held while a request is in flight: what was asked for is received, kept and judged
before the run stops, so that a `--resume` never sends it again and no response sent for is lost.

`first_stops` installs the handler that calls `stop`, for the command (`cli`) and the pytest plugin alike; outside
it (Python's default handler) Ctrl-C is raised where it lands. Signals are the process's, and Python runs their
handlers in the main thread only, so this is the one piece of process-wide state of a run: what the main thread has
in flight.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType

from conformance.errors import EXIT_INTERRUPTED

__all__ = ["checkpoint", "first_stops", "in_flight", "reset", "stop"]


class _Held:
    """How many requests the main thread has in flight, and whether a Ctrl-C came meanwhile."""

    def __init__(self) -> None:
        self.depth = 0
        self.pending = False


_HELD = _Held()


@contextlib.contextmanager
def in_flight() -> Iterator[None]:
    """A request on the wire (and its response being kept): a Ctrl-C now is raised at the next `checkpoint`."""
    if threading.current_thread() is not threading.main_thread():
        yield  # a signal never lands in this thread
        return
    _HELD.depth += 1
    try:
        yield
    finally:
        _HELD.depth -= 1


def checkpoint() -> None:
    """Raise the Ctrl-C held while a request was in flight, now that its response is kept and judged."""
    if _HELD.pending and _HELD.depth == 0 and threading.current_thread() is threading.main_thread():
        _HELD.pending = False
        raise KeyboardInterrupt


def stop() -> None:
    """The first Ctrl-C: raised at once, or, with a request in flight, at the next `checkpoint`. It stays pending
    either way: Python drops an exception a signal handler raises inside a garbage-collector callback (Hypothesis
    has one), and the next `checkpoint` then raises it again, so that no Ctrl-C is lost."""
    _HELD.pending = True
    if not _HELD.depth:
        raise KeyboardInterrupt


def reset() -> None:
    """Forget a Ctrl-C that no checkpoint raised (the run ended on its own meanwhile): the handler is gone."""
    _HELD.pending = False


@contextlib.contextmanager
def first_stops(said: str) -> Iterator[None]:
    """While a run lasts: the first Ctrl-C says `said` on stderr and stops sending (the engine ends the run with what
    was sent, held while a request is in flight); a second one exits at once. Signals are handled in the main thread
    only: elsewhere nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def first(_signum: int, _frame: FrameType | None) -> None:
        signal.signal(signal.SIGINT, second)
        print(said, file=sys.stderr, flush=True)
        stop()  # raised here, or once the request in flight is received and kept

    def second(_signum: int, _frame: FrameType | None) -> None:
        os._exit(EXIT_INTERRUPTED)  # at once: no cleanup, as asked

    previous = signal.signal(signal.SIGINT, first)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        reset()
