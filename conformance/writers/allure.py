"""Allure results, from the RunResult alone: allure-pytest writes them while the verdict suite reads the result."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import allure_commons
import pytest

from conformance import suite
from conformance.reporting.allure import write_run_files
from conformance.result import RunResult
from conformance.suite.handoff import ResultPlugin

ALLURE_DIR = "allure-results"
SUITE = Path(suite.__file__).parent / "test_conformance.py"
FEATURE = "feature"
AUTOLOAD = "PYTEST_DISABLE_PLUGIN_AUTOLOAD"


def write(result: RunResult, report_dir: Path) -> Path:
    """allure-results/ for this run only, plus categories, environment and executor."""
    results = report_dir / ALLURE_DIR
    shutil.rmtree(results, ignore_errors=True)
    write_run_files(results, result)
    args = [
        str(SUITE),
        "--rootdir",
        str(SUITE.parent),
        "-c",
        os.devnull,
        "-p",
        "no:cacheprovider",
        # The verdicts are the engine's: no progress dots. Only the two plugins this needs are loaded (autoload
        # is off below): ours, for the verdict fixtures, and allure-pytest.
        "-p",
        "no:terminal",
        # Their clean-up runs the garbage collector twice over the whole run's objects (a tenth of a second).
        "-p",
        "no:unraisableexception",
        "-p",
        "no:threadexception",
        "-p",
        "conformance.plugin",
        "-p",
        "allure_pytest.plugin",
        f"--alluredir={results}",
        # Not --clean-alluredir: it would also delete categories.json and environment.properties.
    ]
    with _durations(result), _no_autoload():
        pytest.main(args, plugins=[ResultPlugin(result)])
    return results


class RealDurations:
    """Gives each verdict the time the engine really spent on its operation, not the instant the verdict took."""

    def __init__(self, result: RunResult) -> None:
        self.windows = {
            op.operation: (int(op.started * 1000), int((op.started + op.elapsed) * 1000))
            for op in result.operations
            if op.started
        }

    @allure_commons.hookimpl(tryfirst=True)
    def report_result(self, result: Any) -> None:
        feature = next((label.value for label in result.labels if label.name == FEATURE), None)
        if feature in self.windows:
            result.start, result.stop = self.windows[feature]


@contextmanager
def _no_autoload() -> Iterator[None]:
    """Plugins installed in the environment (xdist, Hypothesis', Schemathesis') have nothing to add here."""
    previous = os.environ.get(AUTOLOAD)
    os.environ[AUTOLOAD] = "1"
    try:
        yield
    finally:
        if previous is None:
            del os.environ[AUTOLOAD]
        else:
            os.environ[AUTOLOAD] = previous


@contextmanager
def _durations(result: RunResult) -> Iterator[None]:
    plugin = RealDurations(result)
    allure_commons.plugin_manager.register(plugin)
    try:
        yield
    finally:
        allure_commons.plugin_manager.unregister(plugin)
