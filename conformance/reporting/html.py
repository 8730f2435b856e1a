"""`conformance report`: the HTML report, built by the pinned Allure 3. One self-contained index.html by default,
so it opens from the file system; `--serve` builds the multi-file report and serves it on 127.0.0.1."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from conformance.reporting.allure_install import ReportError, allure_command

DEFAULT_RESULTS = Path("reports/allure-results")
DEFAULT_OUT = Path("reports/allure-report")
# Every build adds to the trend of the ones before; its own flag, so that --out never moves it.
DEFAULT_HISTORY = Path("reports/allure-history.jsonl")
HISTORY_FILE = DEFAULT_HISTORY.name
REPORT_NAME = "Voucherify API conformance"
TREE = ("epic", "feature", "story")

__all__ = ["DEFAULT_HISTORY", "DEFAULT_OUT", "DEFAULT_RESULTS", "Report", "ReportError", "build_report", "serve"]


@dataclass(frozen=True)
class Report:
    index: Path
    history: Path


def build_report(
    results: Path,
    out: Path,
    single_file: bool = True,
    root: Path | None = None,
    history: Path | None = None,
) -> Report:
    """Generate the HTML report from `results` into `out`, appending one entry to `history`."""
    if not results.is_dir() or not any(results.glob("*-result.json")):
        raise ReportError(f"No Allure results in {results}: run `conformance run` first, or pass --results DIR.")
    if out.exists() and not out.is_dir():
        raise ReportError(f"--out must be a folder; {out} is a file.")
    command = allure_command((root or Path.cwd()).resolve())
    history = (history or out.resolve().parent / HISTORY_FILE).resolve()
    history.parent.mkdir(parents=True, exist_ok=True)
    config = {
        "name": REPORT_NAME,
        "output": str(out.resolve()),
        "historyPath": str(history),
        # The tree: epic (the API) > feature (the operation) > story (the check).
        "plugins": {
            "awesome": {
                "options": {"singleFile": single_file, "reportName": REPORT_NAME, "groupBy": list(TREE)},
            }
        },
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


def serve(folder: Path, port: int = 0) -> ThreadingHTTPServer:
    """A server for the report on 127.0.0.1 (not yet serving: call serve_forever)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    return ThreadingHTTPServer(("127.0.0.1", port), handler)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        """Stay quiet: the console belongs to the command."""
