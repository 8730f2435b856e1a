"""Re-record the committed cassettes from the embedded sandbox: `conformance run`'s (correct, and with two faults)
and the SDK gate's (one per official spec file with a GET operation, and the default spec's).

    python scripts/record_cassettes.py            # all of them
    python scripts/record_cassettes.py --run      # only the run cassettes
    python scripts/record_cassettes.py --sdk      # only the SDK gate's, with the pinned SDK (voucherify==6.1.1)

Each run recording runs in a process of its own, like a user's `conformance run --cassette`; the SDK cassettes are
recorded as `conformance sdk --spec FILE --cassette cassettes/sdk/FILE.yaml` would, with one SDK worker for all.
Each cassette is then read back: a run cassette must hold every request of its run, and an SDK cassette replayed
offline must give its recorded outcome.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from conformance.cassette import CassetteError, read_cassette

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "cassettes"
SDK_CASSETTES = CASSETTES / "sdk"
DEFAULT_SDK_CASSETTE = CASSETTES / "sdk-customers.yaml"
OFFICIAL = ROOT.parent / "shared" / "voucherify" / "openapi"
FAULTS = ("order-inverted", "page-overlap")
RECORD_FAULT = """
import sys
from pathlib import Path

from conformance.cassette import CassetteError, read_cassette
from conformance.runner import run
from conformance.sandbox import Sandbox
from conformance.sandbox.faults import get_fault
from conformance.settings import resolve_settings
fault, path = sys.argv[1], Path(sys.argv[2])
with Sandbox(wrap=get_fault(fault).wrap) as sandbox:
    run(resolve_settings(base_url=sandbox.url, app_id=sandbox.credentials.app_id,
                         app_token=sandbox.credentials.app_token, report_dir=Path("reports/recording"),
                         cassette=path, record_mode="all"))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", action="store_true", help="only conformance run's cassettes")
    parser.add_argument("--sdk", action="store_true", help="only the SDK gate's cassettes")
    parser.add_argument("--official", type=Path, default=OFFICIAL, help=f"the official spec files (default {OFFICIAL})")
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    both = not (args.run or args.sdk)
    results = []
    if args.run or both:
        results.append(record_run())
    if args.sdk or both:
        results.append(record_sdk(args.official))
    return max(results)


def record_run() -> int:
    command = [sys.executable, "-m", "conformance", "run", "--report-dir", "reports/recording"]
    subprocess.run(
        # Relative to ROOT (the cwd): the cassette's first lines name it, and a committed file must not name this clone.
        [*command, "--cassette", str((CASSETTES / "customers-sandbox.yaml").relative_to(ROOT)), "--record-mode", "all"],
        cwd=ROOT,
        check=False,
    )
    for fault in FAULTS:
        path = CASSETTES / f"customers-fault-{fault}.yaml"
        relative = str(path.relative_to(ROOT))
        subprocess.run([sys.executable, "-c", RECORD_FAULT, fault, relative], cwd=ROOT, check=False)
    recorded = [CASSETTES / "customers-sandbox.yaml", *(CASSETTES / f"customers-fault-{f}.yaml" for f in FAULTS)]
    return max(check(path) for path in recorded)


def sdk_cassettes(official: Path) -> dict[Path, Path]:
    """Spec file -> its SDK cassette: every official file with a GET operation, and the default spec."""
    from conformance.settings import DEFAULT_SPEC

    files = sorted(official.glob("*.json"))
    with_gets = [f for f in files if any("get" in item for item in json.loads(f.read_text())["paths"].values())]
    cassettes = {ROOT / DEFAULT_SPEC: DEFAULT_SDK_CASSETTE, **{f: SDK_CASSETTES / f"{f.stem}.yaml" for f in with_gets}}
    # Relative to the checkout: the path is written into each cassette's first line.
    return {spec: cassette.relative_to(ROOT) for spec, cassette in cassettes.items()}


def record_sdk(official: Path) -> int:
    """Record each SDK cassette on the embedded sandbox of its spec, then replay it offline: the same outcome."""
    from conformance.sdk import DEFAULT_SDK, SdkSettings, ensure_sdk, run_sdk_gate
    from conformance.sdk.client import SdkWorker
    from conformance.sdk.replay import RECORDED_KEY, load_recordings, recorded_outcome
    from conformance.spec import load_spec

    if not official.is_dir():
        print(f"{official}: no folder of official spec files (pass --official)", file=sys.stderr)
        return 1
    failed = 0
    with SdkWorker(ensure_sdk(DEFAULT_SDK)) as worker:
        for spec_path, cassette in sdk_cassettes(official).items():
            before = cassette.read_bytes() if cassette.exists() else b""
            cassette.unlink(missing_ok=True)
            spec = (load_spec(spec_path),)
            run_sdk_gate(SdkSettings(specs=spec, sdk=worker.env, cassettes=(cassette,)), worker=worker)
            replayed = run_sdk_gate(SdkSettings(specs=spec, sdk=worker.env, cassettes=(cassette,)), worker=worker)
            recorded = load_recordings((cassette,)).headers[cassette][RECORDED_KEY]
            same = recorded_outcome(replayed) | {"coverage": list(replayed.coverage())} == recorded
            failed += not same
            size = cassette.stat().st_size // 1024
            # Recording is reproducible (docs/sdk.md): unchanged bytes mean nothing the gate sends or gets changed.
            changed = "unchanged" if cassette.read_bytes() == before else "changed"
            print(
                f"{cassette}: {size} KB, {changed}, verdict {recorded['verdict']}, "
                f"{'replays it' if same else 'REPLAYS ANOTHER OUTCOME'}"
            )
    return 1 if failed else 0


def check(path: Path) -> int:
    """Print what the cassette holds; 1 if it is unreadable or holds fewer interactions than its run sent."""
    try:
        cassette = read_cassette(path)
        recorded = cassette.header.get("recorded") or {}
    except CassetteError as exc:
        print(exc, file=sys.stderr)
        return 1
    held, sent = len(cassette.interactions), recorded.get("requests")
    print(f"{path.relative_to(ROOT)}: {held} interactions of {sent} requests, verdict {recorded.get('verdict')}")
    return 0 if held == sent else 1


if __name__ == "__main__":
    sys.exit(main())
