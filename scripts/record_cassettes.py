"""Re-record the committed cassettes from the embedded sandbox (correct, and with two faults).

    python scripts/record_cassettes.py

Each recording runs in a process of its own, like a user's `conformance run --cassette`. Each cassette is then
read back through the one cassette reader, which checks that it holds every request of its run.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conformance.cassette import CassetteError, read_cassette

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "cassettes"
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


def main() -> int:
    command = [sys.executable, "-m", "conformance", "run", "--report-dir", "reports/recording"]
    subprocess.run(
        [*command, "--cassette", str(CASSETTES / "customers-sandbox.yaml"), "--record-mode", "all"],
        cwd=ROOT,
        check=False,
    )
    for fault in FAULTS:
        path = CASSETTES / f"customers-fault-{fault}.yaml"
        subprocess.run([sys.executable, "-c", RECORD_FAULT, fault, str(path)], cwd=ROOT, check=False)
    recorded = [CASSETTES / "customers-sandbox.yaml", *(CASSETTES / f"customers-fault-{f}.yaml" for f in FAULTS)]
    return max(check(path) for path in recorded)


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
