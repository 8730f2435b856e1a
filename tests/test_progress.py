"""Progress while a run lasts: plain lines without a TTY or under CI, each naming the operation and phase."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from conformance.result import RunInfo, RunResult, SpecInfo
from conformance.writers.console import render
from conformance.writers.progress import PLAIN_EVERY, ConsoleProgress, wants_plain


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


def test_plain_progress_names_the_operation_phase_and_requests_against_the_budget() -> None:
    stream = io.StringIO()
    with ConsoleProgress(budget=100, stream=stream, plain=True) as progress:
        progress.phase("GET /v1/customers", "probes: one request per order value")
        for count in range(1, PLAIN_EVERY + 1):
            progress.sent(count)
        progress.sleep(0.0, "pacing to --rate-limit")
    lines = stream.getvalue().splitlines()
    assert lines[0] == "GET /v1/customers: probes: one request per order value (0 of 100 requests)"
    assert lines[1] == f"  ... {PLAIN_EVERY} of 100 requests"
    assert len(lines) == 2, "a wait under a second is not worth a line"


def test_a_long_wait_is_announced_before_it_is_waited(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr("conformance.writers.progress.time.sleep", slept.append)
    stream = io.StringIO()
    ConsoleProgress(budget=None, stream=stream, plain=True).sleep(36.0, "pacing to --rate-limit")
    assert stream.getvalue() == "  waiting 36 s: pacing to --rate-limit\n" and slept == [36.0]


TERMINAL_WIDTH = 80
PACING = "pacing to --rate-limit"  # the gate's reason for a paced wait


def test_the_countdown_fits_an_80_column_terminal() -> None:
    with ConsoleProgress(budget=100, stream=Tty(), plain=False) as progress:
        progress.phase("GET /v1/customers/{customerId}/activities", "probes: the walks of the paging style")
        progress.sent(1)
        progress.show_wait(35, PACING)
        assert progress._live is not None
        screen = io.StringIO()
        Console(file=screen, width=TERMINAL_WIDTH, color_system=None).print(progress._live.get_renderable())
    (row,) = screen.getvalue().splitlines()
    assert len(row) <= TERMINAL_WIDTH and f"waiting 35 s ({PACING})" in row, row


@pytest.mark.parametrize(("count", "text"), [(0, "0 requests sent"), (1, "1 request sent"), (2, "2 requests sent")])
def test_one_request_is_singular(count: int, text: str) -> None:
    stream = io.StringIO()
    with ConsoleProgress(budget=None, stream=stream, plain=True) as progress:
        progress.sent(count)
        progress.phase("GET /v1/customers", "probes")
    assert stream.getvalue().splitlines()[-1].endswith(f"({text})")


def test_the_verdict_line_says_1_request() -> None:
    info = RunInfo("0", 0, "now", "embedded sandbox", SpecInfo("s.yaml", "", "", ""))
    assert render(RunResult(info, requests=1)).startswith("Verdict: PASS  (1 request to embedded sandbox")
