"""Benchmark: a default `conformance run` beside bare `st run`, same spec, seed, cases and target.

Both runs hit one embedded sandbox that counts the requests it serves, so "requests" is measured
at the server, not taken from either tool's own report. Prints a table and writes bench/results.json.

    python bench/bench.py [--repeat 3] [--max-examples 50] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bare_st import st_command  # a sibling: the scripts run as `python bench/NAME.py`

from conformance.sandbox import Sandbox
from conformance.settings import APP_ID_ENV, APP_TOKEN_ENV, DEFAULT_MAX_EXAMPLES, DEFAULT_SEED

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "voucherify" / "customers.yaml"


def time_conformance(sandbox: Sandbox, seed: int, max_examples: int) -> float:
    # A subprocess, like `st run`: both timings include interpreter start-up and imports.
    command = [
        sys.executable,
        "-m",
        "conformance",
        "run",
        "--spec",
        str(SPEC),
        "--base-url",
        sandbox.url,
        "--seed",
        str(seed),
        "--max-examples",
        str(max_examples),
    ]
    env = {**os.environ, APP_ID_ENV: sandbox.credentials.app_id, APP_TOKEN_ENV: sandbox.credentials.app_token}
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run([*command, "--report-dir", out], capture_output=True, check=False, env=env)
        return time.perf_counter() - start


def time_bare_st(sandbox: Sandbox, seed: int, max_examples: int) -> float:
    command = st_command(SPEC, sandbox.url, sandbox.credentials, seed, max_examples)
    with tempfile.TemporaryDirectory() as cwd:
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, capture_output=True, check=False, env={**os.environ, "NO_COLOR": "1"})
        return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--max-examples", type=int, default=DEFAULT_MAX_EXAMPLES)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    rows: dict[str, dict[str, list[float]]] = {
        "conformance run": {"s": [], "req": []},
        "bare st run": {"s": [], "req": []},
    }
    with Sandbox() as sandbox:
        for _ in range(args.repeat):
            # Interleaved, so that machine noise hits both tools alike.
            for name, timer in (("conformance run", time_conformance), ("bare st run", time_bare_st)):
                before = sandbox.served
                rows[name]["s"].append(timer(sandbox, args.seed, args.max_examples))
                rows[name]["req"].append(sandbox.served - before)
    results = {}
    for name, row in rows.items():
        seconds, requests = statistics.median(row["s"]), statistics.median(row["req"])
        results[name] = {
            "seconds": round(seconds, 2),
            "requests": int(requests),
            "per_second": round(requests / seconds, 1),
        }
    ours, bare = results["conformance run"], results["bare st run"]
    results["overhead"] = {
        "seconds": round(ours["seconds"] - bare["seconds"], 2),
        "ratio": round(ours["seconds"] / bare["seconds"], 2),
        "extra_requests": ours["requests"] - bare["requests"],
    }
    meta = {"repeat": args.repeat, "max_examples": args.max_examples, "seed": args.seed, "cpus": os.cpu_count()}
    (ROOT / "bench" / "results.json").write_text(json.dumps({"meta": meta, "results": results}, indent=2) + "\n")
    print(f"{'tool':<18}{'median s':>10}{'requests':>10}{'req/s':>8}")
    for name in ("conformance run", "bare st run"):
        r = results[name]
        print(f"{name:<18}{r['seconds']:>10}{r['requests']:>10}{r['per_second']:>8}")
    o = results["overhead"]
    print(f"overhead: {o['seconds']} s ({o['ratio']}x), {o['extra_requests']} extra requests (preflight, probes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
