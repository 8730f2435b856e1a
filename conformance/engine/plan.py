"""The plan of one run: preflight, which operations run and with which path values, then every list's probes
(interleaved across lists) before any generated case; under a budget, operations take turns at generated cases."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from conformance import interrupts, st_schema
from conformance.engine.casebook import CaseBook
from conformance.engine.exercise import Exerciser
from conformance.engine.generated import GENERATED, run_generated
from conformance.engine.log import COVERING, ResultLog
from conformance.engine.paths import NoPathValue, PathValues
from conformance.engine.preflight import preflight
from conformance.engine.probing import PROBES, ListOperation, run_auth, run_probes
from conformance.engine.reach import require_refs
from conformance.engine.resume import EARLIER
from conformance.engine.target import SANDBOX_TARGET, Target
from conformance.errors import NothingSelected, NothingSendable, UsageError
from conformance.gate import BudgetExhausted, Gate, RateLimited
from conformance.generation import schemathesis_config
from conformance.leniency import Contradictions
from conformance.lint.findings import UNUSED
from conformance.probes import covering
from conformance.profile import ListProfile, list_profile
from conformance.progress import Progress
from conformance.result import Finding, RunError
from conformance.settings import RunSettings
from conformance.spec import Spec

# The check name under which a whole operation is reported as not checked.
ALL_CHECKS = "*"
PATH_VALUES = "path values"
UNFUNDED = (
    "not sent: the request budget goes to whole operations, cheapest first, and did not reach this one "
    "(--plan lists them; --resume FILE reaches it in a later run)"
)
NOT_SERVED_KEY = "not_served"  # in a cassette's header: the operations its sandbox did not serve, and why
_TEMPLATE = re.compile(r"\{([^}/]+)\}")


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
    # The spec's contradictions with itself (`lint`): reported only for the operations the run selects.
    spec_findings: Sequence[Finding] = ()
    # --resume: generated cases of each operation that earlier runs sent, in a phase they did not finish.
    cases_sent_earlier: dict[str, int] = field(default_factory=dict)
    # Under a budget that cannot check them all: the planned operations it does not reach (`budget_left.unfunded`).
    unfunded: frozenset[str] = frozenset()
    # Schemathesis schemas by the path values in their config: loading one costs a tenth of a second.
    _schemas: dict[tuple[tuple[str, tuple[tuple[str, str], ...]], ...], Any] = field(default_factory=dict, init=False)

    def run(self) -> None:
        """Everything the settings select, most valuable first; TargetError and friends propagate."""
        labels = [label for label, _operation, _error in st_schema.operations(self._schema())]
        self._require(labels)
        self._report_spec_findings(labels)
        if set(labels) <= self.unfunded:
            # Before the preflight: a file whose operations the budget does not reach sends nothing.
            raise NothingSendable(
                f"Nothing in {self.spec.path} within the request budget.", dict.fromkeys(labels, UNFUNDED)
            )
        preflight(self.target, self.spec.raw)
        selected, values = self._select(labels)
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
        others = [
            (op, values.get(op.label, {}))
            for op, profile in runnable
            if profile is None and not self._done_earlier(op.label, PROBES)
        ]
        run_auth(exerciser, others, self.progress)
        # Generated cases are not answered from an earlier run's responses: a resume skips those sent by count.
        self.target.session.answer_from(None)
        interrupts.checkpoint()  # a Ctrl-C held while the last probe was answered: before generating anything
        book = CaseBook(self.target.recording_header, self.target.recorded_header if self.target.replay else None)
        generated = [
            (operation, self.cases_sent_earlier.get(operation.label, 0))
            for operation, _profile in runnable
            if not self._done_earlier(operation.label, GENERATED)
        ]
        # What the probes' requests served of each list's covering set: they ran (or earlier runs of --resume did)
        # before any generated case, and an operation is checked only once its probes were sent.
        served = {
            operation.label: covering.served(self.spec.raw, operation.method, operation.path, profile)
            for operation, profile in runnable
            if profile is not None
        }
        run_generated(exerciser, generated, self.gate, book, self.progress, served)
        interrupts.checkpoint()  # a Ctrl-C during the last request: the run says it was interrupted

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
            config = schemathesis_config(self.settings, self.target.base_url, values, self._live)
            self._schemas[key] = st_schema.select(st_schema.load_schema(self.spec.raw, config), self.settings.selection)
        return self._schemas[key]

    def _require(self, labels: list[str]) -> None:
        """Before any request: a selection that matches something, --path-param names it has, and every `$ref`
        it needs; else a one-line UsageError or SpecError (never a pass on nothing)."""
        if not labels:
            raise NothingSelected(f"The selection matches no operation of {self.spec.path}{self._selection_hint()}.")
        names = {name for label in labels for name in _TEMPLATE.findall(label)}
        unknown = sorted(set(self.settings.path_params) - names)
        if unknown:
            close = difflib.get_close_matches(unknown[0], sorted(names), n=1)
            hint = f" Did you mean {close[0]}?" if close else ""
            have = ", ".join(sorted(names)) or "none"
            raise UsageError(
                f"--path-param {unknown[0]}: no selected operation has a path parameter {{{unknown[0]}}} "
                f"(theirs: {have}).{hint}"
            )
        require_refs(self.spec.raw, labels, str(self.spec.path))

    def _selection_hint(self) -> str:
        given = [value for name, values in self.settings.selection.include if name == "path" for value in values]
        paths = [str(path) for path in self.spec.raw.get("paths") or {}]
        close = difflib.get_close_matches(given[0], paths, n=1) if given else []
        return f"; did you mean --include-path {close[0]}?" if close else ""

    def _report_spec_findings(self, labels: list[str]) -> None:
        """The spec's contradictions about the selected operations (and the components they use); about a
        component no operation uses, only when the run selects the whole file."""
        whole = not self.settings.selection.include and not self.settings.selection.exclude
        wanted = set(labels) | ({UNUSED} if whole else set())
        for finding in self.spec_findings:
            if finding.operation in wanted:
                self.log.add_finding(finding, (finding.reproduce,))

    def _select(self, labels: list[str]) -> tuple[set[str], dict[str, dict[str, str]]]:
        """Every selected operation, in spec order; path values for those under a parent; why any is skipped.
        UsageError when no selected operation can be sent at all: a run of nothing is no verdict."""
        reasons = {
            label: self._not_served(label) or self._unsafe(label.partition(" ")[0]) or self._unfunded(label)
            for label in labels
        }
        if all(reasons.values()):
            first = labels[0]
            count = f"none of its {len(labels)} selected operations" if len(labels) > 1 else "no selected operation"
            why = f"{count} can be sent ({first}: {reasons[first]})"
            raise NothingSendable(
                f"Nothing in {self.spec.path} that this run can check: {why}.",
                {label: str(reason) for label, reason in reasons.items()},
            )
        paths = PathValues(self.spec.raw, self.target, self.settings.path_params)
        values: dict[str, dict[str, str]] = {}
        for label in labels:
            method, _, path = label.partition(" ")
            self.log.select(label, _style(list_profile(self.spec.raw, method, path)))
            reason = reasons[label]
            if reason is None and "{" in path:
                self.log.enter(label, PATH_VALUES)
                reason = _path_values(paths, method, path, label, values)
            if reason is not None:
                self.log.not_checked(label, ALL_CHECKS, reason)
        return set(labels), values

    def _runnable(self, schema: Any, selected: set[str]) -> list[tuple[Any, ListProfile | None]]:
        """The operations that will be sent, with their list profiles; those Schemathesis cannot build are errors."""
        runnable = []
        for label, operation, error in st_schema.operations(schema):
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
        if phase == GENERATED:
            self.log.completed(label, COVERING)  # a whole generated phase held its covering set
        return True

    def _unfunded(self, label: str) -> str | None:
        return UNFUNDED if label in self.unfunded else None

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


def _path_values(
    paths: PathValues, method: str, path: str, label: str, values: dict[str, dict[str, str]]
) -> str | None:
    try:
        values[label] = paths.for_path(path)
        return paths.missing(method, path, values[label])
    except NoPathValue as exc:
        return str(exc)
    except BudgetExhausted as exc:
        return exc.why("the request budget was spent before this operation's path values were fetched")
    except RateLimited as exc:
        return f"rate limited while fetching this operation's path values: {exc}"


def _style(profile: ListProfile | None) -> str | None:
    return profile.style.value if profile is not None else None
