"""A replay re-sends the cases its recording generated, without generating them again, and ends as its recording
did; a cassette that does not carry its cases is replayed by generating them again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from vcr.serializers import yamlserializer

from conformance import st
from conformance.cassette.reader import META_KEY
from conformance.engine.casebook import BUDGET, CASES_KEY, COMPLETED, REPLAYABLE, CaseBook
from conformance.engine.generated import GENERATED
from conformance.result import RunResult
from conformance.runner import run
from conformance.selection import Selection
from conformance.settings import resolve_settings
from tests.test_cassette import record, replay

LABEL = "GET /v1/customers"


def _forbid_generation(monkeypatch: pytest.MonkeyPatch) -> None:
    def generated_cases(*_args: Any) -> Any:
        raise AssertionError("a replay of recorded cases generated cases")

    monkeypatch.setattr(st, "generated_cases", generated_cases)


def _count_generation(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = st.generated_cases

    def generated_cases(operation: Any, send: Any) -> Any:
        calls.append(operation.label)
        return real(operation, send)

    monkeypatch.setattr(st, "generated_cases", generated_cases)
    return calls


def _coverage(result: RunResult) -> dict[str, Any]:
    """The operation's coverage as its report shows it, without its timing."""
    (operation,) = (op.as_json() for op in result.operations if op.operation == LABEL)
    del operation["elapsed_seconds"]
    return operation


def _without_cases(cassette: Path) -> None:
    data = yamlserializer.deserialize(cassette.read_text())
    del data["metadata"][META_KEY][CASES_KEY]
    cassette.write_text(yamlserializer.serialize(data))


@pytest.mark.slow
@pytest.mark.parametrize("budget", [None, 60], ids=["whole run", "stopped by the budget"])
def test_a_replay_sends_the_recorded_cases_without_generating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, budget: int | None
) -> None:
    cassette = tmp_path / "run.yaml"
    recorded = record(tmp_path, cassette, max_requests=budget)
    _forbid_generation(monkeypatch)
    replayed = replay(tmp_path, cassette, max_requests=budget)
    assert replayed.error_messages == []
    assert replayed.outcome() == recorded.outcome()
    assert _coverage(replayed) == _coverage(recorded)
    assert (GENERATED in _coverage(replayed)["complete_phases"]) == (budget is None)


@pytest.mark.slow
def test_a_cassette_without_its_cases_is_replayed_by_generating_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cassette = tmp_path / "run.yaml"
    recorded = record(tmp_path, cassette)
    _without_cases(cassette)
    generated = _count_generation(monkeypatch)
    replayed = replay(tmp_path, cassette)
    assert generated == [LABEL]
    assert replayed.error_messages == []
    assert replayed.outcome() == recorded.outcome()


def _recorded(outcome: str, *records: str | None) -> dict[str, Any]:
    """The header a recording leaves when it tried `records` (None: one JSON cannot carry) and ended so."""
    header: dict[str, Any] = {}
    book = CaseBook(recording=header)
    book.start(LABEL)
    for line in records:
        book.add(LABEL, line)
    book.end(LABEL, outcome)
    return header


@pytest.mark.parametrize("outcome", REPLAYABLE)
def test_an_entry_that_ended_the_replayable_way_is_replayed(outcome: str) -> None:
    replayed = CaseBook(recorded=_recorded(outcome, '{"method": "GET"}')).replayable(LABEL)
    assert replayed is not None and replayed.outcome == outcome and replayed.cases == ('{"method": "GET"}',)


@pytest.mark.parametrize("outcome", ["unsatisfiable", "error", "unfinished"])
def test_an_entry_that_ended_otherwise_is_generated_again(outcome: str) -> None:
    assert CaseBook(recorded=_recorded(outcome, '{"method": "GET"}')).replayable(LABEL) is None


@pytest.mark.parametrize("outcome", [COMPLETED, BUDGET])
def test_one_case_plain_data_cannot_carry_makes_the_operation_generated_again(outcome: str) -> None:
    header = _recorded(outcome, '{"method": "GET"}', None, '{"method": "GET"}')
    assert CaseBook(recorded=header).replayable(LABEL) is None
    assert header[CASES_KEY][LABEL]["cases"] == []


@pytest.mark.parametrize("recorded", [{}, {CASES_KEY: "not a mapping"}, {CASES_KEY: {LABEL: {"outcome": COMPLETED}}}])
def test_a_header_without_usable_cases_replays_by_generating(recorded: dict[str, Any]) -> None:
    assert CaseBook(recorded=recorded).replayable(LABEL) is None


OFFICIAL_CUSTOMERS = Path(__file__).parent.parent.parent / "shared" / "voucherify" / "openapi" / "customers.json"


@pytest.mark.slow
def test_a_replay_skips_what_its_sandbox_did_not_serve_as_its_recording_did(tmp_path: Path) -> None:
    """GET and POST /v1/customers: the sandbox serves the list only; a replay has no sandbox to ask."""
    cassette = tmp_path / "run.yaml"
    only_customers = Selection(include=(("path", ("/v1/customers",)),))
    options: dict[str, Any] = {"spec": OFFICIAL_CUSTOMERS, "selection": only_customers, "max_examples": 5}
    recorded = run(
        resolve_settings(report_dir=tmp_path / "rec", cassette=cassette, record_mode="all", environ={}, **options)
    )
    replayed = replay(tmp_path, cassette, **options)
    assert replayed.error_messages == []
    assert replayed.outcome() == recorded.outcome()
    skipped = {op.operation: op.not_checked for op in replayed.operations if op.not_checked}
    assert "POST /v1/customers" in skipped
    assert skipped == {op.operation: op.not_checked for op in recorded.operations if op.not_checked}
    assert replayed.info.replay["recorded_at"] == recorded.info.started_at
