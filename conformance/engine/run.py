"""The engine: one run of the probes and the generated cases of each selected operation, returned as data."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import conformance
from conformance import st
from conformance.determinism import without_local_constants
from conformance.engine import resume
from conformance.engine.exercise import Exerciser
from conformance.engine.generated import GENERATED, run_generated
from conformance.engine.log import ResultLog
from conformance.engine.paths import NoPathValue, PathValues
from conformance.engine.preflight import preflight
from conformance.engine.probing import PROBES, ListOperation, run_probes
from conformance.engine.target import SANDBOX_TARGET, Target, open_target
from conformance.errors import ConformanceError
from conformance.gate import BudgetExhausted, Gate
from conformance.generation import schemathesis_config
from conformance.lint import LintReport, lint_spec, to_findings
from conformance.profile import ListProfile, list_profile
from conformance.progress import Progress, Silent
from conformance.result import RunError, RunInfo, RunResult, SpecInfo
from conformance.session import RunSession
from conformance.settings import RunSettings
from conformance.spec import Spec, load_spec

# The check name under which a whole operation is reported as not checked.
ALL_CHECKS = "*"
PATH_VALUES = "path values"


def run(settings: RunSettings, progress: Progress | None = None) -> RunResult:
    """Run the whole plan against the target the settings name; never raises for bad input, it is in the result."""
    started = datetime.now(UTC).isoformat(timespec="seconds")
    log = ResultLog()
    progress = progress or Silent()
    gate = Gate(
        max_requests=settings.max_requests,
        interval=settings.rate_limit.interval if settings.rate_limit else 0.0,
        on_send=_counting(log, progress),
        wait=progress.sleep,
    )
    spec: Spec | None = None
    label = _label(settings)
    try:
        spec = load_spec(settings.spec)
        earlier = resume.load(settings.resume, spec.sha256)
        _lint(spec, log)
        with open_target(settings, spec, RunSession(gate)) as target, without_local_constants():
            label = _target_label(target)
            _run_plan(settings, spec, target, log, gate, progress, earlier)
            result = log.freeze(_info(settings, spec, label, started, target, earlier), gate.sent)
            if target.recording_header is not None:
                target.recording_header["recorded"] = result.outcome()
            return result
    except ConformanceError as exc:
        log.add_error(RunError(str(exc)))
    return log.freeze(_info(settings, spec, label, started, None, {}), gate.sent)


def _counting(log: ResultLog, progress: Progress) -> Callable[[int], None]:
    """Each request the gate lets through: counted for the current operation and phase, and shown."""

    def sent(total: int) -> None:
        log.count()
        progress.sent(total)

    return sent


def _run_plan(
    settings: RunSettings,
    spec: Spec,
    target: Target,
    log: ResultLog,
    gate: Gate,
    progress: Progress,
    earlier: dict[str, set[str]],
) -> None:
    """Preflight, path values, then every list's semantics (probes) before any generated case."""
    preflight(target, spec.raw)
    live = settings.base_url is not None and not settings.replaying
    base = st.select(st.load_schema(spec.raw, schemathesis_config(settings, target.base_url)), settings.selection, live)
    paths = PathValues(spec.raw, target, settings.path_params)
    values: dict[str, dict[str, str]] = {}
    with _target_lost(log):
        for label, _operation, _error in st.operations(base):
            method, _, path = label.partition(" ")
            log.select(label, _style(list_profile(spec.raw, method, path)))
            reason = _not_served(target, label)
            if reason is None and "{" in path:
                log.enter(label, PATH_VALUES)
                reason = _path_values(paths, path, label, values)
            if reason is not None:
                log.not_checked(label, ALL_CHECKS, reason)
        config = schemathesis_config(settings, target.base_url, values)
        schema = st.select(st.load_schema(spec.raw, config), settings.selection, live)
        exerciser = Exerciser(target, log)
        runnable = _runnable(schema, spec, log, values)
        lists = [
            ListOperation(op, profile, values.get(op.label, {}))
            for op, profile in runnable
            if profile and not _done_earlier(log, earlier, op.label, PROBES, settings)
        ]
        run_probes(exerciser, lists, settings.max_requests, progress)
        for operation, _profile in runnable:
            if _done_earlier(log, earlier, operation.label, GENERATED, settings):
                continue
            log.enter(operation.label, GENERATED)
            progress.phase(operation.label, GENERATED)
            run_generated(exerciser, operation, gate)


def _runnable(schema: Any, spec: Spec, log: ResultLog, values: dict[str, dict[str, str]]) -> list[tuple[Any, Any]]:
    """The operations that will be sent, with their list profiles; those Schemathesis cannot build are errors."""
    runnable = []
    for label, operation, error in st.operations(schema):
        if log.is_skipped(label):
            continue
        if operation is None:
            log.add_error(RunError(f"Schemathesis cannot build {label}: {error}", operation=label))
            continue
        method, _, path = label.partition(" ")
        runnable.append((operation, list_profile(spec.raw, method, path)))
    return runnable


def _done_earlier(log: ResultLog, earlier: dict[str, set[str]], label: str, phase: str, settings: RunSettings) -> bool:
    if phase not in earlier.get(label, set()):
        return False
    log.not_checked(label, phase, f"{resume.EARLIER} recorded in {settings.resume}")
    return True


def _not_served(target: Target, label: str) -> str | None:
    if target.sandbox is None or label in target.sandbox.served_operations:
        return None
    return target.sandbox.not_served.get(label, "not served by the embedded sandbox")


def _path_values(paths: PathValues, path: str, label: str, values: dict[str, dict[str, str]]) -> str | None:
    try:
        values[label] = paths.for_path(path)
    except NoPathValue as exc:
        return str(exc)
    except BudgetExhausted:
        return "the request budget was spent before this operation's path values were fetched"
    return None


def _lint(spec: Spec, log: ResultLog) -> None:
    """The spec's contradictions with itself: spec findings, found without a request."""
    report = LintReport((str(spec.path),), tuple(lint_spec(spec.raw, str(spec.path))))
    for finding in to_findings(report):
        log.add_finding(finding, (finding.reproduce,))


def _style(profile: ListProfile | None) -> str | None:
    if profile is None:
        return None
    style = getattr(profile, "style", None)
    return str(style.value) if style is not None else "page"


@contextlib.contextmanager
def _target_lost(log: ResultLog) -> Iterator[None]:
    try:
        yield
    except ConformanceError as exc:
        log.add_error(RunError(str(exc)))


def _label(settings: RunSettings) -> str:
    if settings.replaying:
        return f"cassette {settings.cassette}"
    return settings.base_url or SANDBOX_TARGET


def _target_label(target: Target) -> str:
    if target.replay:
        replay = target.replay
        return f"replay of {replay['cassette']} (recorded {replay['recorded_at']} against {replay['recorded_against']})"
    return target.label


def _info(
    settings: RunSettings,
    spec: Spec | None,
    label: str,
    started: str,
    target: Target | None,
    earlier: dict[str, set[str]],
) -> RunInfo:
    spec_info = SpecInfo(
        path=str(settings.spec),
        title=spec.title if spec else "",
        version=spec.version if spec else "",
        sha256=spec.sha256 if spec else "",
    )
    return RunInfo(
        tool_version=conformance.__version__,
        seed=settings.seed,
        started_at=started,
        target=label,
        spec=spec_info,
        strict_spec=settings.strict_spec,
        budget=settings.max_requests,
        replay=dict(target.replay) if target else {},
        base_url=target.base_url if target else "",
        resumed={operation: tuple(sorted(phases)) for operation, phases in earlier.items()},
    )
