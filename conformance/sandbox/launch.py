"""What `conformance sandbox --spec FILE` calls: a sandbox for any spec file, and lines that say what it serves."""

from __future__ import annotations

from pathlib import Path

from conformance.credentials import Credentials
from conformance.sandbox.faults import get_fault
from conformance.sandbox.server import DEFAULT_SEED, Sandbox
from conformance.spec import load_spec


def spec_sandbox(
    spec_path: Path,
    *,
    port: int = 0,
    seed: int = DEFAULT_SEED,
    credentials: Credentials | None = None,
    fault: str | None = None,
    rate_limit: str | None = None,
) -> Sandbox:
    """A (not yet started) sandbox serving every GET list of the file; SpecError or ValueError say what is wrong."""
    spec = load_spec(spec_path)
    wrap = get_fault(fault).wrap if fault else None
    return Sandbox(port=port, seed=seed, credentials=credentials, wrap=wrap, rate_limit=rate_limit, spec=spec.raw)


def coverage_lines(sandbox: Sandbox) -> list[str]:
    """One line per operation: served, or not served with the reason; never a finding."""
    lines = [f"served      {operation}" for operation in sorted(sandbox.served_operations)]
    lines += [f"{operation}: {reason}" for operation, reason in sorted(sandbox.not_served.items())]
    return lines
