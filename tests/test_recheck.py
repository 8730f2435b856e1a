"""A recheck runs the run's plan on its cassette, each request answered from it: it gives the run's findings, the
checks over several requests included, sends nothing, and says "not recorded" (never a pass) where the cassette
holds no response to a request of the plan."""

from __future__ import annotations

import re
import socket
from pathlib import Path
from typing import Any

import pytest
from vcr.serializers import yamlserializer

from conformance.cassette.reader import read_cassette
from conformance.cassette.recheck import RECHECKED, recheck
from conformance.cli import main
from conformance.engine.log import GENERATED
from conformance.engine.run import run
from conformance.errors import EXIT_DEFECTS, EXIT_ERROR
from conformance.gate import NOT_RECORDED
from conformance.probes.plan import PROBE_CHECKS
from conformance.result import Verdict
from conformance.sandbox import Sandbox
from conformance.settings import resolve_settings
from conformance.writers.console import FIRST_FINDINGS
from tests.conftest import CREDENTIALS, run_against
from tests.test_offline import CUSTOMERS, ROOT, RUN_CASSETTES, SPEC, _identities, _record

# Faults a check over several requests finds (a walk, the order across a page boundary, the page after the last).
MULTI_REQUEST_FAULTS = ("page-overlap", "sort-within-page-only")


@pytest.mark.slow
@pytest.mark.parametrize("fault", [None, "order-inverted", *MULTI_REQUEST_FAULTS])
def test_a_recheck_gives_the_findings_of_the_run_it_rechecks(tmp_path: Path, fault: str | None) -> None:
    cassette, recorded = _record(tmp_path, fault)
    rechecked = recheck(cassette, SPEC)
    assert recorded.errors == () and rechecked.errors == []
    assert _identities(rechecked.result.findings) == _identities(recorded.findings)
    assert rechecked.result.verdict is recorded.verdict
    if fault is not None:
        assert rechecked.defects, "the fault is not seen: the comparison would prove little"
    if fault in MULTI_REQUEST_FAULTS:
        assert {f.check for f in rechecked.defects} & set(PROBE_CHECKS), "a check over several requests found it"


@pytest.mark.parametrize("cassette", RUN_CASSETTES, ids=[c.name for c in RUN_CASSETTES])
def test_a_recheck_and_the_replay_of_a_committed_cassette_give_the_same_findings(cassette: Path) -> None:
    header = read_cassette(cassette).header
    settings = resolve_settings(
        spec=SPEC, cassette=cassette, seed=header["seed"], max_examples=header["max_examples"], environ={}
    )
    replayed = run(settings)
    rechecked = recheck(cassette, SPEC)
    assert replayed.errors == () and rechecked.errors == []
    assert {(f.check, f.operation, f.kind) for f in rechecked.result.findings} == {
        (f.check, f.operation, f.kind) for f in replayed.findings
    }
    assert rechecked.result.verdict is replayed.verdict
    assert rechecked.result.outcome()["defects"] == header["recorded"]["defects"]


def _cut(tmp_path: Path, cassette: Path, keep: int) -> tuple[Path, int]:
    """The cassette with its first `keep` interactions only, and how many its run sent."""
    data = yamlserializer.deserialize(cassette.read_text())
    sent = len(data["interactions"])
    data["interactions"] = data["interactions"][:keep]
    cut = tmp_path / "cut.yaml"
    cut.write_text(yamlserializer.serialize(data))
    return cut, sent


def test_a_cut_cassette_is_rechecked_with_a_warning_that_says_so(tmp_path: Path) -> None:
    (whole,) = (c for c in RUN_CASSETTES if c.name == "customers-sandbox.yaml")
    cut, sent = _cut(tmp_path, whole, 120)
    assert recheck(whole, SPEC).warnings == []
    assert recheck(cut, SPEC).warnings[0] == (
        f"{cut} holds 120 of the {sent} requests its run sent: only those were rechecked."
    )


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection the process opens fails the test."""

    def refused(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("a recheck opened a connection")

    monkeypatch.setattr(socket.socket, "connect", refused)
    monkeypatch.setattr(socket.socket, "connect_ex", refused)


@pytest.mark.usefixtures("no_network")
@pytest.mark.parametrize("keep", [1, 120])
def test_a_request_the_cassette_does_not_hold_is_not_recorded_never_sent_never_a_pass(
    tmp_path: Path, keep: int
) -> None:
    (whole,) = (c for c in RUN_CASSETTES if c.name == "customers-sandbox.yaml")
    cut, _sent = _cut(tmp_path, whole, keep)
    rechecked = recheck(cut, SPEC)
    (operation,) = rechecked.result.operations
    not_recorded = {item.check: item.reason for item in operation.not_checked if item.reason.startswith(NOT_RECORDED)}
    # Any method: a generated case may be one of a method the path does not declare (TRACE to a GET list).
    said = re.compile(r"the cassette holds no response to [A-Z]+ http")
    assert all(said.search(reason) for reason in not_recorded.values()), not_recorded
    assert GENERATED in not_recorded, "the generated cases come last: the cut leaves them out"
    assert GENERATED not in operation.complete_phases
    assert rechecked.result.verdict is Verdict.INCOMPLETE and rechecked.errors == []
    assert rechecked.result.requests == 0
    assert any(f"'{NOT_RECORDED}'" in warning for warning in rechecked.warnings)


@pytest.mark.usefixtures("no_network")
def test_the_whole_cassette_answers_every_request_of_the_plan() -> None:
    """Both ways with the test above: a run's own cassette leaves nothing not recorded, and is rechecked whole."""
    (whole,) = (c for c in RUN_CASSETTES if c.name == "customers-sandbox.yaml")
    rechecked = recheck(whole, SPEC)
    (operation,) = rechecked.result.operations
    assert not [item for item in operation.not_checked if item.reason.startswith(NOT_RECORDED)]
    assert rechecked.result.verdict is Verdict.PASS
    assert rechecked.responses == len(read_cassette(whole).interactions) and rechecked.unmatched == 0


@pytest.mark.parametrize("cassette", [c for c in RUN_CASSETTES if "fault" in c.name], ids=lambda c: c.name)
def test_a_recheck_gives_the_defects_its_run_recorded_those_over_several_requests_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], cassette: Path
) -> None:
    """The defects the recording's run wrote into its header, walks and orders across pages included; and past the
    first defects, the console says how many more are in summary.json."""
    recorded = read_cassette(cassette).header["recorded"]["defects"]
    rechecked = recheck(cassette, SPEC)
    assert {line.partition(":")[0] for line in recorded} - RECHECKED, "defects over several requests: it proves more"
    assert rechecked.result.outcome()["defects"] == recorded
    assert main(["recheck", str(cassette), "--spec", str(SPEC), "--report-dir", str(tmp_path)]) == EXIT_DEFECTS
    printed = capsys.readouterr()
    assert "warning" not in printed.err
    assert len(rechecked.defects) > FIRST_FINDINGS, "more defects than the console shows: the line is tested"
    assert f"... {len(rechecked.defects) - FIRST_FINDINGS} more in" in printed.out


def test_a_cassette_the_sdk_gate_recorded_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sdk = ROOT / "cassettes" / "sdk-customers.yaml"
    assert main(["recheck", str(sdk), "--spec", str(SPEC), "--report-dir", str(tmp_path)]) == EXIT_ERROR
    (line,) = capsys.readouterr().err.strip().splitlines()
    recorded_by = read_cassette(sdk).header["sdk"]
    assert "not `conformance run`" in line and f"conformance sdk --sdk {recorded_by} --cassette {sdk}" in line


@pytest.mark.usefixtures("no_network")
def test_a_cassette_without_the_preflight_request_is_rechecked_one_response_at_a_time_never_passed(
    tmp_path: Path,
) -> None:
    """The plan cannot start without its first request: the recordings are judged one by one, and every operation
    is not checked ('not recorded'), never a pass."""
    (whole,) = (c for c in RUN_CASSETTES if c.name == "customers-sandbox.yaml")
    data = yamlserializer.deserialize(whole.read_text())
    first = data["interactions"][0]["request"]["uri"]
    data["interactions"] = [i for i in data["interactions"] if i["request"]["uri"] != first]
    cut = tmp_path / "no-preflight.yaml"
    cut.write_text(yamlserializer.serialize(data))
    rechecked = recheck(cut, SPEC)
    assert [op.operation for op in rechecked.result.operations] == [CUSTOMERS]
    assert rechecked.result.verdict is Verdict.INCOMPLETE and rechecked.errors == []
    assert rechecked.responses + rechecked.unmatched == len(data["interactions"]) and rechecked.responses > 0
    assert any("the run's plan did not start: not recorded" in warning for warning in rechecked.warnings)


BUDGET = 80  # requests: the probes and part of the generated cases


@pytest.mark.slow
def test_a_budgeted_recording_is_rechecked_under_its_budget_and_a_missing_last_case_is_never_a_pass(
    tmp_path: Path,
) -> None:
    cassette = tmp_path / "run.yaml"
    with Sandbox(credentials=CREDENTIALS) as server:
        recorded = run_against(server, tmp_path / "run", cassette=cassette, max_requests=BUDGET, max_examples=10)
    rechecked = recheck(cassette, SPEC)
    assert recorded.requests == BUDGET, "the budget cut the run: the test would prove little"
    assert _identities(rechecked.result.findings) == _identities(recorded.findings)
    assert rechecked.result.verdict is recorded.verdict and not any(
        item.reason.startswith(NOT_RECORDED) for op in rechecked.result.operations for item in op.not_checked
    )
    cut, _sent = _cut(tmp_path, cassette, BUDGET - 1)
    without_last = recheck(cut, SPEC)
    (operation,) = without_last.result.operations
    assert [item.check for item in operation.not_checked if item.reason.startswith(NOT_RECORDED)] == [GENERATED]
    assert without_last.result.verdict is Verdict.INCOMPLETE
