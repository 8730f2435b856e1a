"""`--plan` estimates from the spec: cheap, and within the error it prints of what a run on the embedded sandbox
sends, on several official files."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from conformance.cli import main
from conformance.costing import CASE_FACTOR, PROBE_ERROR, SpecPlan, allocate, estimate, render
from conformance.engine.log import GENERATED, PROBES
from conformance.engine.run import run
from conformance.errors import EXIT_PASS
from conformance.selection import parse_selection
from conformance.settings import resolve_settings
from conformance.spec import load_spec
from tests.shared import shared_path

# Fast operations of each paging style and a plain object, from several official files.
SAMPLES = [
    ("customers.json", "/v1/customers"),
    ("customers.json", "/v1/customers/{customerId}/segments"),
    ("vouchers.json", "/v1/vouchers/{code}/transactions"),
    ("loyalties-v2.json", "/v2/loyalties/programs/{programId}/reports/spending/summary"),
    ("rewards.json", "/v1/rewards/{rewardId}"),
]
MAX_EXAMPLES = 10
# CPU seconds for the largest official file (1.4 s on the 2-core box): a loaded CI box stretches the wall time, which
# says nothing about the plan's own cost.
PLAN_SECONDS = 10.0


def official(name: str) -> Path:
    return shared_path("voucherify", "openapi", name)


def _settings(name: str, path: str, **options: object):  # type: ignore[no-untyped-def]
    only = parse_selection({"path": [path], "method": ["GET"]}, {}, None)
    return resolve_settings(spec=official(name), max_examples=MAX_EXAMPLES, selection=only, plan=True, **options)  # type: ignore[arg-type]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "path"), SAMPLES)
def test_the_estimate_holds_against_a_run_on_the_embedded_sandbox(name: str, path: str, tmp_path: Path) -> None:
    settings = _settings(name, path, report_dir=tmp_path)
    (planned,) = estimate(load_spec(official(name)), settings).sent
    (ran,) = run(settings).operations
    probes, cases = ran.requests_by_phase.get(PROBES, 0), ran.requests_by_phase.get(GENERATED, 0)
    guess = planned.by_phase[PROBES]
    assert guess.low <= probes <= guess.high
    assert abs(probes - guess.expected) <= PROBE_ERROR * guess.expected
    expected_cases = planned.by_phase[GENERATED].expected
    assert expected_cases / CASE_FACTOR <= cases <= expected_cases * CASE_FACTOR


def test_a_plan_of_the_largest_official_file_takes_seconds() -> None:
    largest = max(official(".").glob("*.json"), key=lambda path: path.stat().st_size)
    started = time.process_time()
    costed = estimate(load_spec(largest), resolve_settings(spec=largest, plan=True))
    assert time.process_time() - started < PLAN_SECONDS
    assert costed.sent and costed.total.expected > 0


def test_a_budget_below_the_cheapest_operation_leaves_every_operation_short() -> None:
    costed = estimate(
        load_spec(official("customers.json")), resolve_settings(spec=official("customers.json"), plan=True)
    )
    small = allocate([costed], budget=min(op.checked_cost for op in costed.sent))
    assert set(small.short) == {op.operation for op in costed.sent}
    whole = allocate([costed], budget=costed.total.expected)
    assert whole.covers_every_check and whole.probing < costed.total.expected


def test_plans_of_several_files_add_up() -> None:
    plans = [
        estimate(load_spec(official(n)), resolve_settings(spec=official(n), plan=True))
        for n in ("bin.json", "orders.json")
    ]
    both = allocate(plans, budget=10**6)
    assert both.total == sum(costed.total.expected for costed in plans)
    assert all(isinstance(costed, SpecPlan) for costed in plans) and "orders.json" in render(plans, 10**6)


def test_the_plan_prints_how_far_it_can_be_off(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["run", "--spec", str(official("customers.json")), "--plan", "--max-requests", "100"]
    assert main(argv) == EXIT_PASS
    out = capsys.readouterr().out
    assert f"probes by up to {PROBE_ERROR:.0%}" in out and f"factor of {CASE_FACTOR}" in out
    assert "nothing was sent" in out and "would end not checked for the budget" in out


def test_the_plan_of_a_run_over_several_files_plans_each_file(capsys: pytest.CaptureFixture[str]) -> None:
    names = ("bin.json", "orders.json")
    argv = ["run", *(arg for n in names for arg in ("--spec", str(official(n)))), "--plan"]
    assert main(argv) == EXIT_PASS
    out = capsys.readouterr().out
    each = [estimate(load_spec(official(n)), resolve_settings(spec=official(n), plan=True)) for n in names]
    for name, costed in zip(names, each, strict=True):
        assert f"{official(name)}: about {costed.total.expected}" in out
    assert f"Plan: about {sum(c.total.expected for c in each)} requests" in out
