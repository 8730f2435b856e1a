"""The engine's log of a run: append-only while the run lasts, frozen into a RunResult at the end."""

from __future__ import annotations

import threading
import time
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace

from conformance.result import Finding, Kind, NotChecked, OperationResult, RunError, RunInfo, RunResult

PROBES = "probes"
GENERATED = "generated cases"
# The phases a run plans for every operation: probes (a list's, or the credential checks of any other), then
# generated cases.
PLANNED = (PROBES, GENERATED)
# Under a budget, an operation's generated phase counts as checked once its covering set is sent (`engine/budget.py`):
# the other cases are what a full run adds.
COVERING = "covering set"
BUDGETED = (PROBES, COVERING)
INTERRUPTED = "the run was interrupted (Ctrl-C) before this phase ended"
# Requests of no operation are counted under this label, by phase: the preflight's.
RUN = "(run)"
PREFLIGHT = "preflight"
MAX_LINE = 200  # of an exception's message in the one-line error; the whole of it goes to JUnit and Allure


class ResultLog:
    """Findings, errors and per-operation coverage, owned by the engine; writers only ever see the frozen result."""

    def __init__(self, planned: tuple[str, ...] = PLANNED) -> None:
        # The phases every selected operation must finish to be fully checked: a run's probes and generated cases;
        # a recheck's one pass over the recorded responses (`engine.offline.RECORDED`).
        self.planned = planned
        self._lock = threading.Lock()
        self._findings: dict[tuple[str, ...], Finding] = {}
        self._occurrences: dict[tuple[str, ...], int] = defaultdict(int)
        self._errors: list[RunError] = []
        self._styles: dict[str, str | None] = {}
        self._applied: dict[str, set[str]] = defaultdict(set)
        self._skipped: dict[str, set[str]] = defaultdict(set)
        self._not_checked: dict[str, dict[str, str]] = defaultdict(dict)
        self._limitations: dict[str, set[str]] = defaultdict(set)
        self._requests: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self._current: tuple[str, str] = (RUN, PREFLIGHT)
        self._complete: dict[str, list[str]] = defaultdict(list)
        self._cases_sent: dict[str, int] = defaultdict(int)
        self._started: dict[str, float] = {}
        self._elapsed: dict[str, float] = defaultdict(float)
        self._check_times: dict[str, dict[str, tuple[float, float]]] = defaultdict(dict)
        self._since = time.time()
        self.unsent_cases = 0
        self.interrupted = False

    def interrupt(self) -> None:
        """Ctrl-C: every planned phase not finished by now is not checked, and the run says it was interrupted."""
        with self._lock:
            self.interrupted = True
            for operation in self._styles:
                if "*" in self._not_checked[operation]:
                    continue
                for phase in self.planned:
                    if phase not in self._complete[operation]:
                        self._not_checked[operation].setdefault(phase, INTERRUPTED)

    def select(self, operation: str, list_style: str | None) -> None:
        """An operation the run covers, in the order selected."""
        self._styles.setdefault(operation, list_style)

    def add_finding(self, finding: Finding, key: tuple[str, ...] = ()) -> None:
        self.add_once(finding.kind, finding.check, finding.operation, finding.title, key, lambda: finding)

    def add_once(
        self, kind: Kind, check: str, operation: str, title: str, key: tuple[str, ...], build: Callable[[], Finding]
    ) -> None:
        """The finding that `build` makes, unless one with this identity is kept already: the first stands for all,
        and counts them."""
        identity = (kind.value, check, operation, title, *key)
        with self._lock:
            if identity not in self._findings:
                self._findings[identity] = build()
            self._occurrences[identity] += 1
            self._applied[operation].add(check)

    def add_error(self, error: RunError) -> None:
        with self._lock:
            self._errors.append(error)

    def ran(self, operation: str, check: str, applied: bool) -> None:
        """A check ran on one response: it applied, or said it does not apply."""
        with self._lock:
            (self._applied if applied else self._skipped)[operation].add(check)

    def not_checked(self, operation: str, check: str, reason: str, limitation: bool = False) -> None:
        """`check` did not run on `operation`, and why; `limitation`: no check of the suite can judge it."""
        with self._lock:
            self._not_checked[operation].setdefault(check, reason)
            if limitation:
                self._limitations[operation].add(check)

    def is_skipped(self, operation: str) -> bool:
        """The whole operation is not checked (not served, no path value): nothing of it is sent."""
        with self._lock:
            return "*" in self._not_checked[operation]

    def completed(self, operation: str, phase: str) -> None:
        """The phase ran to its end on this operation: uncut by the budget, no crash. A whole generated phase holds
        its covering set."""
        with self._lock:
            for done in (phase, COVERING) if phase == GENERATED else (phase,):
                if done not in self._complete[operation]:
                    self._complete[operation].append(done)

    def case_sent(self, operation: str) -> None:
        """One more generated case of the operation sent and judged."""
        with self._lock:
            self._cases_sent[operation] += 1

    def enter(self, operation: str, phase: str) -> None:
        """The requests that follow belong to this operation and phase (until the next `enter`)."""
        with self._lock:
            now = time.time()
            self._elapsed[self._current[0]] += now - self._since
            self._since = now
            self._started.setdefault(operation, now)
            self._current = (operation, phase)

    def spent(self, operation: str, checks: Iterable[str], started: float, seconds: float) -> None:
        """Time spent from `started` (epoch seconds) on requests and checking that gave these checks' verdicts."""
        with self._lock:
            times = self._check_times[operation]
            for check in checks:
                first, total = times.get(check, (started, 0.0))
                times[check] = (min(first, started), total + seconds)

    @contextmanager
    def timing(self, operation: str, checks: Iterable[str]) -> Iterator[None]:
        """The time the block takes (a probe step: its requests and their checking) goes to each of `checks`."""
        started = time.time()
        try:
            yield
        finally:
            self.spent(operation, checks, started, time.time() - started)

    def count(self, _total: int = 0) -> None:
        """One more request sent, for the current operation and phase (the gate calls this)."""
        with self._lock:
            operation, phase = self._current
            self._requests[operation][phase] += 1

    def errors(self) -> list[RunError]:
        with self._lock:
            return list(self._errors)

    def findings(self, kind: Kind) -> list[Finding]:
        with self._lock:
            return [finding for finding in self._findings.values() if finding.kind is kind]

    def occurrences(self, kind: Kind) -> int:
        """How many times a finding of this kind was found so far, repeats included."""
        with self._lock:
            return sum(count for identity, count in self._occurrences.items() if identity[0] == kind.value)

    def freeze(self, info: RunInfo, requests: int) -> RunResult:
        self.enter(RUN, "done")
        with self._lock:
            return RunResult(
                info=info,
                operations=tuple(self._operation(op, style) for op, style in self._styles.items()),
                findings=tuple(
                    replace(finding, occurrences=self._occurrences[identity])
                    for identity, finding in self._findings.items()
                ),
                errors=tuple(self._errors),
                requests=requests,
                run_requests=dict(self._requests.get(RUN, {})),
                unsent_cases=self.unsent_cases,
                interrupted=self.interrupted,
            )

    def _operation(self, operation: str, style: str | None) -> OperationResult:
        applied = self._applied[operation]
        not_checked = {c: r for c, r in self._not_checked[operation].items() if c not in applied}
        return OperationResult(
            operation=operation,
            list_style=style,
            checked=tuple(sorted(applied)),
            not_applicable=tuple(sorted(self._skipped[operation] - applied - set(not_checked))),
            not_checked=tuple(
                NotChecked(check, reason, check in self._limitations[operation])
                for check, reason in sorted(not_checked.items())
            ),
            requests=sum(self._requests[operation].values()),
            requests_by_phase=dict(self._requests[operation]),
            complete_phases=tuple(self._complete[operation]),
            planned_phases=self.planned,
            cases_sent=self._cases_sent[operation],
            started=self._started.get(operation, 0.0),
            elapsed=self._elapsed[operation],
            check_times=dict(self._check_times[operation]),
        )


def crash(operation: str, check: str, exc: BaseException) -> RunError:
    """One line naming the operation, the check and the exception; the traceback for reports only."""
    summary = str(exc).splitlines()[0][:MAX_LINE] if str(exc).strip() else ""
    return RunError(
        message=f"{check} crashed on {operation}: {type(exc).__name__}" + (f": {summary}" if summary else ""),
        operation=operation,
        check=check,
        details="".join(traceback.format_exception(exc)),
    )
