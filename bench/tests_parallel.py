"""Benchmark (issue #9): the test suite with pytest-xdist against the same suite serially, in one run.

Each round runs both, the order alternating; the result is the ratio of medians (parallel / serial), written to
bench/tests_results.json. A full round takes the suite's serial time and more: use --repeat 1 for a first look.

    python bench/tests_parallel.py [--repeat 3] [--workers auto]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "tests_results.json"
TARGET = 0.5  # issue #9: at most half the serial time on the 2-core machine


def timed(*extra: str) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *extra], cwd=ROOT,
                          capture_output=True, text=True, check=False)  # fmt: skip
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        tail = done.stdout.strip().splitlines()[-1:] or ["no output"]
        raise SystemExit(f"the suite failed ({tail[0]}): a timing of a failing suite means nothing")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", default="auto")
    args = parser.parse_args()
    serial: list[float] = []
    parallel: list[float] = []
    for round_number in range(args.repeat):
        order = [("serial", ()), ("parallel", ("-n", args.workers))]
        for name, extra in order if round_number % 2 == 0 else order[::-1]:
            (serial if name == "serial" else parallel).append(timed(*extra))
        print(f"round {round_number + 1}/{args.repeat}: serial {serial[-1]:.0f} s, parallel {parallel[-1]:.0f} s")
    ratio = statistics.median(parallel) / statistics.median(serial)
    result = {
        "serial_s": [round(s, 1) for s in serial],
        "parallel_s": [round(p, 1) for p in parallel],
        "workers": args.workers,
        "ratio_of_medians": round(ratio, 3),
        "target": TARGET,
        "met": ratio <= TARGET,
    }
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"parallel / serial = {ratio:.2f} (target <= {TARGET}): {'met' if ratio <= TARGET else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
