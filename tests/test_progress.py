"""Progress while a run lasts: plain lines without a TTY or under CI, each naming the operation and phase."""

from __future__ import annotations

import io

import pytest

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
