"""The pinned Allure 3 CLI: from $CONFORMANCE_ALLURE, a checkout's node_modules, or installed once into the user's
cache with npm from the lock file shipped in this package. Node is the only thing a user installs by hand."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conformance.cache import cache_root
from conformance.errors import ConformanceError

NPM_DIR = Path(__file__).parent / "npm"
ALLURE_ENV = "CONFORMANCE_ALLURE"
NODE_HINT = (
    "Node.js 20 or newer (with npm) is needed to build the HTML report: install it from https://nodejs.org or "
    "your system's packages (Debian/Ubuntu: `apt install nodejs npm`), then run `conformance report` again."
)


class ReportError(ConformanceError):
    """The report cannot be built: no results, no Node, or no Allure."""


def pinned_version() -> str:
    return str(json.loads((NPM_DIR / "package.json").read_text())["devDependencies"]["allure"])


def allure_command(root: Path | None = None) -> list[str]:
    """The Allure CLI to run, installing the pinned version into the user's cache on first use."""
    if shutil.which("node") is None:
        raise ReportError(f"Node.js is not installed. {NODE_HINT}")
    configured = os.environ.get(ALLURE_ENV)
    if configured:
        return [configured]
    if root is not None and (local := root / "node_modules" / ".bin" / "allure").exists():
        return [str(local)]
    return [str(ensure_cached())]


def ensure_cached() -> Path:
    """node_modules/.bin/allure under the cache, installed with `npm ci` from the shipped lock file if missing."""
    folder = cache_root() / "allure" / pinned_version()
    binary = folder / "node_modules" / ".bin" / "allure"
    if binary.exists():
        return binary
    npm = shutil.which("npm")
    if npm is None:
        raise ReportError(f"npm is not installed. {NODE_HINT}")
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(NPM_DIR / name, folder / name)
    print(f"Installing Allure {pinned_version()} into {folder} (first use only) ...", file=sys.stderr, flush=True)
    completed = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=folder, capture_output=True, text=True
    )
    if completed.returncode != 0 or not binary.exists():
        last = (completed.stderr or completed.stdout).strip().splitlines()[-1:] or ["no output"]
        raise ReportError(f"npm could not install Allure {pinned_version()} into {folder}: {last[0]}")
    return binary
