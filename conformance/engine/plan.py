"""The plan of one run: preflight, which operations run and with which path values, then every list's probes
(interleaved across lists) before any generated case."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from conformance import st
from conformance.engine.casebook import CaseBook
from conformance.engine.exercise import Exerciser
from conformance.engine.generated import GENERATED, run_generated
from conformance.engine.log import ResultLog
from conformance.engine.paths import NoPathValue, PathValues
from conformance.engine.preflight import preflight
from conformance.engine.probing import PROBES, ListOperation, run_probes
from conformance.engine.resume import EARLIER
from conformance.engine.target import SANDBOX_TARGET, Target
from conformance.gate import BudgetExhausted, Gate
from conformance.generation import schemathesis_config
from conformance.leniency import Contradictions
from conformance.profile import ListProfile, list_profile
from conformance.progress import Progress
from conformance.result import RunError
from conformance.settings import RunSettings
from conformance.spec import Spec

# The check name under which a whole operation is reported as not checked.
ALL_CHECKS = "*"
PATH_VALUES = "path values"
NOT_SERVED_KEY = "not_served"  # in a cassette's header: the operations its sandbox did not serve, and why


@dataclass
class Plan:
    settings: RunSettings
    spec: Spec
    target: Target
    log: ResultLog
    gate: Gate
    progress: Progress
    earlier: dict[str, set[str]]
    contradictions: dict[str, Contradictions]
    # --resume: generated cases of each operation that earlier runs sent, in a phase they did not finish.
    cases_sent_earlier: dict[str, int] = field(default_factory=dict)
    # Schemathesis schemas by the path values in their config: loading one costs a tenth of a second.
    _schemas: dict[tuple[tuple[str, tuple[tuple[str, str], ...]], ...], Any] = field(default_factory=dict, init=False)

    def run(self) -> None:
        """Everything the settings select, most valuable first; TargetError and friends propagate."""
        preflight(self.target, self.spec.raw)
        selected, values = self._select()
        # Schemathesis drops include/exclude filters once a config names operations (for their path values), so
        # the second schema is narrowed to what the first selected.
        schema = self._schema(values)
        exerciser = Exerciser(self.target, self.log, contradictions=self.contradictions)
        runnable = self._runnable(schema, selected)
        lists = [
            ListOperation(op, profile, values.get(op.label, {}))
            for op, profile in runnable
            if profile and not self._done_earlier(op.label, PROBES)
        ]
        run_probes(exerciser, lists, self.settings.max_requests, self.progress)
        book = CaseBook(self.target.recording_header, self.target.recorded_header if self.target.replay else None)
        for operation, _profile in runnable:
            if self._done_earlier(operation.label, GENERATED):
                continue
            self.log.enter(operation.label, GENERATED)
            self.progress.phase(operation.label, GENERATED)
            run_generated(exerciser, operation, self.gate, book, self.cases_sent_earlier.get(operation.label, 0))

    @property
    def _live(self) -> bool:
        """A target with someone's data: a base URL, or a cassette recorded against one (a replay sends what its
        recording sent)."""
        if self.target.replay:
            return self.target.replay.get("recorded_against") != SANDBOX_TARGET
        return self.settings.base_url is not None

    def _schema(self, values: dict[str, dict[str, str]] | None = None) -> Any:
        key = tuple(sorted((label, tuple(sorted(given.items()))) for label, given in (values or {}).items() if given))
        if key not in self._schemas:
            config = schemathesis_config(self.settings, self.target.base_url, values)
            self._schemas[key] = st.select(st.load_schema(self.spec.raw, config), self.settings.selection)
        return self._schemas[key]

    def _select(self) -> tuple[set[str], dict[str, dict[str, str]]]:
        """Every selected operation, in spec order; path values for those under a parent; why any is skipped."""
        paths = PathValues(self.spec.raw, self.target, self.settings.path_params)
        values: dict[str, dict[str, str]] = {}
        selected: set[str] = set()
        for label, _operation, _error in st.operations(self._schema()):
            selected.add(label)
            method, _, path = label.partition(" ")
            self.log.select(label, _style(list_profile(self.spec.raw, method, path)))
            reason = self._not_served(label) or self._unsafe(method)
            if reason is None and "{" in path:
                self.log.enter(label, PATH_VALUES)
                reason = _path_values(paths, path, label, values)
            if reason is not None:
                self.log.not_checked(label, ALL_CHECKS, reason)
        return selected, values

    def _runnable(self, schema: Any, selected: set[str]) -> list[tuple[Any, ListProfile | None]]:
        """The operations that will be sent, with their list profiles; those Schemathesis cannot build are errors."""
        runnable = []
        for label, operation, error in st.operations(schema):
            if label not in selected or self.log.is_skipped(label):
                continue
            if operation is None:
                self.log.add_error(RunError(f"Schemathesis cannot build {label}: {error}", operation=label))
                continue
            method, _, path = label.partition(" ")
            runnable.append((operation, list_profile(self.spec.raw, method, path)))
        return runnable

    def _done_earlier(self, label: str, phase: str) -> bool:
        if phase not in self.earlier.get(label, set()):
            return False
        self.log.not_checked(label, phase, f"{EARLIER} recorded in {self.settings.resume}")
        return True

    def _unsafe(self, method: str) -> str | None:
        """Against a live target, methods that change data run only with --methods all."""
        allowed = self.settings.selection.methods
        if not self._live or allowed is None or method.upper() in allowed:
            return None
        return f"not sent: a live target gets only {' and '.join(allowed)} unless --methods all"

    def _not_served(self, label: str) -> str | None:
        """Why the embedded sandbox does not serve `label`; a replay takes it from its recording, which wrote it
        down (a replay has no sandbox to ask, and must not send what its recording did not)."""
        if self.target.replay:
            recorded = self.target.recorded_header.get(NOT_SERVED_KEY)
            return recorded.get(label) if isinstance(recorded, dict) else None
        sandbox = self.target.sandbox
        if sandbox is None or label in sandbox.served_operations:
            return None
        reason = sandbox.not_served.get(label, "not served by the embedded sandbox")
        if self.target.recording_header is not None:
            self.target.recording_header.setdefault(NOT_SERVED_KEY, {})[label] = reason
        return reason


def _path_values(paths: PathValues, path: str, label: str, values: dict[str, dict[str, str]]) -> str | None:
    try:
        values[label] = paths.for_path(path)
    except NoPathValue as exc:
        return str(exc)
    except BudgetExhausted:
        return "the request budget was spent before this operation's path values were fetched"
    return None


def _style(profile: ListProfile | None) -> str | None:
    return profile.style.value if profile is not None else None
