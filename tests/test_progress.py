"""Progress while a run lasts: plain lines without a TTY or under CI, each naming the operation and phase."""

from __future__ import annotations

import io
import math

import pytest
from rich.console import Console

from conformance.result import RunInfo, RunResult, SpecInfo
from conformance.writers.console import render
from conformance.writers.progress import HEARTBEAT_SECONDS, ConsoleProgress, wants_plain


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("ci", "stream", "plain"), [("true", Tty(), True), ("", Tty(), False), ("", io.StringIO(), True)]
)
def test_plain_lines_under_ci_or_without_a_terminal(
    monkeypatch: pytest.MonkeyPatch, ci: str, stream: io.StringIO, plain: bool
) -> None:
    monkeypatch.setenv("CI", ci)
    assert wants_plain(stream) is plain


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_plain_progress_is_one_line_per_operation_and_phase_whatever_its_steps_and_requests() -> None:
    stream = io.StringIO()
    with ConsoleProgress(budget=100, stream=stream, plain=True, clock=Clock()) as progress:
        for step in ("one request per order value", "each filter once"):
            for operation in ("GET /v1/customers", "GET /v1/vouchers"):
                progress.phase(operation, f"probes: {step}")
                for count in range(1, 80):
                    progress.sent(count)
        progress.phase("GET /v1/customers", "generated cases")
        progress.sleep(0.0, "pacing to --rate-limit")
    assert stream.getvalue().splitlines() == [
        "GET /v1/customers: probes (0 of 100 requests)",
        "GET /v1/vouchers: probes (79 of 100 requests)",
        "GET /v1/customers: generated cases (79 of 100 requests)",
    ], "no line per N requests, none per probe step, none for a wait under a second"


@pytest.mark.parametrize("step", [0.5, 1.0, 3.0])
def test_within_a_phase_a_line_comes_once_heartbeat_seconds_have_passed_since_the_last(step: float) -> None:
    clock = Clock()
    stream = io.StringIO()
    progress = ConsoleProgress(budget=None, stream=stream, plain=True, clock=clock)
    progress.phase("GET /v1/customers", "generated cases")
    requests = 35
    for count in range(1, requests + 1):
        clock.now += step
        progress.sent(count)
    gap = math.ceil(HEARTBEAT_SECONDS / step) * step  # the first request at or past the heartbeat
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1 + int(requests * step // gap)
    assert all(line.startswith("  ... GET /v1/customers: generated cases (") for line in lines[1:])


class Timed(io.StringIO):
    """A log that keeps when (by the test's clock) each line was written."""

    def __init__(self, clock: Clock) -> None:
        super().__init__()
        self.clock = clock
        self.times: list[float] = []

    def write(self, text: str) -> int:
        self.times += [self.clock.now] * text.count("\n")
        return super().write(text)


def extra_lines_are_heartbeat_seconds_apart(log: Timed, phases: set[str]) -> bool:
    """Besides one line per operation and phase, a line comes HEARTBEAT_SECONDS or more after the line before."""
    lines = log.getvalue().splitlines()
    extra = [i for i, line in enumerate(lines) if line.rpartition(" (")[0] not in phases]
    return all(log.times[i] - log.times[i - 1] >= HEARTBEAT_SECONDS for i in extra if i)


@pytest.mark.parametrize("wait", [1.0, 2.5, 9.0])
def test_waits_shorter_than_a_heartbeat_make_no_more_lines_than_one_every_heartbeat(
    monkeypatch: pytest.MonkeyPatch, wait: float
) -> None:
    """Pacing to --rate-limit 60/m waits about a second before every request: a CI log gets no line for each."""
    clock = Clock()
    monkeypatch.setattr(
        "conformance.writers.progress.time.sleep", lambda seconds: setattr(clock, "now", clock.now + seconds)
    )
    log = Timed(clock)
    progress = ConsoleProgress(budget=None, stream=log, plain=True, clock=clock)
    progress.phase("GET /v1/customers", "generated cases")
    for count in range(1, 60):
        progress.sleep(wait, PACING)
        progress.sent(count)
    lines = log.getvalue().splitlines()
    assert len(lines) - 1 <= clock.now // HEARTBEAT_SECONDS, lines
    assert extra_lines_are_heartbeat_seconds_apart(log, {"GET /v1/customers: generated cases"})


def test_a_long_wait_is_announced_before_it_is_waited(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr("conformance.writers.progress.time.sleep", slept.append)
    stream = io.StringIO()
    ConsoleProgress(budget=None, stream=stream, plain=True).sleep(36.0, "pacing to --rate-limit")
    assert stream.getvalue() == "  waiting 36 s: pacing to --rate-limit\n" and slept == [36.0]


TERMINAL_WIDTH = 80
PACING = "pacing to --rate-limit"  # the gate's reason for a paced wait


@pytest.mark.parametrize("budget", [4, 100, None], ids=["budget 4", "budget 100", "no budget"])
def test_the_countdown_and_the_count_fit_an_80_column_terminal(budget: int | None) -> None:
    with ConsoleProgress(budget=budget, stream=Tty(), plain=False) as progress:
        progress.phase("GET /v1/customers/{customerId}/activities", "probes: the walks of the paging style")
        progress.sent(1)
        progress.show_wait(35, PACING)
        assert progress._live is not None
        screen = io.StringIO()
        Console(file=screen, width=TERMINAL_WIDTH, color_system=None).print(progress._live.get_renderable())
    (row,) = screen.getvalue().splitlines()
    # The operation's label is what a narrow terminal cuts: never the countdown, nor how many requests were sent.
    sent = f"1/{budget} requests" if budget else "1 request sent"
    assert len(row) <= TERMINAL_WIDTH and f"waiting 35 s ({PACING})" in row and f" {sent} " in row, row


@pytest.mark.parametrize(("count", "text"), [(0, "0 requests sent"), (1, "1 request sent"), (2, "2 requests sent")])
def test_one_request_is_singular(count: int, text: str) -> None:
    stream = io.StringIO()
    with ConsoleProgress(budget=None, stream=stream, plain=True) as progress:
        progress.sent(count)
        progress.phase("GET /v1/customers", "probes")
    assert stream.getvalue().splitlines()[-1].endswith(f"({text} so far)"), "the run's count, not the phase's"


def test_the_verdict_line_says_1_request() -> None:
    info = RunInfo("0", 0, "now", "embedded sandbox", SpecInfo("s.yaml", "", "", ""))
    assert render(RunResult(info, requests=1)).startswith("Verdict: PASS  (1 request to embedded sandbox")
