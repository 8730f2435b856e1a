"""Progress on stderr while a run lasts: a live rich display on a terminal, plain lines under CI or without a TTY.

Plain lines are few, for a CI log: one when an operation enters a phase ("probes", "generated cases"; the detail after
": " of a phase such as "probes: each filter once" does not count), and between them one line at most every
HEARTBEAT_SECONDS, so that a long phase still shows it is alive: that line tells the requests sent, or the wait under
way. A wait of HEARTBEAT_SECONDS or more is always told (it keeps the next line that far away itself); a shorter one
(pacing to 1/s waits a second before every request) only when a line is due.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TimeElapsedColumn,
)
from rich.table import Column
from rich.text import Text

from conformance.counts import counted

HEARTBEAT_SECONDS = 10.0  # at most one plain "still sending" line this often
# The live bar's width: with the counts and the clock it leaves about half of an 80-column terminal to the text.
BAR_WIDTH = 12


class LabelColumn(ProgressColumn):
    """The operation, phase and any countdown, cut with an ellipsis where the terminal is narrow: the only column
    rich may shrink (it shrinks wrappable columns first), so the count of requests and the clock stay whole."""

    def __init__(self) -> None:
        super().__init__(table_column=Column(no_wrap=False))

    def render(self, task: Task) -> Text:
        return Text(task.description, no_wrap=True, overflow="ellipsis")


class SentColumn(ProgressColumn):
    """Requests sent: "3/100 requests" against a budget, "1 request sent" without one (rich's own count says "1/?")."""

    def render(self, task: Task) -> Text:
        sent = int(task.completed)
        if task.total is None:
            return Text(f"{counted(sent, 'request')} sent", no_wrap=True)
        return Text(f"{sent}/{int(task.total)} requests", no_wrap=True)


def wants_plain(stream: TextIO) -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes") or not stream.isatty()


class ConsoleProgress:
    """Shows the operation and phase, requests sent against the budget, and rate-limit waits counting down."""

    def __init__(
        self,
        budget: int | None,
        stream: TextIO | None = None,
        plain: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.budget = budget
        self.stream = stream or sys.stderr  # looked up now: a test's capture may have replaced it
        self.plain = wants_plain(self.stream) if plain is None else plain
        self.clock = clock
        self._count = 0
        self._label = ""
        self._shown: set[tuple[str, str]] = set()  # (operation, phase) pairs that had their plain line
        self._last_line = clock()
        self._live: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> ConsoleProgress:
        if not self.plain:
            self._live = Progress(
                LabelColumn(),
                BarColumn(bar_width=BAR_WIDTH),
                SentColumn(),
                TimeElapsedColumn(),
                console=Console(file=self.stream),
                transient=True,
            )
            self._live.start()
            self._task = self._live.add_task("starting", total=self.budget)
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self._live is not None:
            self._live.stop()

    def phase(self, operation: str, phase: str) -> None:
        self._label = f"{operation}: {phase}"
        if self._live is not None and self._task is not None:
            self._live.update(self._task, description=self._label)
            return
        planned = (operation, phase.partition(": ")[0])
        if planned not in self._shown:
            self._shown.add(planned)
            self._line(f"{': '.join(planned)} ({self._sent_text()})")
        else:
            self._heartbeat()

    def sent(self, count: int) -> None:
        self._count = count
        if self._live is not None and self._task is not None:
            self._live.update(self._task, completed=count)
        else:
            self._heartbeat()

    def sleep(self, seconds: float, reason: str) -> None:
        if self._live is None or self._task is None:
            if seconds >= HEARTBEAT_SECONDS or (seconds >= 1 and self._due()):
                self._line(f"  waiting {seconds:.0f} s: {reason}")
            time.sleep(seconds)
            return
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            self.show_wait(left, reason)
            time.sleep(min(1.0, left))
        self._live.update(self._task, description=self._label)

    def show_wait(self, left: float, reason: str) -> None:
        """The countdown first, so that a narrow terminal cuts the operation's label rather than the countdown."""
        if self._live is not None and self._task is not None:
            self._live.update(self._task, description=f"waiting {left:.0f} s ({reason}): {self._label}")

    def _due(self) -> bool:
        return self.clock() - self._last_line >= HEARTBEAT_SECONDS

    def _heartbeat(self) -> None:
        if self._due():
            self._line(f"  ... {self._label} ({self._sent_text()})")

    def _sent_text(self) -> str:
        if self.budget:
            return f"{self._count} of {counted(self.budget, 'request')}"
        return f"{counted(self._count, 'request')} sent so far"

    def _line(self, text: str) -> None:
        self._last_line = self.clock()
        print(text, file=self.stream, flush=True)
