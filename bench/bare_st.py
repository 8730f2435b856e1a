"""Bare `st run` with the same spec, seed, phases, modes and examples as a default `conformance run`."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from conformance.sandbox import Credentials


def st_command(spec: Path, url: str, credentials: Credentials, seed: int, max_examples: int) -> list[str]:
    st = shutil.which("st", path=str(Path(sys.executable).parent)) or "st"
    return [
        st, "run", str(spec), "--url", url,
        "-H", f"X-App-Id: {credentials.app_id}", "-H", f"X-App-Token: {credentials.app_token}",
        "--mode", "all", "--max-examples", str(max_examples), "--seed", str(seed),
        "--generation-database", "none", "--generation-with-security-parameters", "false",
        "--phases", "examples,coverage,fuzzing", "--continue-on-failure", "--workers", "1",
    ]  # fmt: skip
