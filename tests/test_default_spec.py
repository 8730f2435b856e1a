"""The default spec ships inside the package: the command works from any folder, and a wheel carries the file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import conformance
from conformance.errors import EXIT_PASS
from conformance.settings import DEFAULT_SPEC
from conformance.writers.summary_json import SUMMARY_FILE

ROOT = Path(__file__).parent.parent
PACKAGE = Path(conformance.__file__).parent
CHECKOUT_SPEC = ROOT / "specs" / "voucherify" / "customers.yaml"


def test_the_default_spec_is_package_data() -> None:
    assert DEFAULT_SPEC.is_file() and DEFAULT_SPEC.is_relative_to(PACKAGE)
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert DEFAULT_SPEC.relative_to(PACKAGE).as_posix() in package_data["conformance"]


def test_the_checkouts_copy_is_the_same_file() -> None:
    assert CHECKOUT_SPEC.resolve() == DEFAULT_SPEC.resolve(), "one file: the checkout's path links to the package's"


def test_a_run_outside_the_checkout_uses_the_packaged_spec(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "conformance", "run", "--max-examples", "2", "--report-dir", "reports"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "CI": "true"},
    )
    assert result.returncode == EXIT_PASS, result.stderr
    assert json.loads((tmp_path / "reports" / SUMMARY_FILE).read_text())["spec"] == str(DEFAULT_SPEC)


def test_the_sandbox_outside_the_checkout_serves_the_packaged_spec(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "conformance", "sandbox", "--port", "0"]
    with subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as server:
        try:
            assert server.stdout is not None
            lines = [server.stdout.readline() for _ in range(4)]
        finally:
            server.terminate()
    assert lines[0].startswith("Sandbox listening on http://127.0.0.1:"), lines
    assert f"--spec {DEFAULT_SPEC} " in lines[3], lines
