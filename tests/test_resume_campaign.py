"""A `--resume` campaign's verdict is the campaign's: the run that completes the last phase never passes over a
defect an earlier run found, and a campaign on a correct server still passes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.engine import resume
from conformance.result import Kind, RunResult, Verdict
from conformance.sandbox import Sandbox
from conformance.sandbox.faults import get_fault
from conformance.writers.summary_json import SUMMARY_FILE
from tests.conftest import CREDENTIALS, run_against

BUDGET = 100
MOST_RUNS = 8  # a campaign of the default spec at this budget ends in about 3


def _campaign(server: Sandbox, tmp_path: Path) -> list[RunResult]:
    """Budgeted runs with one coverage file until one has nothing left to send within its budget (or MOST_RUNS):
    a run may be complete (probes and covering set) long before the campaign has sent every generated case."""
    progress, runs = tmp_path / "progress.json", []
    for number in range(MOST_RUNS):
        result = run_against(server, tmp_path / f"run{number}", max_examples=3, max_requests=BUDGET, resume=progress)
        runs.append(result)
        if result.requests < BUDGET:
            break
    return runs


def _defects(result: RunResult) -> set[tuple[str, str, str]]:
    return {(f.check, f.operation, f.message) for f in result.of_kind(Kind.DEFECT)}


@pytest.mark.slow
def test_the_run_that_completes_a_campaign_carries_every_defect_an_earlier_run_found(tmp_path: Path) -> None:
    with Sandbox(credentials=CREDENTIALS, wrap=get_fault("order-inverted").wrap) as server:
        runs = _campaign(server, tmp_path)
    last = runs[-1]
    assert len(runs) > 1 and last.complete, "the campaign takes several runs and ends complete"
    found = set().union(*(_defects(run) for run in runs[:-1]))
    assert found, "earlier runs found the fault"
    assert found <= _defects(last) and last.verdict is Verdict.FAIL
    carried = [f for f in last.of_kind(Kind.DEFECT) if f.earlier]
    assert carried, "the last run says which defects earlier runs found"
    summary = json.loads((tmp_path / f"run{len(runs) - 1}" / SUMMARY_FILE).read_text())
    assert summary["verdict"] == "fail" and any(d.get("earlier") for d in summary["defects"])


@pytest.mark.slow
def test_a_campaign_on_a_correct_server_passes(tmp_path: Path) -> None:
    with Sandbox(credentials=CREDENTIALS) as server:
        runs = _campaign(server, tmp_path)
    assert runs[-1].complete and runs[-1].verdict is Verdict.PASS
    assert not [f for f in runs[-1].findings if f.earlier and f.kind is Kind.DEFECT]


def test_a_finding_made_again_is_the_runs_own_not_an_earlier_ones(tmp_path: Path) -> None:
    with Sandbox(credentials=CREDENTIALS, wrap=get_fault("order-inverted").wrap) as server:
        result = run_against(server, tmp_path, max_examples=3)
    defects = result.of_kind(Kind.DEFECT)
    merged = resume.campaign(result, tuple(defects))
    assert merged.findings == result.findings, "found again: not carried twice"
    assert not [f for f in merged.findings if f.earlier]


def test_a_resume_file_in_a_folder_that_does_not_exist_is_bad_input(tmp_path: Path) -> None:
    from conformance.errors import UsageError
    from conformance.settings import resolve_settings

    with pytest.raises(UsageError, match="does not exist"):
        resolve_settings(resume=tmp_path / "typo" / "progress.json", report_dir=tmp_path / "reports")
    inside = resolve_settings(resume=tmp_path / "reports" / "progress.json", report_dir=tmp_path / "reports")
    assert inside.resume == tmp_path / "reports" / "progress.json", "the report dir is made by the run"
