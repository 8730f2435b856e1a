"""Under a budget, requests go where they find the most: every operation's probes before any generated case, then
generated cases round robin over operations, each operation's covering cases (one of each kind a check judges)
first."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.engine.budget import JUDGED_SCENARIOS, CaseKind, covering_order, covering_size, round_robin
from conformance.engine.generated import CUT
from conformance.engine.log import COVERING, GENERATED, PROBES
from conformance.engine.run import run
from conformance.result import RunResult
from conformance.selection import parse_selection
from conformance.settings import resolve_settings
from tests.shared import shared_path

PATHS = ("/v1/customers", "/v1/customers/{customerId}/segments")
# The checks that only a generated case of their own kind can apply.
COVERING_CHECKS = ("positive_data_acceptance", "negative_data_rejection", "unsupported_method")


def _run(tmp_path: Path, max_requests: int | None) -> RunResult:
    spec = shared_path("voucherify", "openapi", "customers.json")
    only = parse_selection({"path": list(PATHS), "method": ["GET"]}, {}, None)
    return run(resolve_settings(spec=spec, report_dir=tmp_path, max_examples=5, selection=only,
                                max_requests=max_requests))  # fmt: skip


def _probing(result: RunResult) -> int:
    """Every request that is not a generated case: preflight, path values and probes."""
    return result.requests - sum(op.requests_by_phase.get(GENERATED, 0) for op in result.operations)


def test_the_covering_set_is_one_of_each_check_kind_and_each_parameter_in_each_mode() -> None:
    kinds = [
        CaseKind("positive"),
        CaseKind("negative", "query", "limit", "incorrect_type"),
        CaseKind("negative", "query", "limit", "invalid_format"),
        CaseKind("positive", "query", "limit", "maximum_value"),
        CaseKind("negative", "query", "order", "incorrect_type"),
        CaseKind("negative", "query", "order", "incorrect_type"),
    ]
    # The check kinds (0, 1), each parameter in each mode (3, 4), each value class (2), the rest (5).
    assert covering_order(kinds) == [0, 1, 3, 4, 2, 5]
    assert covering_size(kinds) == 4


def test_covering_order_takes_one_of_each_check_kind_then_each_value_class_then_the_rest() -> None:
    kinds = [
        CaseKind("positive"),
        CaseKind("positive", "query", "limit", "maximum_value"),
        CaseKind("negative", "query", "limit", "incorrect_type"),
        CaseKind("negative", "query", "limit", "incorrect_type"),
        CaseKind("negative", None, None, JUDGED_SCENARIOS[0]),
        CaseKind("negative", "query", "order", "incorrect_type"),
    ]
    assert covering_order(kinds) == [0, 2, 4, 1, 5, 3]


def test_round_robin_takes_one_of_each_queue_in_turn() -> None:
    assert round_robin([["a1", "a2", "a3"], [], ["c1"]]) == [(0, "a1"), (2, "c1"), (0, "a2"), (0, "a3")]


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    return _run(tmp_path_factory.mktemp("whole"), None)


@pytest.mark.slow
def test_a_budget_below_all_probes_sends_probes_of_every_operation_first(
    whole: RunResult, tmp_path: Path
) -> None:
    """Probes first: every operation's (its walks shortened to fit) before any generated case, so that generated
    cases get at most what the shortened walks leave, never a share of their own."""
    budget = min(op.requests_by_phase[PROBES] for op in whole.operations if op.requests_by_phase[PROBES] > 10)
    result = _run(tmp_path, budget)
    assert result.requests == budget
    assert all(op.requests_by_phase.get(PROBES, 0) > 0 for op in result.operations)
    generated = sum(op.requests_by_phase.get(GENERATED, 0) for op in result.operations)
    assert generated < len(result.operations), "a leftover of the shortened walks, not a share"


@pytest.mark.slow
def test_generated_cases_take_turns_and_each_operation_gets_its_covering_cases_first(
    whole: RunResult, tmp_path: Path
) -> None:
    """A few cases per operation (first-come would give them all to the first one), the covering ones first. (A
    budget this small also shortens the walks: what they leave goes to generated cases too.)"""
    budget = _probing(whole) + len(COVERING_CHECKS) * len(PATHS)
    result = _run(tmp_path, budget)
    assert result.requests == budget
    sent = [op.requests_by_phase.get(GENERATED, 0) for op in result.operations]
    assert min(sent) >= len(COVERING_CHECKS)
    for op in result.operations:
        assert set(COVERING_CHECKS) <= set(op.checked), op.operation


@pytest.mark.slow
def test_an_operation_whose_covering_set_was_sent_is_checked_and_one_cut_before_it_is_not(
    whole: RunResult, tmp_path: Path
) -> None:
    """Both ways: with room for every covering set but not every case, every operation is checked (a full run adds
    the rest); with about one case each, an operation is checked exactly when its covering set was sent, and one
    whose covering set was cut is not checked for the budget."""
    cases = {op.operation: op.requests_by_phase[GENERATED] for op in whole.operations}
    roomy = _run(tmp_path / "roomy", _probing(whole) + max(cases.values()) // 2)
    assert roomy.complete
    assert all(COVERING in op.complete_phases for op in roomy.operations)
    assert any(op.requests_by_phase[GENERATED] < cases[op.operation] for op in roomy.operations)
    # A budget this small shortens the walks: their leftover goes to generated cases, and the covering sets (fewer
    # since the probes serve some of their cases) may fit in it; the second run leaves exactly a case per operation.
    shortened = _probing(_run(tmp_path / "shortened", _probing(whole) + len(PATHS)))
    tight = _run(tmp_path / "tight", shortened + len(PATHS))
    assert not tight.complete
    for op in tight.operations:
        cut = (GENERATED, CUT) in {(item.check, item.reason) for item in op.gaps}
        assert cut is (COVERING not in op.complete_phases) is (not tight.fully_checked(op)), op.operation
