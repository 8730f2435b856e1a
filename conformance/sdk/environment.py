"""Where an SDK version lives: an isolated virtual environment per version, cached in the user's cache dir.

`--sdk voucherify==6.1.1` -> $CONFORMANCE_CACHE_DIR, else $XDG_CACHE_HOME/conformance, else ~/.cache/conformance,
then sdk/6.1.1/. A venv is built in a temporary folder and renamed into place only once pip succeeds, so an
interrupted install never looks finished, and a finished one is reused with no network at all.
`--sdk PATH` uses an existing virtual environment (or its python) that already has `voucherify` installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from conformance.cache import cache_root
from conformance.errors import UsageError

PACKAGE = "voucherify"
DEFAULT_SDK = f"{PACKAGE}==6.1.1"
MARKER = ".conformance-installed"
_PINNED = re.compile(rf"^{PACKAGE}\s*==\s*(?P<version>[0-9][0-9A-Za-z.+!-]*)$", re.I)
INSTALL_TIMEOUT = 600


class SdkInstallError(UsageError):
    """The SDK version cannot be installed (no such version, no network and no cached copy)."""


@dataclass(frozen=True)
class SdkEnv:
    """One installed SDK: the interpreter that imports it and how the user asked for it."""

    requirement: str
    python: Path

    @property
    def label(self) -> str:
        return self.requirement


def pinned_version(requirement: str) -> str | None:
    """The version of `voucherify==X`, or None when the requirement is a path."""
    match = _PINNED.match(requirement.strip())
    return match["version"] if match else None


def _python_of(path: Path) -> Path:
    if path.is_file():
        return path
    for candidate in (path / "bin" / "python", path / "Scripts" / "python.exe"):
        if candidate.exists():
            return candidate
    raise UsageError(f"--sdk {path}: no Python interpreter found in this folder; pass a virtual environment.")


def ensure_sdk(
    requirement: str,
    environ: Mapping[str, str] = os.environ,
    progress: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True),
) -> SdkEnv:
    """The SDK's environment, installing it first if no finished copy is cached."""
    version = pinned_version(requirement)
    if version is None:
        path = Path(requirement).expanduser()
        if not path.exists():
            raise UsageError(
                f"--sdk must be {PACKAGE}==VERSION (e.g. {DEFAULT_SDK}) or an existing virtual environment; "
                f"got {requirement!r}."
            )
        return SdkEnv(requirement=str(path), python=_python_of(path))
    target = cache_root(environ) / "sdk" / version
    pinned = f"{PACKAGE}=={version}"
    if (target / MARKER).exists():
        return SdkEnv(requirement=pinned, python=_python_of(target))
    progress(f"conformance sdk: installing {pinned} into {target} (once; later runs reuse it offline)")
    building = target.with_name(f"{version}.building-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(building)
        _pip_install(_python_of(building), pinned)
        (building / MARKER).write_text(pinned + "\n")
        try:
            building.rename(target)
        except OSError:
            if not (target / MARKER).exists():  # another process finished first: theirs is as good as ours
                raise
    finally:
        shutil.rmtree(building, ignore_errors=True)
    progress(f"conformance sdk: {pinned} ready")
    return SdkEnv(requirement=pinned, python=_python_of(target))


def _pip_install(python: Path, pinned: str) -> None:
    command = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", pinned]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise SdkInstallError(f"Installing {pinned} took over {INSTALL_TIMEOUT} s; check the network.") from None
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.startswith("ERROR")] or done.stderr.splitlines()
        reason = lines[-1] if lines else f"pip exited {done.returncode}"
        raise SdkInstallError(f"Cannot install {pinned}: {reason.strip()}")
