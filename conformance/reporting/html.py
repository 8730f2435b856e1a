"""`conformance report`: the HTML report, built by Allure 3 (npm `allure`, pinned in package.json; needs Node)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from conformance.errors import ConformanceError

ALLURE_VERSION_HINT = "package.json pins allure 3.18.0"
DEFAULT_RESULTS = Path("reports/allure-results")
DEFAULT_OUT = Path("reports/allure-report")
# Kept beside the report, so that every `conformance report` adds to the trend of the ones before.
HISTORY_FILE = "allure-history.jsonl"
REPORT_NAME = "Voucherify API conformance"


class ReportError(ConformanceError):
    """The report cannot be built: no results, no Node, or no Allure."""


@dataclass(frozen=True)
class Report:
    index: Path
    history: Path


def allure_command(root: Path) -> list[str]:
    """The Allure 3 CLI: $CONFORMANCE_ALLURE, else node_modules/.bin/allure under `root`; Node is required."""
    if shutil.which("node") is None:
        raise ReportError(
            f"Node.js is not installed; `conformance report` needs it for Allure 3. Install Node 20+, then run "
            f"`npm ci` in the project root ({ALLURE_VERSION_HINT})."
        )
    configured = os.environ.get("CONFORMANCE_ALLURE")
    if configured:
        return [configured]
    local = root / "node_modules" / ".bin" / "allure"
    if local.exists():
        return [str(local)]
    raise ReportError(f"Allure is not installed under {root}: run `npm ci` there ({ALLURE_VERSION_HINT}).")


def build_report(results: Path, out: Path, single_file: bool = False, root: Path | None = None) -> Report:
    """Generate the HTML report from `results` into `out`; history accumulates in out/../allure-history.jsonl."""
    if not results.is_dir() or not any(results.glob("*-result.json")):
        raise ReportError(f"No Allure results in {results}: run `conformance run` first, or pass --results DIR.")
    command = allure_command((root or Path.cwd()).resolve())
    history = out.resolve().parent / HISTORY_FILE
    config = {
        "name": REPORT_NAME,
        "output": str(out.resolve()),
        "historyPath": str(history),
        "plugins": {"awesome": {"options": {"singleFile": single_file, "reportName": REPORT_NAME}}},
    }
    with tempfile.TemporaryDirectory() as scratch:
        config_path = Path(scratch) / "allurerc.json"
        config_path.write_text(json.dumps(config))
        shutil.rmtree(out, ignore_errors=True)
        completed = subprocess.run(
            [*command, "generate", str(results.resolve()), "--config", str(config_path)],
            capture_output=True,
            text=True,
            env={**os.environ, "NO_COLOR": "1"},
            check=False,
        )
    index = out / "index.html"
    if completed.returncode != 0 or not index.exists():
        last = (completed.stderr or completed.stdout).strip().splitlines()[-1:] or ["no output"]
        raise ReportError(f"Allure could not build the report (exit {completed.returncode}): {last[0]}")
    return Report(index=index, history=history)
