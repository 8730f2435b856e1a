"""Allure results, from the RunResult alone: allure-pytest writes them while the verdict suite reads the result."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conformance import suite
from conformance.reporting.allure import write_run_files
from conformance.result import RunResult
from conformance.suite.handoff import ResultPlugin

ALLURE_DIR = "allure-results"
SUITE = Path(suite.__file__).parent / "test_conformance.py"


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
        # The verdicts are the engine's: no progress dots, and Hypothesis' plugin has nothing to do here.
        "-p",
        "no:terminal",
        "-p",
        "no:hypothesispytest",
        f"--alluredir={results}",
        # Not --clean-alluredir: it would also delete categories.json and environment.properties.
    ]
    pytest.main(args, plugins=[ResultPlugin(result)])
    return results
