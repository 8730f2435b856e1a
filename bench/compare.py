"""Side by side: which injected faults does bare `st run` catch, and which does `conformance run` catch?

For each fault in the catalogue, one sandbox serves the fault and both tools run against it with the same
spec, seed, phases, modes and examples. Bare Schemathesis "catches" a fault when its NDJSON report has a
failure (check, title, first message line) that it does not also report on the correct sandbox, because
it reports the correct sandbox's undocumented 400s too. `conformance run` catches a fault when it exits 1
and names the fault's check. Writes docs/comparison.md.

    python bench/compare.py [--seed 0] [--max-examples 50]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bare_st import Signature, st_command, st_failures  # a sibling: the scripts run as `python bench/NAME.py`

from conformance.runner import run
from conformance.sandbox import Credentials, Sandbox
from conformance.sandbox.faults import FAULTS
from conformance.settings import DEFAULT_MAX_EXAMPLES, DEFAULT_SEED, resolve_settings

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "voucherify" / "customers.yaml"
CREDENTIALS = Credentials("compare-id", "compare-token")


def bare(url: str, seed: int, max_examples: int) -> set[Signature]:
    return st_failures(st_command(SPEC, url, CREDENTIALS, seed, max_examples))


def ours(url: str, seed: int, max_examples: int) -> set[str]:
    with tempfile.TemporaryDirectory() as out:
        settings = resolve_settings(
            spec=SPEC,
            base_url=url,
            app_id=CREDENTIALS.app_id,
            app_token=CREDENTIALS.app_token,
            report_dir=Path(out),
            seed=seed,
            max_examples=max_examples,
        )
        return {defect.check for defect in run(settings).defects}


def serve(wrap: object | None) -> Sandbox:
    return Sandbox(credentials=CREDENTIALS, wrap=wrap)  # type: ignore[arg-type]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--max-examples", type=int, default=DEFAULT_MAX_EXAMPLES)
    args = parser.parse_args()
    with serve(None) as sandbox:
        baseline = bare(sandbox.url, args.seed, args.max_examples)
        clean = ours(sandbox.url, args.seed, args.max_examples)
    rows = []
    for fault in FAULTS:
        with serve(fault.wrap) as sandbox:
            found = bare(sandbox.url, args.seed, args.max_examples) - baseline
            mine = ours(sandbox.url, args.seed, args.max_examples)
        rows.append((fault, sorted({check for check, _, _ in found}), fault.catches in mine))
        print(f"{fault.name:<28} st={rows[-1][1]} ours={rows[-1][2]}", file=sys.stderr, flush=True)
    caught_bare = sum(1 for _, by_st, _ in rows if by_st)
    caught_ours = sum(1 for _, _, mine in rows if mine)
    lines = [
        "# Bare Schemathesis vs. conformance, on injected faults",
        "",
        f"Measured by `python bench/compare.py --seed {args.seed} --max-examples {args.max_examples}`: both tools,",
        "same spec, seed, phases (examples, coverage, fuzzing), modes (positive and negative) and examples, against",
        "the embedded sandbox serving each fault. Bare `st run` counts as catching a fault when it reports a",
        "failure it does not also report on the correct sandbox (where it reports the undocumented 400s).",
        "`conformance run` counts when it exits 1 and names the fault's check.",
        "",
        f"On the correct sandbox: bare `st run` reports {len(baseline)} failure kind(s) (all undocumented 4xx),",
        f"`conformance run` reports {len(clean)} defect(s).",
        "",
        f"**Caught: bare `st run` {caught_bare} of {len(rows)}; `conformance run` {caught_ours} of {len(rows)}.**",
        "",
        "| fault | category | bare `st run` | `conformance run` (check) |",
        "|---|---|---|---|",
    ]
    for fault, by_st, mine in rows:
        lines.append(
            f"| `{fault.name}` | {fault.category} | {', '.join(by_st) if by_st else 'missed'} "
            f"| {'caught' if mine else 'MISSED'} (`{fault.catches}`) |"
        )
    (ROOT / "docs").mkdir(exist_ok=True)
    (ROOT / "docs" / "comparison.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines[11:13]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
