"""Full runs against the correct sandbox find nothing, whatever the seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.runner import run
from conformance.settings import resolve_settings

SPEC = Path(__file__).parent.parent / "specs" / "voucherify" / "customers.yaml"
SEEDS = (0, 1, 2, 3, 4)


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_correct_sandbox_has_zero_defects(tmp_path: Path, seed: int) -> None:
    summary = run(resolve_settings(spec=SPEC, report_dir=tmp_path, seed=seed))
    assert summary.error_messages == []
    assert summary.defects == [], [f"{d.check}: {d.title}\n{d.message}\n{d.reproduce}" for d in summary.defects]
    assert summary.verdict == "pass"
