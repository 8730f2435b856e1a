"""A run as data: what the engine returns, and all that every writer (summary.json, JUnit, Allure, console) reads.

A finding flows one way: a check raises a Failure -> `findings.record` builds a Finding -> the engine's
ResultLog keeps it -> the engine freezes the log into a RunResult -> each writer reads the RunResult.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from dataclasses import fields as dataclass_fields
from enum import StrEnum
from typing import Any

from conformance.errors import EXIT_DEFECTS, EXIT_ERROR, EXIT_INCOMPLETE, EXIT_INTERRUPTED, EXIT_PASS

# Between a spec file's key and an operation's label, in a run over several files: "customers.json: GET /v1/x".
FILE_SEPARATOR = ": "
# The reason of a phase that `--resume` skipped because an earlier run covered it: covered, not a gap.
EARLIER = "checked in an earlier run"


class Kind(StrEnum):
    """What a finding says about whom."""

    DEFECT = "defect"  # the API breaks its spec: fails the run
    SPEC_GAP = "spec_gap"  # the API does right where the spec is silent (e.g. an undocumented 401)
    SPEC_FINDING = "spec_finding"  # the spec contradicts itself; never fails the run unless --strict-spec
    NOTE = "note"  # worth knowing, never a failure (e.g. a field a typed SDK drops)


class Verdict(StrEnum):
    """A run's verdict, first match wins: interrupted, error, fail, incomplete, pass."""

    PASS = "pass"  # every selected operation had every applicable check run, and none found a defect
    FAIL = "fail"  # defects (and, with --strict-spec, spec gaps and spec findings)
    INCOMPLETE = "incomplete"  # no defect, but something selected was not checked: never a pass
    ERROR = "error"  # bad input, a wrong or lost target, or a crashed check
    INTERRUPTED = "interrupted"  # Ctrl-C: the outputs hold what was sent before it


VERDICT_EXIT = {
    Verdict.PASS: EXIT_PASS,
    Verdict.FAIL: EXIT_DEFECTS,
    Verdict.ERROR: EXIT_ERROR,
    Verdict.INCOMPLETE: EXIT_INCOMPLETE,
    Verdict.INTERRUPTED: EXIT_INTERRUPTED,
}


@dataclass(frozen=True)
class Finding:
    """One distinct problem: which check saw it, on which operation, what was expected and received, how to
    reproduce it."""

    kind: Kind
    check: str
    operation: str
    title: str
    message: str
    reproduce: str = ""
    status: int | None = None
    # For reports only (not summary.json): what was sent and what came back, credentials left out.
    request: str = ""
    response: str = ""
    severity: str = "normal"
    # How many failures this finding stands for: a spec gap is one per (operation, check, status, parameter), and
    # its first occurrence is the one shown (`findings.finding_key`).
    occurrences: int = 1
    # Found by an earlier run of the same `--resume` campaign (kept in its coverage file), not sent by this one.
    earlier: bool = False

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind.value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Finding:
        """The finding `as_json` wrote; KeyError or ValueError for anything else."""
        given = {f.name: data[f.name] for f in dataclass_fields(cls) if f.name in data}
        return cls(**{**given, "kind": Kind(data["kind"])})


@dataclass(frozen=True)
class NotChecked:
    """A check, or a whole operation (check = "*"), that did not run, and why."""

    check: str
    reason: str
    # No check of this suite can judge it (a documented behaviour it cannot test, the same on every run): listed
    # apart, and it does not make a run incomplete. Everything else not checked does.
    limitation: bool = False

    @property
    def earlier(self) -> bool:
        """Skipped because an earlier run of a `--resume` covered it: covered, not a gap."""
        return self.reason.startswith(EARLIER)


@dataclass(frozen=True)
class RunError:
    """Something that stopped a check, a probe or the run from giving a verdict: never a pass."""

    message: str  # one line: operation, check and exception
    operation: str | None = None
    check: str | None = None
    details: str = ""  # the traceback, for JUnit and Allure only


@dataclass(frozen=True)
class OperationResult:
    """What happened to one selected operation."""

    operation: str  # "GET /v1/customers/{customerId}/activity"
    list_style: str | None  # page, date_cursor, id_cursor, cursor, unpaged; None for a non-list
    checked: tuple[str, ...] = ()  # the checks that ran on it
    not_applicable: tuple[str, ...] = ()  # checks that cannot apply here (never counted as passed)
    not_checked: tuple[NotChecked, ...] = ()
    requests: int = 0
    requests_by_phase: dict[str, int] = field(default_factory=dict)
    # The phases ("probes", "generated cases") that ran to their end, uncut by the budget and without a crash.
    complete_phases: tuple[str, ...] = ()
    cases_sent: int = 0  # generated cases this run sent (and judged) for the operation
    # The phases the run planned for it; all of them must be done (now or earlier) for it to be fully checked.
    planned_phases: tuple[str, ...] = ()
    # When the engine first worked on it (epoch seconds), and how long it spent on it in all.
    started: float = 0.0
    elapsed: float = 0.0
    # Per check: when the engine first worked on it (epoch seconds), and the seconds spent on the requests it judged
    # where it applied (a probe check: its step's) and on the checking itself. Work on checks interleaves, so these
    # are sums, not windows; together they can exceed `elapsed`, since one response serves many checks.
    check_times: dict[str, tuple[float, float]] = field(default_factory=dict)
    # In a run over several spec files: the file it belongs to (`FileRun.key`), also the prefix of `operation`.
    spec: str = ""

    @property
    def gaps(self) -> tuple[NotChecked, ...]:
        """What was not checked, leaving out what earlier runs of a `--resume` covered."""
        return tuple(item for item in self.not_checked if not item.earlier and not item.limitation)

    def fully_checked(self, resumed: tuple[str, ...] = ()) -> bool:
        """Every phase done (by this run, or earlier ones: `resumed`) and no check left unchecked."""
        return not self.gaps and set(self.planned_phases) <= {*self.complete_phases, *resumed}

    def as_json(self) -> dict[str, Any]:
        return {
            "operation": self.operation,
            "list_style": self.list_style,
            "checked": list(self.checked),
            "not_applicable": list(self.not_applicable),
            "not_checked": [asdict(item) for item in self.not_checked],
            "requests": self.requests,
            "requests_by_phase": dict(self.requests_by_phase),
            "complete_phases": list(self.complete_phases),
            "cases_sent": self.cases_sent,
            "elapsed_seconds": round(self.elapsed, 3),
            **({"spec": self.spec} if self.spec else {}),
        }

    def as_json_with(self, resumed: tuple[str, ...]) -> dict[str, Any]:
        return {**self.as_json(), "fully_checked": self.fully_checked(resumed)}


@dataclass(frozen=True)
class SpecInfo:
    path: str
    title: str
    version: str
    sha256: str

    @property
    def api(self) -> str:
        """The API the file is part of: its title before " - " ("Voucherify API - Customers" is Voucherify API's)."""
        return self.title.partition(" - ")[0] or self.path


@dataclass(frozen=True)
class RunInfo:
    """Facts about the run that reports print: tool, seed, when, against what."""

    tool_version: str
    seed: int
    started_at: str  # ISO 8601, UTC
    target: str  # a label: "embedded sandbox", a base URL, "cassette X (recorded ... against ...)"
    spec: SpecInfo
    strict_spec: bool = False
    allow_incomplete: bool = False  # --allow-incomplete: an incomplete run exits 0 (its verdict still says so)
    budget: int | None = None
    base_url: str = ""  # where the requests went (the embedded sandbox's port is gone once the run ends)
    # --resume: the phases earlier runs completed, per operation; and, of a generated-cases phase they cut short,
    # how many cases they sent (this run sends from the next one on).
    resumed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    resumed_cases: dict[str, int] = field(default_factory=dict)
    replay: dict[str, str] = field(default_factory=dict)  # cassette, recorded_at, recorded_against
    # Spec file -> the URL of the embedded sandbox the run started for it (over several files, one each).
    sandboxes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FileRun:
    """One spec file of a run over several, and its own outcome: the run's are the sums and the worst of these."""

    key: str  # how the run names the file: its name, or its path when two files share a name
    spec: SpecInfo
    verdict: Verdict
    requests: int
    selected: int
    fully_checked: int
    findings: dict[str, int]  # per Kind value
    errors: int

    def qualify(self, operation: str) -> str:
        """An operation of this file as the whole run names it."""
        return f"{self.key}{FILE_SEPARATOR}{operation}"

    def label(self, operation: str) -> str:
        """An operation as its file names it: `GET /v1/x`."""
        return operation.removeprefix(self.qualify(""))

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.key,
            "spec": self.spec.path,
            "spec_info": {"title": self.spec.title, "version": self.spec.version, "sha256": self.spec.sha256},
            "verdict": self.verdict.value,
            "requests": self.requests,
            "coverage": {"selected": self.selected, "fully_checked": self.fully_checked},
            **{f"{kind}s": self.findings.get(kind, 0) for kind in Kind},
            "errors": self.errors,
        }


@dataclass(frozen=True)
class RunResult:
    """The immutable outcome of one run."""

    info: RunInfo
    operations: tuple[OperationResult, ...] = ()
    findings: tuple[Finding, ...] = ()
    errors: tuple[RunError, ...] = ()
    requests: int = 0
    # Requests that belong to no operation, by phase (the preflight's): with the operations', they make `requests`.
    run_requests: dict[str, int] = field(default_factory=dict)
    unsent_cases: int = 0
    interrupted: bool = False  # Ctrl-C stopped the run: what it holds was sent before that
    # A run over several spec files: each file's own outcome, in run order (its operations carry its key).
    files: tuple[FileRun, ...] = ()

    @property
    def defects(self) -> list[Finding]:
        return self.of_kind(Kind.DEFECT)

    @property
    def spec_gaps(self) -> list[Finding]:
        return self.of_kind(Kind.SPEC_GAP)

    @property
    def error_messages(self) -> list[str]:
        return [error.message for error in self.errors]

    @property
    def not_checked(self) -> list[str]:
        """Every check not run (for lack of budget, of a value, of time...), as `operation: check: reason`; what no
        check can judge is in `cannot_judge`."""
        return [
            f"{op.operation}: {item.check}: {item.reason}"
            for op in self.operations
            for item in op.not_checked
            if not item.limitation
        ]

    @property
    def cannot_judge(self) -> list[str]:
        """What the spec documents and no check of this suite can judge, as `operation: check: reason`."""
        return [
            f"{op.operation}: {item.check}: {item.reason}"
            for op in self.operations
            for item in op.not_checked
            if item.limitation
        ]

    def fully_checked(self, op: OperationResult) -> bool:
        return op.fully_checked(self.info.resumed.get(op.operation, ()))

    def coverage(self) -> tuple[int, int]:
        """(selected operations fully checked, by this run or earlier ones; selected operations)."""
        return sum(map(self.fully_checked, self.operations)), len(self.operations)

    @property
    def complete(self) -> bool:
        """Every selected operation had every applicable check run. A run that selects nothing never gets here (the
        engine ends it with an error); a result without operations is a comparison (`sdk --against`)."""
        complete, selected = self.coverage()
        return complete == selected

    def of_kind(self, kind: Kind) -> list[Finding]:
        return [finding for finding in self.findings if finding.kind is kind]

    def for_pair(self, operation: str, check: str) -> list[Finding]:
        return [f for f in self.findings if f.operation == operation and f.check == check]

    def errors_for(self, operation: str, check: str) -> list[RunError]:
        return [e for e in self.errors if e.operation == operation and e.check == check]

    @property
    def verdict(self) -> Verdict:
        if self.interrupted:
            return Verdict.INTERRUPTED
        if self.errors:
            return Verdict.ERROR
        failing = self.of_kind(Kind.DEFECT) or (
            self.info.strict_spec and (self.of_kind(Kind.SPEC_GAP) or self.of_kind(Kind.SPEC_FINDING))
        )
        if failing:
            return Verdict.FAIL
        return Verdict.PASS if self.complete else Verdict.INCOMPLETE

    @property
    def accepted_incomplete(self) -> bool:
        return self.verdict is Verdict.INCOMPLETE and self.info.allow_incomplete

    @property
    def exit_code(self) -> int:
        return EXIT_PASS if self.accepted_incomplete else VERDICT_EXIT[self.verdict]

    def outcome(self) -> dict[str, Any]:
        """What a replay must reproduce: verdict, request count and the distinct findings."""
        return {
            "verdict": self.verdict.value,
            "requests": self.requests,
            "defects": sorted(f"{f.check}: {f.title}" for f in self.of_kind(Kind.DEFECT)),
            "spec_gaps": sorted(f"{f.check}: {f.title}" for f in self.of_kind(Kind.SPEC_GAP)),
        }
