"""A sandbox that keeps its own log of the requests it answers, and sends Ctrl-C (a real SIGINT) to a run's process
when the N-th request arrives: an interrupt on an event the run cannot skip, not after a time that load stretches."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qsl

from conformance.credentials import APP_ID_ENV, APP_TOKEN_ENV
from conformance.engine.log import PROBES
from conformance.sandbox.http import App, Request, Response
from tests.conftest import CREDENTIALS

ROOT = Path(__file__).resolve().parent.parent
# A request as the sandbox sees it: method, path, query pairs and the credentials it carried.
Seen = tuple[str, str, tuple[tuple[str, str], ...], tuple[str, str]]


class RequestLog:
    """Wraps a sandbox's app: logs every request it answers; on the `interrupt_at`-th, sends SIGINT to `pid`,
    before answering (the run has that request in flight when the signal lands)."""

    def __init__(self) -> None:
        self.seen: list[Seen] = []
        self.interrupt_at: int | None = None
        self.pid: int | None = None
        self._lock = threading.Lock()

    def wrap(self, app: App) -> App:
        def logged(request: Request) -> Response:
            with self._lock:
                self.seen.append(_seen(request))
                count = len(self.seen)
            if count == self.interrupt_at and self.pid is not None:
                os.kill(self.pid, signal.SIGINT)
            return app(request)

        return logged

    def take(self) -> list[Seen]:
        """The requests logged since the last take."""
        with self._lock:
            seen, self.seen = self.seen, []
        return seen


def twice(*logs: list[Seen]) -> Counter[Seen]:
    """What the logs hold more often together than `logs[0]` alone (an uninterrupted run) does."""
    whole, parts = Counter(logs[0]), Counter(request for log in logs[1:] for request in log)
    return parts - whole


def _seen(request: Request) -> Seen:
    headers = request.headers
    return (
        request.method,
        request.path,
        tuple(sorted(parse_qsl(request.query, keep_blank_values=True))),
        (headers.get("x-app-id", ""), headers.get("x-app-token", "")),
    )


def command(base_url: str, report_dir: Path, *options: str) -> list[str]:
    where = ["--base-url", base_url, "--report-dir", str(report_dir)]
    return [sys.executable, "-m", "conformance", "run", *where, *options]


def environment() -> dict[str, str]:
    return {**os.environ, "CI": "true", APP_ID_ENV: CREDENTIALS.app_id, APP_TOKEN_ENV: CREDENTIALS.app_token}


def run_interrupted(log: RequestLog, at: int, argv: list[str]) -> subprocess.CompletedProcess[str]:
    """Run `conformance` in its own process, interrupted by the sandbox when its `at`-th request arrives."""
    process = subprocess.Popen(
        argv, cwd=ROOT, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    log.pid, log.interrupt_at = process.pid, at
    try:
        out, err = process.communicate(timeout=300)
    finally:
        log.pid, log.interrupt_at = None, None
    return subprocess.CompletedProcess(argv, process.returncode, out, err)


def run_whole(argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=ROOT, env=environment(), capture_output=True, text=True, timeout=300)


class StopsAtStep:
    """Progress that stands for a Ctrl-C as the run enters its `step`-th probe step (nothing in flight)."""

    def __init__(self, step: int) -> None:
        self.step, self.steps = step, 0

    def phase(self, operation: str, phase: str) -> None:
        if phase.startswith(f"{PROBES}:"):
            self.steps += 1
            if self.steps == self.step:
                raise KeyboardInterrupt

    def sent(self, count: int) -> None:
        pass

    def sleep(self, seconds: float, reason: str) -> None:
        pass
