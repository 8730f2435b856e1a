"""One run over several spec files: each file on its own target (its own embedded sandbox, or the one base URL),
all through one gate (one --max-requests budget, spent as `--plan` allocates it: `engine/budget_plan.py`) and one
--resume file, merged into one RunResult.

Two files can hold the same path, so a merged operation is named by its file too: `customers.json: GET /v1/x`.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from conformance.engine import resume
from conformance.engine.budget_plan import allocate, estimate, estimates
from conformance.engine.log import ResultLog
from conformance.engine.paths import path_names
from conformance.engine.plan import ALL_CHECKS, UNFUNDED
from conformance.engine.resume import Resumed
from conformance.engine.run import Part, run_file, run_info, spec_info
from conformance.engine.target import SANDBOX_TARGET
from conformance.errors import ConformanceError, NothingSelected, NothingSendable, UsageError
from conformance.gate import BudgetExhausted, Gate
from conformance.profile import list_profile
from conformance.progress import Progress
from conformance.result import (
    FILE_SEPARATOR,
    FileRun,
    Finding,
    Kind,
    OperationResult,
    RunError,
    RunInfo,
    RunResult,
    SpecInfo,
)
from conformance.settings import RunSettings
from conformance.spec import Spec, load_spec

NOT_STARTED = "not sent: the run was interrupted (Ctrl-C) before this file started (--resume FILE goes on)"


def file_keys(paths: Sequence[Path]) -> dict[Path, str]:
    """How a run names each file: its name, or its path as given when two files share a name."""
    names = [path.name for path in paths]
    unique = len(set(names)) == len(names)
    return {path: path.name if unique else str(path) for path in paths}


def qualify(key: str, operation: str) -> str:
    return f"{key}{FILE_SEPARATOR}{operation}"


def whole_sha256(specs: dict[str, Spec]) -> str:
    """The identity of a set of spec files (for --resume): each file's key and content hash."""
    lines = "".join(f"{key} {spec.sha256}\n" for key, spec in sorted(specs.items()))
    return hashlib.sha256(lines.encode()).hexdigest()


def run_files(settings: RunSettings, gate: Gate, progress: Progress) -> RunResult:
    """Every file in turn, each with its share of what is left of the budget; never raises for bad input."""
    started = datetime.now(UTC).isoformat(timespec="seconds")
    keys = file_keys(settings.spec_files)
    try:
        specs = {keys[path]: load_spec(path) for path in settings.spec_files}
        sha = whole_sha256(specs)
        generated_by = resume.generation(settings.seed, settings.max_examples) if settings.resume else None
        earlier = resume.load(settings.resume, sha, generated_by)
        _require_path_params(settings, specs)
    except ConformanceError as exc:
        info = run_info(settings, SpecInfo(_where(settings), "", "", ""), _label(settings), started, None, Resumed())
        return RunResult(info=info, errors=(RunError(str(exc)),))
    parts: list[tuple[str, RunResult]] = []
    plans = estimates(list(specs.values()), settings) if settings.max_requests is not None else ()
    shares = allocate(plans, settings.max_requests).shares if settings.max_requests is not None else ()
    for index, (key, spec) in enumerate(specs.items()):
        before = gate.sent
        if settings.max_requests is not None:
            # The files after this one keep their shares; what a file does not spend goes to the files after it.
            gate.max_requests = max(gate.sent, settings.max_requests - sum(shares[index + 1 :]))
        try:
            if gate.max_requests is not None and gate.max_requests <= gate.sent:
                raise BudgetExhausted("nothing of the budget is this file's")
            result = run_file(
                _settings_for(settings, spec, gate),
                gate,
                FileProgress(progress, key),
                Part(spec, _earlier_of(key, earlier)),
            )
        except NothingSendable as exc:
            # Another file sends: this one's operations are not checked, and say why (the run is incomplete).
            result = _not_sendable(_settings_for(settings, spec, gate), spec, exc.reasons, gate.sent - before)
        except BudgetExhausted:
            # Spent before the file's first request (its preflight): its operations are not checked, for the budget.
            reasons = {op.operation: UNFUNDED for op in plans[index].operations}
            if not reasons:
                continue  # the file selects nothing
            result = _not_sendable(_settings_for(settings, spec, gate), spec, reasons, gate.sent - before)
        except NothingSelected:
            continue
        parts.append((key, result))
        if result.interrupted:
            # Ctrl-C: the files not started are not run, and say so (they were selected).
            parts += [(later, _not_started(settings, gate, specs[later])) for later in list(specs)[index + 1 :]]
            break
    gate.max_requests = settings.max_requests
    info = run_info(settings, _whole_spec(settings, specs, sha), _label(settings), started, None, earlier)
    if not parts:
        hint = "; check --include-*/--exclude-* against the files' paths, methods, operation ids and tags"
        error = RunError(
            f"The selection matches no operation of the {len(specs)} spec files in {_where(settings)}{hint}."
        )
        return RunResult(info=info, errors=(error,))
    return resume.campaign(merge(info, parts, gate.sent), earlier.findings)


@dataclass(frozen=True)
class FileProgress:
    """What a watcher is told of one file's run, its operations named as the whole run names them."""

    progress: Progress
    key: str

    def phase(self, operation: str, phase: str) -> None:
        self.progress.phase(qualify(self.key, operation), phase)

    def sent(self, count: int) -> None:
        self.progress.sent(count)

    def sleep(self, seconds: float, reason: str) -> None:
        self.progress.sleep(seconds, reason)


def merge(info: RunInfo, parts: Sequence[tuple[str, RunResult]], requests: int) -> RunResult:
    """One result from each file's: operations, findings and errors named by file; the files' own outcomes kept."""
    operations: list[OperationResult] = []
    findings: list[Finding] = []
    errors: list[RunError] = []
    for key, part in parts:
        operations += [
            dataclasses.replace(op, operation=qualify(key, op.operation), spec=key) for op in part.operations
        ]
        findings += [dataclasses.replace(f, operation=qualify(key, f.operation)) for f in part.findings]
        errors += [_error_of(key, error) for error in part.errors]
    target = {part.info.target for _, part in parts}
    return RunResult(
        info=dataclasses.replace(
            info,
            target=target.pop() if len(target) == 1 else SANDBOX_TARGET,
            sandboxes={spec: url for _, part in parts for spec, url in part.info.sandboxes.items()},
        ),
        operations=tuple(operations),
        findings=tuple(findings),
        errors=tuple(errors),
        requests=requests,
        # Each file's preflight is of no operation: kept here too, so that the operations' requests and these add up.
        run_requests=dict(sum((Counter(part.run_requests) for _, part in parts), Counter())),
        unsent_cases=sum(part.unsent_cases for _, part in parts),
        interrupted=any(part.interrupted for _, part in parts),
        files=tuple(file_run(key, part) for key, part in parts),
    )


def file_run(key: str, result: RunResult) -> FileRun:
    complete, selected = result.coverage()
    return FileRun(
        key=key,
        spec=result.info.spec,
        verdict=result.verdict,
        requests=result.requests,
        selected=selected,
        fully_checked=complete,
        findings={kind.value: len(result.of_kind(kind)) for kind in Kind},
        errors=len(result.errors),
    )


def _not_sendable(settings: RunSettings, spec: Spec, reasons: dict[str, str], requests: int) -> RunResult:
    log = ResultLog()
    for label, reason in reasons.items():
        method, _, path = label.partition(" ")
        profile = list_profile(spec.raw, method, path)
        log.select(label, profile.style.value if profile else None)
        log.not_checked(label, ALL_CHECKS, reason)
    started = datetime.now(UTC).isoformat(timespec="seconds")
    return log.freeze(
        run_info(settings, spec_info(settings, spec), _label(settings), started, None, Resumed()), requests
    )


def _not_started(settings: RunSettings, gate: Gate, spec: Spec) -> RunResult:
    """A file a Ctrl-C kept from starting: each operation it selects, not checked for that reason."""
    reasons = {op.operation: NOT_STARTED for op in estimate(spec, settings).operations}
    return _not_sendable(_settings_for(settings, spec, gate), spec, reasons, 0)


def _error_of(key: str, error: RunError) -> RunError:
    if error.operation is None:
        return dataclasses.replace(error, message=qualify(key, error.message))
    return dataclasses.replace(error, operation=qualify(key, error.operation))


def _earlier_of(key: str, earlier: Resumed) -> Resumed:
    """What earlier runs of the whole covered of one file, named as the file's own run names its operations."""
    prefix = qualify(key, "")
    return Resumed(
        done={op.removeprefix(prefix): phases for op, phases in earlier.done.items() if op.startswith(prefix)},
        cases_sent={op.removeprefix(prefix): n for op, n in earlier.cases_sent.items() if op.startswith(prefix)},
    )


def _settings_for(settings: RunSettings, spec: Spec, gate: Gate) -> RunSettings:
    """One file's settings: its spec, its share of the budget, and the --path-param names its paths have."""
    names = path_names(spec.raw["paths"])
    return dataclasses.replace(
        settings,
        spec=spec.path,
        specs=(),
        max_requests=gate.max_requests,
        path_params={name: value for name, value in settings.path_params.items() if name in names},
    )


def _require_path_params(settings: RunSettings, specs: dict[str, Spec]) -> None:
    names = {name for spec in specs.values() for name in path_names(spec.raw["paths"])}
    unknown = sorted(set(settings.path_params) - names)
    if unknown:
        raise UsageError(f"--path-param {unknown[0]}: no path of the {len(specs)} spec files has {{{unknown[0]}}}.")


def _where(settings: RunSettings) -> str:
    """The files of the run in a few words: their common folder, or their paths."""
    parents = {str(path.parent) for path in settings.spec_files}
    return f"{parents.pop()}/" if len(parents) == 1 else ", ".join(str(path) for path in settings.spec_files)


def _label(settings: RunSettings) -> str:
    return settings.base_url or SANDBOX_TARGET


def _whole_spec(settings: RunSettings, specs: dict[str, Spec], sha: str) -> SpecInfo:
    titles = sorted({spec_info(settings, spec).api for spec in specs.values()})
    versions = sorted({spec.version for spec in specs.values()})
    return SpecInfo(path=_where(settings), title=", ".join(titles), version=", ".join(versions), sha256=sha)
