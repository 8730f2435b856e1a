"""Each check's verdict carries the time spent on the requests and the checking that gave it, not its operation's.

A run is data: the engine records, per operation and check, when it first worked on the check and how long the
requests that the check judged (where it applied) and the check itself took; the Allure writer reads that.
"""

from __future__ import annotations

import functools
import json
import time
from typing import Any

import pytest

from conformance.checks import CHECKS
from conformance.result import OperationResult, RunResult
from conformance.runner import run
from conformance.settings import resolve_settings
from conformance.writers.allure import ALLURE_DIR

OPERATION = "GET /v1/customers"
Timed = tuple[RunResult, dict[str, int], int]  # the run, its Allure durations (ms) by check, the slow copy's calls
# Two copies of one list check: they apply to the same responses, so they share every request's time; one of them
# also sleeps this long on every response it judges.
MODEL = "list_page_size"
SLOW, FAST = "slow_copy", "fast_copy"
SLEEP = 0.01
# How much of the slow copy's sleeping must show as its extra duration (Allure's milliseconds round).
SHOWN = 0.9


def _copy(name: str, sleep: float, calls: list[int]) -> Any:
    check = CHECKS[MODEL]

    @functools.wraps(check)
    def copy(ctx: Any, response: Any, case: Any) -> Any:
        calls.append(1)
        time.sleep(sleep)
        return check(ctx, response, case)

    copy.__name__ = name
    return copy


@pytest.fixture(scope="module")
def timed_run(tmp_path_factory: pytest.TempPathFactory) -> Timed:
    """A run on the embedded sandbox with the two copies; its Allure durations (ms) by check, and the slow calls."""
    calls: list[int] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(CHECKS, SLOW, _copy(SLOW, SLEEP, calls))
        patch.setitem(CHECKS, FAST, _copy(FAST, 0.0, []))
        report_dir = tmp_path_factory.mktemp("durations")
        result = run(resolve_settings(report_dir=report_dir, max_examples=10, environ={}))
    written = [json.loads(path.read_text()) for path in (report_dir / ALLURE_DIR).glob("*-result.json")]
    durations = {data["name"].removesuffix(f" on {OPERATION}"): data["stop"] - data["start"] for data in written}
    return result, durations, len(calls)


def _operation(result: RunResult) -> OperationResult:
    (operation,) = (op for op in result.operations if op.operation == OPERATION)
    return operation


def test_a_slower_check_has_a_longer_duration_by_what_it_spent(timed_run: Timed) -> None:
    _result, durations, calls = timed_run
    assert calls > 0
    assert durations[SLOW] - durations[FAST] >= SHOWN * calls * SLEEP * 1000


def test_no_check_lasts_longer_than_its_operation(timed_run: Timed) -> None:
    result, durations, _calls = timed_run
    operation = _operation(result)
    elapsed = round(operation.elapsed * 1000)
    assert {check: ms for check, ms in durations.items() if ms > elapsed + 1} == {}
    assert len(set(durations.values())) > 1, "the checks' durations are not all one figure"


@pytest.mark.parametrize("check", ["list_page_walk", "auth_required", "not_a_server_error", MODEL])
def test_a_check_that_judged_requests_took_time(timed_run: Timed, check: str) -> None:
    result, durations, _calls = timed_run
    started, seconds = _operation(result).check_times[check]
    assert seconds > 0 and started >= _operation(result).started
    assert durations[check] == round((started + seconds) * 1000) - round(started * 1000)
