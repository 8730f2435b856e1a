"""How long does `conformance lint` take on every official Voucherify spec? The target is under 10 s.

Times the median of 5 runs in process (lint_files) and as a subprocess (`python -m conformance.lint`, which
includes interpreter start and imports), prints the figures and writes bench/lint_results.json.

    python bench/lint.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from conformance.lint import lint_files

ROOT = Path(__file__).resolve().parent.parent
OFFICIAL = ROOT.parent / "shared" / "voucherify" / "openapi"
RESULTS = ROOT / "bench" / "lint_results.json"
TARGET_SECONDS = 10.0


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="Runs to take the median of (default: 5).")
    args = parser.parse_args()
    specs = sorted(OFFICIAL.glob("*.json"))
    if not specs:
        print(f"No specs in {OFFICIAL}: check out ../shared beside the repository.", file=sys.stderr)
        return 2
    report = lint_files(specs)
    in_process = [timed(lambda: lint_files(specs)) for _ in range(args.runs)]
    command = [sys.executable, "-m", "conformance.lint", *map(str, specs), "--format", "json"]

    def as_command() -> object:
        return subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, check=False)

    subprocess_times = [timed(as_command) for _ in range(args.runs)]
    results = {
        "files": len(specs),
        "bytes": sum(spec.stat().st_size for spec in specs),
        "findings": len(report.findings),
        "runs": args.runs,
        "median_in_process_s": round(statistics.median(in_process), 3),
        "median_subprocess_s": round(statistics.median(subprocess_times), 3),
        "target_s": TARGET_SECONDS,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(
        f"lint of {len(specs)} official specs ({results['bytes'] / 1e6:.1f} MB, {len(report.findings)} findings): "
        f"median {results['median_in_process_s']} s in process, {results['median_subprocess_s']} s as a command "
        f"(target < {TARGET_SECONDS:.0f} s). Written to {RESULTS.relative_to(ROOT)}."
    )
    return 0 if max(statistics.median(in_process), statistics.median(subprocess_times)) < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
