"""`conformance sdk` as a library call: settings in, an immutable RunResult out, nothing printed or written.

Target precedence (as for `conformance run`): every --cassette exists and no --base-url -> replay offline;
otherwise live (--base-url or --cluster, else the embedded sandbox of each spec), recording into the one new
--cassette. The target is opened by the engine's `open_target`, path values come from its `PathValues`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import conformance
from conformance.credentials import Credentials
from conformance.engine.paths import NoPathValue, PathValues
from conformance.engine.target import Target, open_target
from conformance.errors import UsageError
from conformance.gate import Gate
from conformance.profile import list_profile
from conformance.progress import Progress, Silent
from conformance.result import FILE_SEPARATOR, NotChecked, OperationResult, RunError, RunInfo, RunResult, SpecInfo
from conformance.sdk.cassette import Recorder, answering, playback, recording
from conformance.sdk.client import SdkWorker
from conformance.sdk.drive import Driver
from conformance.sdk.environment import DEFAULT_SDK, SdkEnv
from conformance.sdk.exchanges import Exchange, spec_examples
from conformance.sdk.findings import REGRESSION, FindingLog
from conformance.sdk.operations import SdkOperation, Uncallable, gate_operations
from conformance.sdk.parsing import parse_all, report
from conformance.sdk.proxy import Answer, RecordingProxy
from conformance.sdk.regressions import compare
from conformance.sdk.replay import Recordings, check_replayable, header, load_recordings
from conformance.session import RunSession
from conformance.settings import RunSettings
from conformance.spec import Spec

if TYPE_CHECKING:
    from conformance.sandbox import Sandbox

REPLAY_CREDENTIALS = Credentials("replay-app-id", "replay-app-token")
DRIVING = "SDK calls"  # the gate's one phase of an operation, as progress shows it


@dataclass(frozen=True, kw_only=True)
class SdkSettings:
    """What one `conformance sdk` run does: the specs, the SDK versions, and `conformance run`'s target settings
    (base URL, credentials, path values, quota, pacing, strictness); credentials stay out of repr."""

    specs: tuple[Spec, ...]
    sdk: SdkEnv
    against: SdkEnv | None = None
    target: RunSettings = field(default_factory=RunSettings)
    cassettes: tuple[Path, ...] = ()
    examples: bool = False

    @property
    def replaying(self) -> bool:
        return bool(self.cassettes) and self.target.base_url is None and all(p.exists() for p in self.cassettes)

    @property
    def recording(self) -> Path | None:
        new = [path for path in self.cassettes if not path.exists()]
        if len(new) > 1 or (new and len(self.cassettes) > 1):
            raise UsageError("Record into one new --cassette at a time; the others must exist to be replayed.")
        return new[0] if new else None


@dataclass(frozen=True)
class _Opened:
    base_url: str | None  # None: replay
    credentials: Credentials
    label: str
    session: RunSession | None = None
    sandbox: Sandbox | None = None


@contextlib.contextmanager
def _target(
    settings: SdkSettings, spec: Spec, recordings: Recordings, wait: Callable[[float, str], None]
) -> Iterator[_Opened]:
    """The cassettes, or the target `conformance run` would open for this spec (sandbox of the spec, or live)."""
    if settings.replaying:
        yield _Opened(None, REPLAY_CREDENTIALS, _replay_label(settings.cassettes, recordings))
        return
    interval = settings.target.rate_limit.interval if settings.target.rate_limit else 0.0
    run_settings = replace(settings.target, spec=spec.path, cassette=None, record_mode=None, replaying=False)
    with open_target(run_settings, spec, RunSession(Gate(interval=interval, wait=wait))) as target:
        yield _Opened(target.base_url, target.credentials, target.label, target.session, target.sandbox)


def _replay_label(cassettes: tuple[Path, ...], recordings: Recordings) -> str:
    """A replay named as `conformance run --cassette` names one: `replay of FILE (recorded against TARGET)`."""
    against = sorted({str(h["target"]) for h in recordings.headers.values() if h.get("target")})
    recorded = f" (recorded against {', '.join(against)})" if against else ""
    return f"replay of {', '.join(map(str, cassettes))}{recorded}"


@dataclass
class _Run:
    """What the gate gathers over every spec; frozen into one RunResult at the end."""

    log: FindingLog = field(default_factory=FindingLog)
    operations: list[OperationResult] = field(default_factory=list)
    errors: list[RunError] = field(default_factory=list)
    not_served: dict[str, str] = field(default_factory=dict)
    requests: int = 0
    label: str = ""
    sandboxes: dict[str, str] = field(default_factory=dict)  # spec file -> the embedded sandbox its findings came from
    progress: Progress = field(default_factory=Silent)
    several: bool = False  # several spec files: progress names an operation by its file, as a run does

    def seen(self, sent: int) -> None:
        """Tell the watcher the SDK has sent `sent` requests of this file, after those of the files before."""
        self.progress.sent(self.requests + sent)

    def driving(self, spec: Spec, operation: str) -> None:
        """Tell the watcher the SDK drives `operation` now."""
        self.progress.phase(f"{spec.path.name}{FILE_SEPARATOR}{operation}" if self.several else operation, DRIVING)


def run_sdk_gate(
    settings: SdkSettings,
    worker: SdkWorker | None = None,
    candidate: SdkWorker | None = None,
    progress: Progress | None = None,
) -> RunResult:
    """Parse recorded responses (and examples) into the SDK's models, drive the SDK, or compare two versions.

    `worker` / `candidate`: already started workers for `settings.sdk` / `settings.against`, to share the SDK's
    import (seconds: it defines some 1,400 pydantic models) across many gates; they are left running.
    `progress`: told each operation the SDK drives and the requests so far, as a run tells it (`writers/progress`).
    """
    started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    new = settings.recording  # validated before anything starts
    recordings = load_recordings(settings.cassettes)
    answer: Answer | None = None
    if settings.replaying:
        check_replayable(settings.specs, recordings, settings.cassettes)
        answer = answering(playback(tuple(recordings.answering), REPLAY_CREDENTIALS))
    run = _Run(progress=progress or Silent(), several=len(settings.specs) > 1)
    with contextlib.ExitStack() as stack:
        # Saved last, when the block ends: after the header below has the outcome.
        recorder = stack.enter_context(recording(new)) if new is not None and not settings.replaying else None
        worker = worker or stack.enter_context(SdkWorker(settings.sdk))
        comparing = settings.against is not None
        if comparing:
            candidate = candidate or stack.enter_context(SdkWorker(settings.against))  # type: ignore[arg-type]
        for spec in settings.specs:
            examples = spec_examples(spec.raw) if settings.examples else []
            drive = not comparing or not (recordings.every or examples)
            driven = _gate_spec(settings, spec, worker, run, recordings, drive, examples, answer, recorder)
            if comparing:
                assert candidate is not None
                _compare(run, spec, worker, candidate, recordings.every + examples + driven)
        if not comparing and not run.operations:
            names = ", ".join(str(spec.path) for spec in settings.specs)
            raise UsageError(f"--spec {names}: no GET operation to drive; the SDK gate calls the SDK's GET methods.")
        version = worker.version
        versions = f"voucherify {version}" + (f" against voucherify {candidate.version}" if candidate else "")
        result = _result(settings, run, started, versions)
        if recorder is not None:
            recorder.header.update(header(settings.specs, version, run.label, run.not_served, result))
    return result


def _result(settings: SdkSettings, run: _Run, started: str, versions: str) -> RunResult:
    return RunResult(
        info=RunInfo(
            tool_version=conformance.__version__,
            seed=0,
            started_at=started,
            target=f"{run.label} via {versions}",
            spec=_spec_info(settings.specs),
            strict_spec=settings.target.strict_spec,
            allow_incomplete=settings.target.allow_incomplete,
            replay={"cassette": ", ".join(map(str, settings.cassettes))} if settings.replaying else {},
            sandboxes=run.sandboxes,
        ),
        operations=tuple(run.operations),
        findings=run.log.findings(),
        errors=tuple(run.errors),
        requests=run.requests,
    )


def _gate_spec(
    settings: SdkSettings,
    spec: Spec,
    worker: SdkWorker,
    run: _Run,
    recordings: Recordings,
    drive: bool,
    examples: list[Exchange],
    answer: Answer | None,
    recorder: Recorder | None,
) -> list[Exchange]:
    """Parse what was recorded for this spec and drive its operations; returns the exchanges driven."""
    comparing = settings.against is not None
    with _target(settings, spec, recordings, run.progress.sleep) as opened:
        run.label = opened.label
        found_before = len(run.log.findings())
        if recorder is not None and opened.base_url is not None:
            recorder.targets[opened.base_url.rstrip("/")] = opened.credentials
        with RecordingProxy(opened.base_url, answer, opened.label, opened.session, run.seen) as proxy:
            if not comparing:
                # An SDK cassette's answers are parsed as the replayed SDK receives them, once, as when recorded.
                parsed = parse_all(worker, spec.raw, recordings.responses + examples)
                report(run.log, worker.version, spec.raw, parsed)
            if drive:
                proxy_target = Target(proxy.url, opened.credentials, opened.label, RunSession())
                paths = PathValues(spec.raw, proxy_target, settings.target.path_params)
                # Comparing two versions, the verdict is the regressions alone: what driving finds is not kept.
                log = FindingLog() if comparing else run.log
                live = opened.base_url is not None
                driver = Driver(
                    worker, proxy, spec.raw, opened.credentials, log, live, lambda path: _path_values(paths, path)
                )
                unserved = _unserved(opened.sandbox, recordings.not_served, run)
                for op in sorted(gate_operations(spec.raw, worker.catalog()), key=_parents_first):
                    run.driving(spec, op.operation)
                    result = _operation(driver, op, unserved)
                    if not comparing:
                        run.operations.append(result)
                run.errors += driver.errors
            run.errors += [RunError(f"The SDK gate's proxy crashed forwarding {crash}.") for crash in proxy.crashes]
            run.requests += len(proxy.seen)  # sent to the target, or in a replay answered from the cassettes
            if opened.sandbox is not None and len(run.log.findings()) > found_before:
                assert opened.base_url is not None  # a sandbox is a live target
                run.sandboxes[str(spec.path)] = opened.base_url  # its findings can be reproduced on it again
            driven = list(proxy.seen)
    return driven


def _parents_first(op: SdkOperation | Uncallable) -> int:
    return op.path.count("{") if isinstance(op, SdkOperation) else 0


def _path_values(paths: PathValues, path: str) -> dict[str, str] | str:
    try:
        return paths.for_path(path)
    except NoPathValue as exc:
        return str(exc)


def _unserved(sandbox: Sandbox | None, recorded: dict[str, str], run: _Run) -> Callable[[str], str | None]:
    """Why the embedded sandbox (in a replay: the recording's) does not serve an operation; None when it does."""

    def reason(label: str) -> str | None:
        if sandbox is None:
            return recorded.get(label)
        if label in sandbox.served_operations:
            return None
        run.not_served[label] = sandbox.not_served.get(label, "not served by the embedded sandbox")
        return run.not_served[label]

    return reason


def _operation(driver: Driver, op: SdkOperation | Uncallable, unserved: Callable[[str], str | None]) -> OperationResult:
    if isinstance(op, Uncallable):
        return OperationResult(op.operation, None, not_checked=(NotChecked("*", op.reason),))
    reason = unserved(op.operation)
    if reason is not None:
        style = op.profile.style.value if op.profile else None
        return OperationResult(op.operation, style, not_checked=(NotChecked("*", f"{op.sdk.call}: {reason}"),))
    return driver.operation(op)


def _compare(run: _Run, spec: Spec, old: SdkWorker, new: SdkWorker, exchanges: list[Exchange]) -> None:
    """Regressions between two versions; the operations of the result are those compared."""
    for operation, _responses in compare(run.log, spec.raw, old, new, exchanges).items():
        method, _, path = operation.partition(" ")
        profile = list_profile(spec.raw, method, path)
        style = profile.style.value if profile else None
        run.operations.append(OperationResult(operation, style, checked=(REGRESSION,)))


def _spec_info(specs: tuple[Spec, ...]) -> SpecInfo:
    if len(specs) == 1:
        spec = specs[0]
        return SpecInfo(str(spec.path), spec.title, spec.version, spec.sha256)
    folders = {str(spec.path.parent) for spec in specs}
    where = folders.pop() if len(folders) == 1 else ", ".join(str(spec.path) for spec in specs)
    digest = hashlib.sha256("".join(spec.sha256 for spec in specs).encode()).hexdigest()
    versions = ", ".join(sorted({spec.version for spec in specs}))
    return SpecInfo(where, f"{len(specs)} spec files", versions, digest)


__all__ = ["DEFAULT_SDK", "REPLAY_CREDENTIALS", "SdkSettings", "run_sdk_gate"]
