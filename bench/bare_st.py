"""Bare `st run`: with the same spec, seed, phases, modes and examples as a default `conformance run`, or with
Schemathesis' own defaults; and the failures its NDJSON report lists."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from conformance.sandbox import Credentials

# A failure as bare `st run` reports it: (check, title, first line of the message).
Signature = tuple[str, str, str]


def _st() -> str:
    return shutil.which("st", path=str(Path(sys.executable).parent)) or "st"


def st_command(spec: Path, url: str, credentials: Credentials, seed: int, max_examples: int) -> list[str]:
    return [
        _st(), "run", str(spec), "--url", url,
        "-H", f"X-App-Id: {credentials.app_id}", "-H", f"X-App-Token: {credentials.app_token}",
        "--mode", "all", "--max-examples", str(max_examples), "--seed", str(seed),
        "--generation-database", "none", "--generation-with-security-parameters", "false",
        "--phases", "examples,coverage,fuzzing", "--continue-on-failure", "--workers", "1",
    ]  # fmt: skip


def st_default_command(spec: Path, url: str, credentials: Credentials, seed: int) -> list[str]:
    """Schemathesis' defaults (mode, phases, examples, checks), made repeatable: a seed, no example database, and
    every failure of an operation reported rather than the first."""
    return [
        _st(), "run", str(spec), "--url", url,
        "-H", f"X-App-Id: {credentials.app_id}", "-H", f"X-App-Token: {credentials.app_token}",
        "--seed", str(seed), "--generation-database", "none", "--continue-on-failure",
    ]  # fmt: skip


def st_failures(command: list[str]) -> set[Signature]:
    """The failures the command's NDJSON report lists."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([*command, "--report", "ndjson", "--report-dir", out], capture_output=True, check=False, cwd=out)
        found: set[Signature] = set()
        for report in Path(out).glob("*.ndjson"):
            for line in report.read_text().splitlines():
                _collect(json.loads(line), found)
        return found


def _collect(node: object, found: set[Signature]) -> None:
    if isinstance(node, dict):
        if node.get("status") == "failure" and isinstance(node.get("failure_info"), dict):
            failure = node["failure_info"]["failure"]
            found.add((node["name"], failure["title"], (failure.get("message") or "").split("\n")[0]))
        for value in node.values():
            _collect(value, found)
    elif isinstance(node, list):
        for value in node:
            _collect(value, found)
