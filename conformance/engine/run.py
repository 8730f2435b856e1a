"""The engine: one run of the probes and the generated cases of each selected operation, returned as data."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import conformance
from conformance.engine import resume
from conformance.engine.budget_left import unfunded
from conformance.engine.log import BUDGETED, PLANNED, ResultLog
from conformance.engine.plan import Plan
from conformance.engine.received import answering
from conformance.engine.spec_findings import lint
from conformance.engine.target import SANDBOX_TARGET, Target, open_target
from conformance.errors import ConformanceError, NothingSelected
from conformance.gate import Gate
from conformance.progress import Progress, Silent
from conformance.reproduce import for_replay
from conformance.result import RunError, RunInfo, RunResult, SpecInfo
from conformance.session import RunSession
from conformance.settings import DEFAULT_MAX_EXAMPLES, DEFAULT_SEED, DEFAULT_SPEC, RunSettings
from conformance.spec import Spec, load_spec
from conformance.st import without_local_constants


def run(settings: RunSettings, progress: Progress | None = None) -> RunResult:
    """Run the whole plan against the target the settings name; never raises for bad input, it is in the result.
    Over several spec files, one run: one gate (budget), one verdict (`engine.files`)."""
    progress = progress or Silent()
    gate = Gate(
        max_requests=settings.max_requests,
        interval=settings.rate_limit.interval if settings.rate_limit else 0.0,
        wait=progress.sleep,
    )
    if settings.specs:
        from conformance.engine.files import run_files

        return run_files(settings, gate, progress)
    return run_file(settings, gate, progress)


@dataclass(frozen=True)
class Part:
    """One file of a run over several: its spec, loaded, and what earlier runs of the whole covered of it."""

    spec: Spec
    earlier: resume.Resumed


def run_file(settings: RunSettings, gate: Gate, progress: Progress, part: Part | None = None) -> RunResult:
    """The run of `settings.spec` through `gate`. As a `part` of a run over several files, a selection that matches
    nothing in this file raises NothingSelected (another file may match), instead of ending the run."""
    started = datetime.now(UTC).isoformat(timespec="seconds")
    # Under a budget, an operation's generated phase is checked once its covering set is sent (`engine/budget.py`).
    log = ResultLog(BUDGETED if settings.max_requests is not None else PLANNED)
    gate.on_send = _counting(log, progress)  # the gate is the whole run's; its requests count in this file's log
    before = gate.sent
    spec: Spec | None = part.spec if part else None
    label = _label(settings)
    try:
        spec = spec or load_spec(settings.spec)
        if part is not None:
            earlier = part.earlier
        else:
            generated_by = resume.generation(settings.seed, settings.max_examples) if settings.resume else None
            earlier = resume.load(settings.resume, spec.sha256, generated_by)
        found, contradicted = lint(spec.raw, str(spec.path))
        available = settings.max_requests - before if settings.max_requests is not None else None
        left_out = unfunded(spec, settings, available, earlier) if available is not None else frozenset()
        with open_target(settings, spec, RunSession(gate)) as target, without_local_constants():
            label = _target_label(target)
            with _target_lost(log, part is not None), _interruptible(log), answering(settings, spec, target):
                Plan(
                    settings,
                    spec,
                    target,
                    log,
                    gate,
                    progress,
                    earlier.done,
                    contradicted,
                    found,
                    earlier.cases_sent,
                    left_out,
                ).run()
            result = log.freeze(
                run_info(settings, spec_info(settings, spec), label, started, target, earlier), gate.sent - before
            )
            if target.recording_header is not None:
                target.recording_header["recorded"] = result.outcome()
                target.recording_header["recorded_at"] = started
            if target.replay:
                result = _replayed(result, settings, target.base_url)
            return result if part is not None else resume.campaign(result, earlier.findings)
    except ConformanceError as exc:
        if part is not None and isinstance(exc, NothingSelected):
            raise
        log.add_error(RunError(str(exc)))
    except KeyboardInterrupt:
        log.interrupt()
    info = run_info(settings, spec_info(settings, spec), label, started, None, resume.Resumed())
    return log.freeze(info, gate.sent - before)


def _replayed(result: RunResult, settings: RunSettings, recorded_base_url: str) -> RunResult:
    """The findings of a replay say how to reproduce them now, not at the recording's port (`reproduce.for_replay`)."""
    command = f"conformance run --cassette {settings.cassette}"
    command += f" --spec {settings.spec}" if settings.spec != DEFAULT_SPEC else ""
    command += f" --seed {settings.seed}" if settings.seed != DEFAULT_SEED else ""
    command += f" --max-examples {settings.max_examples}" if settings.max_examples != DEFAULT_MAX_EXAMPLES else ""
    findings = tuple(
        dataclasses.replace(f, reproduce=for_replay(f.reproduce, recorded_base_url, command)) for f in result.findings
    )
    return dataclasses.replace(result, findings=findings)


def _counting(log: ResultLog, progress: Progress) -> Callable[[int], None]:
    """Each request the gate lets through: counted for the current operation and phase, and shown."""

    def sent(total: int) -> None:
        log.count()
        progress.sent(total)

    return sent


@contextlib.contextmanager
def _interruptible(log: ResultLog) -> Iterator[None]:
    """Ctrl-C stops sending: the run ends with what was sent before it, its verdict `interrupted`."""
    try:
        yield
    except KeyboardInterrupt:
        log.interrupt()


@contextlib.contextmanager
def _target_lost(log: ResultLog, part: bool) -> Iterator[None]:
    """A lost target ends the run with an error; in a part of a run over several files, NothingSelected goes up."""
    try:
        yield
    except ConformanceError as exc:
        if part and isinstance(exc, NothingSelected):
            raise
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


def spec_info(settings: RunSettings, spec: Spec | None) -> SpecInfo:
    return SpecInfo(
        path=str(settings.spec),
        title=spec.title if spec else "",
        version=spec.version if spec else "",
        sha256=spec.sha256 if spec else "",
    )


def run_info(
    settings: RunSettings,
    spec: SpecInfo,
    label: str,
    started: str,
    target: Target | None,
    earlier: resume.Resumed,
) -> RunInfo:
    return RunInfo(
        tool_version=conformance.__version__,
        seed=settings.seed,
        started_at=started,
        target=label,
        spec=spec,
        strict_spec=settings.strict_spec,
        allow_incomplete=settings.allow_incomplete,
        budget=settings.max_requests,
        replay=dict(target.replay) if target else {},
        base_url=target.base_url if target else "",
        sandboxes={str(settings.spec): target.base_url} if target and target.sandbox else {},
        resumed={operation: tuple(sorted(phases)) for operation, phases in earlier.done.items()},
        resumed_cases=dict(earlier.cases_sent),
    )
