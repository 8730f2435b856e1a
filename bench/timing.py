"""Timing commands side by side: interleaved runs, medians, and the ratio of the medians against a target."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Command:
    """One process to time; `{out}` in an argument is replaced by a fresh temporary folder per run."""

    label: str
    argv: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)
    cwd: Path | None = None


@dataclass
class Sample:
    seconds: float
    exit_code: int
    summary: dict[str, Any] | None  # the run's summary.json, when it wrote one
    served: int | None = None  # requests counted at the bench's sandbox, when it has one


def time_command(command: Command, served: Callable[[], int] | None = None) -> Sample:
    """Run the command once as a subprocess (start-up and imports included) and time it."""
    with tempfile.TemporaryDirectory() as out:
        argv = [arg.replace("{out}", out) for arg in command.argv]
        before = served() if served else None
        start = time.perf_counter()
        done = subprocess.run(
            argv, cwd=command.cwd, env={**os.environ, **command.env}, capture_output=True, check=False
        )
        seconds = time.perf_counter() - start
        summary_file = Path(out) / "summary.json"
        summary = json.loads(summary_file.read_text()) if summary_file.exists() else None
        counted = served() - before if served and before is not None else None
        return Sample(seconds, done.returncode, summary, counted)


@dataclass
class Comparison:
    """`measured` against `baseline`: the ratio of their medians, and the target that ratio must not exceed."""

    name: str
    measured: Command
    baseline: Command | None  # None: compared with a fixed number of seconds, `target_seconds`
    target_ratio: float
    target_seconds: float | None = None
    served: Callable[[], int] | None = None
    samples: dict[str, list[Sample]] = field(default_factory=lambda: {"measured": [], "baseline": []})

    def run_once(self, flip: bool) -> None:
        """One measured and one baseline run, in alternating order from round to round."""
        pairs = [("measured", self.measured), ("baseline", self.baseline)]
        for role, command in reversed(pairs) if flip else pairs:
            if command is not None:
                self.samples[role].append(time_command(command, self.served))

    def result(self) -> dict[str, Any]:
        measured = statistics.median(s.seconds for s in self.samples["measured"])
        if self.baseline is not None:
            baseline = statistics.median(s.seconds for s in self.samples["baseline"])
        else:
            assert self.target_seconds is not None
            baseline = self.target_seconds
        ratio = measured / baseline
        taken = {role: samples for role, samples in self.samples.items() if samples}
        return {
            "measured": self.measured.label,
            "baseline": self.baseline.label if self.baseline else f"{self.target_seconds:g} s budget",
            "measured_median_s": round(measured, 3),
            "baseline_median_s": round(baseline, 3),
            "ratio": round(ratio, 3),
            "target_ratio": self.target_ratio,
            "met": ratio <= self.target_ratio,
            "runs": {role: [round(s.seconds, 3) for s in samples] for role, samples in taken.items()},
            "exit_codes": {role: sorted({s.exit_code for s in samples}) for role, samples in taken.items()},
            "requests": {role: _requests(samples) for role, samples in taken.items()},
        }


def _requests(samples: list[Sample]) -> int | None:
    """Median requests per run: counted at the sandbox when it can be, else as the run's summary says."""
    counts = [s.served if s.served is not None else (s.summary or {}).get("requests") for s in samples]
    known = [c for c in counts if isinstance(c, int)]
    return int(statistics.median(known)) if known else None


def interleave(comparisons: list[Comparison], repeat: int, progress: Callable[[str], None]) -> None:
    """`repeat` rounds; each round runs every comparison once, so machine noise hits all of them alike."""
    for round_number in range(repeat):
        for comparison in comparisons:
            comparison.run_once(flip=round_number % 2 == 1)
        progress(f"round {round_number + 1}/{repeat} done")
