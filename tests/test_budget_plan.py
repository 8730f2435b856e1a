"""A budget that cannot check every operation checks whole ones (path values, probes and covering set), cheapest
first across the files, and a budgeted run follows it; `--plan --resume FILE` plans what is left of that campaign."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.cli import main
from conformance.costing import DAY_OF_QUOTA, HOURLY_QUOTA, OperationCost, SpecPlan, allocate, plans
from conformance.engine.log import COVERING, PROBES
from conformance.engine.plan import UNFUNDED
from conformance.errors import EXIT_PASS
from conformance.result import FILE_SEPARATOR, NotChecked
from conformance.sandbox import Sandbox
from conformance.selection import parse_selection
from conformance.settings import resolve_settings
from tests.conftest import CREDENTIALS, SPEC, run_against
from tests.shared import shared_path

FOLDER = shared_path("voucherify", "openapi")
ONLY_GET = parse_selection({"method": ["GET"]}, {}, None)
BUDGETS = (HOURLY_QUOTA, DAY_OF_QUOTA)
EXAMPLES = 3


def _reasons(items: tuple[NotChecked, ...]) -> set[tuple[str, str]]:
    return {(item.check, item.reason) for item in items}


def _named(planned: tuple[SpecPlan, ...]) -> dict[str, tuple[int, OperationCost]]:
    return {
        f"{Path(costed.spec).name}{FILE_SEPARATOR}{op.operation}": (number, op)
        for number, costed in enumerate(planned)
        for op in costed.sent
    }


@pytest.mark.parametrize("budget", BUDGETS)
def test_a_budget_short_of_every_check_checks_whole_operations_cheapest_first(budget: int) -> None:
    planned = plans(resolve_settings(spec=[FOLDER], selection=ONLY_GET, plan=True))
    spent = allocate(planned, budget)
    named = _named(planned)
    checked = [name for name in spent.funded if name not in spent.short]
    assert checked and spent.short, "the budget checks some operations whole, not every one"
    cost = {name: op.checked_cost for name, (_, op) in named.items()}
    assert max(cost[name] for name in checked) <= min(cost[name] for name in spent.short)
    files = {named[name][0] for name in checked}
    used = sum(cost[name] for name in checked) + sum(planned[n].overhead.expected for n in files)
    cheapest_left = min(spent.short, key=cost.__getitem__)
    opens = named[cheapest_left][0] not in files
    assert used <= budget < used + cost[cheapest_left] + opens * planned[named[cheapest_left][0]].overhead.expected
    assert sum(spent.shares) <= budget


def test_a_budgeted_run_sends_only_the_operations_the_plan_gives_the_budget(tmp_path: Path) -> None:
    spec = shared_path("voucherify", "openapi", "customers.json")
    options = {"selection": ONLY_GET, "max_examples": EXAMPLES}
    (costed,) = plans(resolve_settings(spec=spec, plan=True, **options))  # type: ignore[arg-type]
    cheapest = sorted(costed.sent, key=lambda op: op.checked_cost)[:2]
    budget = costed.overhead.expected + sum(op.checked_cost for op in cheapest)
    spent = allocate([costed], budget)
    with Sandbox(credentials=CREDENTIALS) as server:
        result = run_against(server, tmp_path, spec=spec, max_requests=budget, **options)
    unfunded = {op.operation for op in result.operations if ("*", UNFUNDED) in _reasons(op.not_checked)}
    assert unfunded == {op.operation for op in costed.sent} - set(spent.funded)
    assert result.requests <= budget
    sent = [op for op in result.operations if op.operation in spent.funded]
    assert sent and all(PROBES in op.requests_by_phase for op in sent)


def test_a_plan_with_the_resume_file_of_a_campaign_plans_what_is_left(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    progress = tmp_path / "progress.json"
    options = {"max_examples": EXAMPLES, "resume": progress}
    fresh = plans(resolve_settings(spec=SPEC, plan=True, **options))  # type: ignore[arg-type]
    (operation,) = fresh[0].sent
    with Sandbox(credentials=CREDENTIALS) as server:
        first = run_against(server, tmp_path / "run1", max_requests=operation.checked_cost, **options)
        assert COVERING in first.operations[0].complete_phases
        (left,) = plans(resolve_settings(spec=SPEC, plan=True, **options))[0].sent  # type: ignore[arg-type]
        assert left.probing == 0 and left.total.expected < operation.total.expected
        run_against(server, tmp_path / "run2", **options)  # the rest of the campaign, unbudgeted
    argv = ["run", "--spec", str(SPEC), "--plan", "--resume", str(progress), "--max-examples", str(EXAMPLES)]
    assert main(argv) == EXIT_PASS
    out = capsys.readouterr().out
    assert "Plan: about 0 requests" in out and "Nothing is left to send" in out
