"""`conformance run` as a library call: the engine, then every writer on its result."""

from __future__ import annotations

import tempfile
from pathlib import Path

from conformance.engine.resume import check
from conformance.engine.run import run as run_engine
from conformance.errors import UsageError
from conformance.progress import Progress
from conformance.result import RunResult
from conformance.run_state import keep, target
from conformance.settings import RunSettings
from conformance.writers import write_outputs


def run(settings: RunSettings, progress: Progress | None = None) -> RunResult:
    """Run against the target and write summary.json, junit.xml and allure-results/ under the report dir."""
    check_outputs(settings)
    result = run_engine(settings, progress)
    write_outputs(result, settings.report_dir)
    keep(settings, result)
    return result


def check_outputs(settings: RunSettings) -> None:
    """Before the first request: the run can write every file it will write (a read-only folder would else lose a
    finished run's reports, cassette or campaign), and a --resume file is a coverage file."""
    try:
        settings.report_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"Cannot create --report-dir {settings.report_dir}: {exc.strerror}.") from None
    _writable("--report-dir", settings.report_dir, settings.report_dir)
    if settings.cassette is not None and not settings.replaying:
        _writable("--cassette", settings.cassette, settings.cassette.parent)
    if settings.resume is not None:
        check(settings.resume, target(settings))
        _writable("--resume", settings.resume, settings.resume.parent)


def _writable(option: str, path: Path, folder: Path) -> None:
    if not folder.is_dir():
        return  # a folder the run makes (the report dir's own, or a cassette's): its parent decides
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise UsageError(f"{option} {path}: cannot write in {folder} ({exc.strerror}). Pass a writable path.") from None
