"""`--resume` after Ctrl-C: the run stops with what it received kept, and the resumed run sends nothing twice.

Each interrupt is a real SIGINT to a real process, sent by the sandbox when a given request arrives, and every
"sent" is read from the sandbox's own request log (`tests/interrupting.py`), never from the run's word.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from conformance import interrupts
from conformance.cli import main
from conformance.engine import resume
from conformance.engine.log import PROBES
from conformance.engine.plan import PATH_VALUES
from conformance.engine.received import FOLDER_SUFFIX
from conformance.errors import EXIT_ERROR, EXIT_INTERRUPTED, UsageError
from conformance.probes.plan import SMALL_BUDGET
from conformance.result import RunResult, Verdict
from conformance.runner import run
from conformance.sandbox import Sandbox
from conformance.sandbox.faults import get_fault
from conformance.selection import parse_selection
from conformance.settings import resolve_settings
from conformance.writers.summary_json import SUMMARY_FILE
from tests.conftest import CREDENTIALS, SPEC, run_against
from tests.interrupting import RequestLog, Seen, StopsAtStep, command, run_interrupted, run_whole, twice
from tests.shared import shared_path

FAST = ("--max-examples", "3")
CUSTOMERS_JSON = ("voucherify", "openapi", "customers.json")


KINDS = ("defects", "spec_gaps", "spec_findings", "notes")


def _findings(summary: dict[str, object]) -> set[tuple[str, str, str, str]]:
    found = [(kind, f) for kind in KINDS for f in summary[kind]]  # type: ignore[attr-defined]
    return {(kind, f["check"], f["operation"], f["title"]) for kind, f in found}


def _summary(report_dir: Path) -> dict[str, object]:
    summary: dict[str, object] = json.loads((report_dir / SUMMARY_FILE).read_text())
    return summary


def _whole(server: Sandbox, tmp_path: Path) -> RunResult:
    return run_against(server, tmp_path / "whole", max_examples=3)


@dataclass(frozen=True)
class Case:
    name: str
    spec: Path = SPEC
    fault: str | None = None
    include_path: str | None = None

    def sandbox(self, log: RequestLog) -> Sandbox:
        wrap = get_fault(self.fault).wrap if self.fault else (lambda app: app)
        served = json.loads(self.spec.read_text()) if self.spec.suffix == ".json" else None
        return Sandbox(credentials=CREDENTIALS, spec=served, wrap=lambda app: log.wrap(wrap(app)))

    @property
    def options(self) -> tuple[str, ...]:
        chosen = ("--include-path", self.include_path) if self.include_path else ()
        return ("--spec", str(self.spec), *chosen, *FAST)

    def whole(self, server: Sandbox, report_dir: Path) -> RunResult:
        selection = parse_selection({"path": [self.include_path]}, {}, None) if self.include_path else None
        chosen = {"selection": selection} if selection else {}
        return run_against(server, report_dir, spec=self.spec, max_examples=3, **chosen)


CASES = (
    # A defect the probes find: the findings compared are not empty.
    Case("probes", fault="order-inverted"),
    # A child list: its path value is fetched (GET of the parent list) before its probes.
    Case("path values and probes", shared_path(*CUSTOMERS_JSON), include_path="/v1/customers/{customerId}/activity"),
)


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_resume_after_ctrl_c_mid_probes_sends_nothing_twice_and_finds_the_same(case: Case, tmp_path: Path) -> None:
    log = RequestLog()
    progress = tmp_path / "progress.json"
    with case.sandbox(log) as server:
        whole = case.whole(server, tmp_path / "whole")
        uninterrupted = log.take()
        (operation,) = whole.operations
        before_probes = sum(whole.run_requests.values()) + operation.requests_by_phase.get(PATH_VALUES, 0)
        assert operation.requests_by_phase[PROBES] > 2 and (whole.defects or not case.fault)
        assert (PATH_VALUES in operation.requests_by_phase) == ("{" in (case.include_path or ""))
        at = before_probes + operation.requests_by_phase[PROBES] // 2  # mid-probes: later steps need earlier ones
        options = ("--resume", str(progress), *case.options)
        first = run_interrupted(log, at, command(server.url, tmp_path / "first", *options))
        interrupted = log.take()
        second = run_whole(command(server.url, tmp_path / "second", *options))
        resumed = log.take()
    assert first.returncode == EXIT_INTERRUPTED, first.stderr
    assert len(interrupted) == at, "the first Ctrl-C stops sending: the request in flight is the last"
    assert _summary(tmp_path / "first")["verdict"] == Verdict.INTERRUPTED.value
    assert "Traceback" not in first.stderr + second.stderr, second.stderr
    assert twice(uninterrupted, interrupted, resumed) == {}, "a request sent before Ctrl-C went out again"
    assert sorted(interrupted + resumed) == sorted(uninterrupted), "together they send what one whole run sends"
    summary = _summary(tmp_path / "second")
    assert _findings(summary) == _findings(_summary(tmp_path / "whole"))
    assert summary["verdict"] == whole.verdict.value
    kept = "".join(path.read_text() for path in progress.with_name(progress.name + FOLDER_SUFFIX).iterdir())
    assert kept and CREDENTIALS.app_token not in kept and CREDENTIALS.app_id not in kept


@pytest.mark.slow
def test_without_what_was_received_the_probes_would_go_out_again(tmp_path: Path) -> None:
    """The test above can fail: with the kept responses gone, the resumed probes send again what was sent."""
    log = RequestLog()
    progress = tmp_path / "progress.json"
    with Sandbox(credentials=CREDENTIALS, wrap=log.wrap) as server:
        whole = _whole(server, tmp_path)
        uninterrupted = log.take()
        at = sum(whole.run_requests.values()) + whole.operations[0].requests_by_phase[PROBES] // 2
        run_interrupted(log, at, command(server.url, tmp_path / "first", "--resume", str(progress), *FAST))
        interrupted = log.take()
        for kept in progress.with_name(progress.name + FOLDER_SUFFIX).iterdir():
            kept.unlink()
        run_whole(command(server.url, tmp_path / "second", "--resume", str(progress), *FAST))
        resumed = log.take()
    assert len(interrupted) == at
    assert len(twice(uninterrupted, interrupted, resumed)) >= at - 1


def test_an_old_or_foreign_resume_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    progress = tmp_path / "progress.json"
    contents = {
        "an older format": json.dumps({"format": resume.FORMAT - 1, "spec_sha256": "x", "done": {}}),
        "not conformance's": json.dumps({"name": "something else"}),
        "not JSON": "done: yes",
    }
    for name, text in contents.items():
        progress.write_text(text)
        argv = ["run", "--spec", str(SPEC), "--report-dir", str(tmp_path / "r"), "--resume", str(progress)]
        assert main(argv) == EXIT_ERROR, name
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and str(progress) in err and "Traceback" not in err, (name, err)


def test_the_resume_file_says_its_format(tmp_path: Path) -> None:
    progress = tmp_path / "progress.json"
    resume.save(progress, "sha", {"GET /x": {PROBES}}, {}, resume.generation(0, 5))
    assert json.loads(progress.read_text())["format"] == resume.FORMAT
    assert resume.load(progress, "sha", resume.generation(0, 5)).done == {"GET /x": {PROBES}}


def test_a_ctrl_c_with_a_request_in_flight_stops_the_run_once_its_response_is_kept() -> None:
    with pytest.raises(KeyboardInterrupt):
        interrupts.stop()  # nothing in flight: at once
    with interrupts.in_flight():
        interrupts.stop()  # held
        interrupts.checkpoint()  # still in flight: not yet
    with pytest.raises(KeyboardInterrupt):
        interrupts.checkpoint()
    interrupts.checkpoint()  # raised once
    with interrupts.in_flight():
        interrupts.stop()
    interrupts.reset()
    interrupts.checkpoint()  # a run that ended on its own meanwhile: forgotten


def test_a_ctrl_c_python_dropped_is_raised_again_at_the_next_checkpoint() -> None:
    """A signal handler's exception raised inside a garbage-collector callback is dropped by Python ("Exception
    ignored in ... gc_callback"): the run must still stop at its next request, not run on to the end."""
    try:
        interrupts.stop()
    except KeyboardInterrupt:
        pass  # what Python does to it inside a gc callback
    with pytest.raises(KeyboardInterrupt):
        interrupts.checkpoint()
    interrupts.checkpoint()  # raised once


def _budget_cut_mid_probes(server: Sandbox, log: RequestLog, tmp_path: Path) -> tuple[int, list[Seen]]:
    """The requests of a run whose budget plans the same probes as a small one's (walks shortened) and lets them
    all go out; and a budget that ends a run halfway through those probes."""
    whole = run_against(server, tmp_path / "whole", max_examples=3, max_requests=SMALL_BUDGET)
    (operation,) = whole.operations
    assert PROBES in operation.complete_phases
    return sum(whole.run_requests.values()) + operation.requests_by_phase[PROBES] // 2, log.take()


def test_a_resume_after_the_budget_cut_the_probes_sends_nothing_twice(tmp_path: Path) -> None:
    log, progress = RequestLog(), tmp_path / "progress.json"
    with Sandbox(credentials=CREDENTIALS, wrap=log.wrap) as server:
        budget, uninterrupted = _budget_cut_mid_probes(server, log, tmp_path)
        first = run_against(server, tmp_path / "first", max_examples=3, max_requests=budget, resume=progress)
        cut = log.take()
        second = run_against(server, tmp_path / "second", max_examples=3, max_requests=budget, resume=progress)
        resumed = log.take()
    assert len(cut) == budget and PROBES not in first.operations[0].complete_phases
    assert PROBES in second.operations[0].complete_phases, "the probes phase ends in the second run"
    assert twice(uninterrupted, cut, resumed) == {}, "the resumed probes phase sent again what the first had sent"


def test_a_campaign_does_not_go_on_against_another_target(tmp_path: Path) -> None:
    """Against another target (another URL), neither what the first run received nor the phases it finished say
    anything: the run is bad input, and sends nothing."""
    log, progress = RequestLog(), tmp_path / "progress.json"
    with Sandbox(credentials=CREDENTIALS, wrap=log.wrap) as server:
        budget, _whole_run = _budget_cut_mid_probes(server, log, tmp_path)
        run_against(server, tmp_path / "first", max_examples=3, max_requests=budget, resume=progress)
        log.take()
    with Sandbox(credentials=CREDENTIALS, wrap=log.wrap) as other:
        with pytest.raises(UsageError, match="written for a campaign against"):
            run_against(other, tmp_path / "second", max_examples=3, max_requests=budget, resume=progress)
        assert log.take() == [], "the second target is sent nothing"


def test_a_place_next_to_the_resume_file_that_cannot_be_written_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    progress = tmp_path / "progress.json"
    progress.with_name(progress.name + FOLDER_SUFFIX).write_text("a file where the folder goes")
    argv = ["run", "--report-dir", str(tmp_path / "r"), "--resume", str(progress), "--max-requests", "5"]
    assert main(argv) == EXIT_ERROR
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and FOLDER_SUFFIX in err and "Traceback" not in err, err


def test_a_run_interrupted_before_it_asked_all_that_was_received_keeps_the_rest(tmp_path: Path) -> None:
    """The second run is stopped while it is still being answered (at its second probe step): what it had no time
    to ask stays kept, so the third run does not send it again either."""
    log, progress = RequestLog(), tmp_path / "progress.json"
    with Sandbox(credentials=CREDENTIALS, wrap=log.wrap) as server:
        budget, uninterrupted = _budget_cut_mid_probes(server, log, tmp_path)
        options = {"max_examples": 3, "max_requests": budget, "resume": progress}
        run_against(server, tmp_path / "first", **options)
        cut = log.take()
        settings = resolve_settings(
            spec=SPEC, base_url=server.url, app_id=CREDENTIALS.app_id, app_token=CREDENTIALS.app_token,
            report_dir=tmp_path / "second", **options,
        )  # fmt: skip
        second = run(settings, StopsAtStep(2))
        stopped = log.take()
        run_against(server, tmp_path / "third", **options)
        third = log.take()
    assert second.interrupted and stopped == [], "the second run was answered, and stopped before sending"
    assert twice(uninterrupted, cut, third) == {}


def test_a_run_with_a_cassette_keeps_nothing_next_to_the_resume_file(tmp_path: Path) -> None:
    """The cassette is that run's record: nothing is kept beside it, and nothing answers it."""
    progress = tmp_path / "progress.json"
    for cassette in (None, tmp_path / "run.yaml"):
        chosen = {"cassette": cassette, "record_mode": "all"} if cassette else {}
        settings = resolve_settings(report_dir=tmp_path / "r", max_requests=5, resume=progress, environ={}, **chosen)
        run(settings)
        kept = progress.with_name(progress.name + FOLDER_SUFFIX)
        assert kept.exists() == (cassette is None)
        shutil.rmtree(kept, ignore_errors=True)
