"""Issue #23 item 4: within its share of a budget that checks it (its probes and its covering set, as `--plan`
allocates them), the default spec's run catches every fault of the catalogue that its full run catches."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.costing import allocate, checked_budget, estimate
from conformance.profile import list_profile
from conformance.result import RunResult
from conformance.sandbox import Sandbox
from conformance.sandbox.fault import Fault
from conformance.sandbox.faults import FAULTS
from conformance.settings import DEFAULT_SPEC, resolve_settings
from conformance.spec import load_spec
from tests.conftest import CREDENTIALS, run_against

SPEC = load_spec(DEFAULT_SPEC)
PLAN = estimate(SPEC, resolve_settings(spec=DEFAULT_SPEC, plan=True))
SHARE = checked_budget([PLAN])
(LIST,) = [op.operation for op in PLAN.sent if op.list_style]
PROFILE = list_profile(SPEC.raw, *LIST.split(" ", 1))
SHOWN = [fault for fault in FAULTS if PROFILE is not None and fault.shows_on(PROFILE)]


def _run(tmp_path: Path, fault: Fault | None, budget: int | None) -> RunResult:
    with Sandbox(credentials=CREDENTIALS, wrap=fault.wrap if fault else None) as server:
        return run_against(server, tmp_path, **({"max_requests": budget} if budget else {}))


def _caught(result: RunResult, fault: Fault) -> bool:
    return bool({finding.check for finding in result.defects} & fault.rule_checks)


def test_the_share_checks_every_operation_and_is_far_below_a_full_run() -> None:
    assert allocate([PLAN], SHARE).covers_every_check
    assert not allocate([PLAN], SHARE - 1).covers_every_check
    assert SHARE < PLAN.total.expected


@pytest.mark.slow
def test_the_correct_sandbox_is_checked_and_passes_within_the_share(tmp_path: Path) -> None:
    result = _run(tmp_path, None, SHARE)
    assert result.requests <= SHARE and result.complete and result.defects == [], result.error_messages


@pytest.mark.slow
@pytest.mark.parametrize("fault", SHOWN, ids=lambda fault: fault.name)
def test_the_share_catches_what_the_full_run_catches(fault: Fault, tmp_path: Path) -> None:
    budgeted = _run(tmp_path / "share", fault, SHARE)
    assert budgeted.requests <= SHARE and budgeted.errors == ()
    if not _caught(budgeted, fault):
        full = _run(tmp_path / "full", fault, None)
        assert not _caught(full, fault), f"{fault.name}: the full run catches it, the budgeted run does not"
