"""The table of run outcomes: target kind x selection x coverage x interruption -> verdict and exit code.

Every row is a real run (the interrupted one a real process and a real SIGINT), and every row also checks that
the console, summary.json, JUnit and Allure tell the story its verdict tells.
"""

from __future__ import annotations

import http.server
import json
import signal
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from conformance.errors import EXIT_DEFECTS, EXIT_ERROR, EXIT_INCOMPLETE, EXIT_INTERRUPTED, EXIT_PASS
from conformance.result import (
    VERDICT_EXIT,
    Finding,
    Kind,
    NotChecked,
    OperationResult,
    RunError,
    RunInfo,
    RunResult,
    SpecInfo,
    Verdict,
)
from conformance.runner import run
from conformance.sandbox import Sandbox
from conformance.sandbox.faults import get_fault
from conformance.selection import Selection
from conformance.settings import resolve_settings
from conformance.verdicts import RUN_PAIR, Outcome, verdict
from conformance.writers.allure import ALLURE_DIR
from conformance.writers.console import render
from conformance.writers.junit import JUNIT_FILE
from conformance.writers.summary_json import SUMMARY_FILE
from tests.conftest import CREDENTIALS, SPEC
from tests.interrupting import RequestLog, command, run_interrupted, run_whole, twice
from tests.shared import shared_path

ROOT = Path(__file__).resolve().parent.parent
FAST = {"max_examples": 3}
FAST_ARGS = ("--max-examples", str(FAST["max_examples"]))
BROKEN_REF_SPEC = """
openapi: 3.0.0
info: {title: broken, version: "1"}
paths:
  /v1/things:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Nope"}
"""

Runner = Callable[[Path], RunResult]


def _against(server: Sandbox, tmp_path: Path, base_url: str | None = None, **options: Any) -> RunResult:
    return run(
        resolve_settings(
            spec=options.pop("spec", SPEC),
            base_url=base_url or server.url,
            app_id=CREDENTIALS.app_id,
            app_token=CREDENTIALS.app_token,
            report_dir=tmp_path,
            **{**FAST, **options},
        )
    )


def sandbox(fault: str | None = None, rate_limit: str | None = None, suffix: str = "", **options: Any) -> Runner:
    """A running sandbox (correct, or with a fault, or a quota) as the target; `suffix` appends a path prefix."""

    def runner(tmp_path: Path) -> RunResult:
        wrap = get_fault(fault).wrap if fault else None
        with Sandbox(credentials=CREDENTIALS, wrap=wrap, rate_limit=rate_limit) as server:
            return _against(server, tmp_path, base_url=server.url + suffix if suffix else None, **options)

    return runner


def embedded(**options: Any) -> Runner:
    """The embedded sandbox of the spec the options name."""

    def runner(tmp_path: Path) -> RunResult:
        if "spec_text" in options:
            spec = tmp_path / "spec.yaml"
            spec.write_text(options.pop("spec_text"))
            options["spec"] = spec
        options["spec"] = options.get("spec", SPEC)
        if isinstance(options["spec"], tuple):
            options["spec"] = shared_path(*options["spec"])
        return run(resolve_settings(report_dir=tmp_path / "reports", environ={}, **{**FAST, **options}))

    return runner


class AnotherApi(http.server.BaseHTTPRequestHandler):
    """Some other JSON API: 200 and the same JSON object on every path, whatever the credentials."""

    def do_GET(self) -> None:
        body = json.dumps({"hello": "world"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def web_server(tmp_path: Path, handler: type[http.server.BaseHTTPRequestHandler] | None = None) -> RunResult:
    """`python3 -m http.server` as the target (HTML 404s for every path of the API), or another handler."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler or http.server.SimpleHTTPRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        return run(
            resolve_settings(
                spec=SPEC,
                base_url=f"http://127.0.0.1:{server.server_address[1]}",
                app_id="a",
                app_token="b",
                report_dir=tmp_path,
                **FAST,
            )
        )
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class Row:
    target: str
    selection: str
    coverage: str
    runner: Runner
    verdict: Verdict
    exit_code: int
    says: tuple[str, ...] = field(default=())  # words the verdict's reason must hold (error line or not-checked)


NOTHING = Selection(include=(("path", ("/nope",)),))
VOUCHER = Selection(include=(("path", ("/v1/vouchers/{code}",)),))
VOUCHERS = ("voucherify", "openapi", "vouchers.json")

ROWS = (
    Row("correct sandbox", "all", "full", sandbox(), Verdict.PASS, EXIT_PASS),
    Row("sandbox with a defect", "all", "full", sandbox("order-inverted"), Verdict.FAIL, EXIT_DEFECTS),
    Row(
        "sandbox with a defect",
        "all",
        "budget-cut",
        sandbox("order-inverted", max_requests=120),
        Verdict.FAIL,
        EXIT_DEFECTS,
    ),
    Row(
        "correct sandbox",
        "all",
        "budget-cut",
        sandbox(max_requests=40),
        Verdict.INCOMPLETE,
        EXIT_INCOMPLETE,
        ("budget",),
    ),
    Row(
        "correct sandbox",
        "all",
        "budget-cut, --allow-incomplete",
        sandbox(max_requests=40, allow_incomplete=True),
        Verdict.INCOMPLETE,
        EXIT_PASS,
        ("budget",),
    ),
    Row(
        "sandbox rate limited past the retries",
        "all",
        "rate limited",
        sandbox(rate_limit="3/h"),
        Verdict.INCOMPLETE,
        EXIT_INCOMPLETE,
        ("rate limited",),
    ),
    Row("a web server (HTML 404s)", "all", "-", web_server, Verdict.ERROR, EXIT_ERROR, ("HTTP 404", "--base-url")),
    Row(
        "another JSON API (200 {hello: world})",
        "all",
        "-",
        lambda tmp_path: web_server(tmp_path, AnotherApi),
        Verdict.ERROR,
        EXIT_ERROR,
        ("none of the fields its 200 schema names", "received fields hello", "--base-url"),
    ),
    Row(
        "sandbox URL with an extra /v1",
        "all",
        "-",
        sandbox(suffix="/v1"),
        Verdict.ERROR,
        EXIT_ERROR,
        ("/v1/v1/customers", "drop /v1"),
    ),
    Row("embedded sandbox", "matches nothing", "-", embedded(selection=NOTHING), Verdict.ERROR, EXIT_ERROR),
    Row(
        "embedded sandbox",
        "unknown --path-param",
        "-",
        embedded(path_param=["nosuch=1"]),
        Verdict.ERROR,
        EXIT_ERROR,
        ("--path-param nosuch",),
    ),
    Row(
        "embedded sandbox",
        "nothing it can send (events.json)",
        "-",
        embedded(spec=("voucherify", "openapi", "events.json")),
        Verdict.ERROR,
        EXIT_ERROR,
        ("Nothing in",),
    ),
    Row(
        "embedded sandbox",
        "a $ref that points nowhere",
        "-",
        embedded(spec_text=BROKEN_REF_SPEC),
        Verdict.ERROR,
        EXIT_ERROR,
        ("#/components/schemas/Nope",),
    ),
    Row(
        "embedded sandbox",
        "a path value that answers 404",
        "not checked",
        embedded(spec=VOUCHERS, selection=VOUCHER, path_param=["code=NOPE-123"]),
        Verdict.INCOMPLETE,
        EXIT_INCOMPLETE,
        ("HTTP 404", "code=NOPE-123"),
    ),
)


@pytest.mark.slow
@pytest.mark.parametrize("row", ROWS, ids=[f"{r.target} | {r.selection} | {r.coverage}" for r in ROWS])
def test_run_outcome(row: Row, tmp_path: Path) -> None:
    result = row.runner(tmp_path)
    assert (result.verdict, result.exit_code) == (row.verdict, row.exit_code), render(result)
    reasons = " ".join([*result.error_messages, *result.not_checked])
    assert all(word in reasons for word in row.says), reasons
    assert [f for f in result.defects if f.status == 429] == []
    report_dir = next(p.parent for p in tmp_path.rglob(SUMMARY_FILE))
    same_story(result, report_dir)


def same_story(result: RunResult, report_dir: Path) -> None:
    """summary.json, JUnit, Allure and the console say what the verdict says; an operation with something not
    checked is never fully checked in any of them."""
    summary = json.loads((report_dir / SUMMARY_FILE).read_text())
    complete, selected = result.coverage()
    assert (summary["verdict"], summary["exit_code"]) == (result.verdict.value, result.exit_code)
    assert summary["coverage"] == {"selected": selected, "fully_checked": complete}
    for op in summary["operations"]:
        gaps = [item for item in op["not_checked"] if not item["limitation"] and "earlier run" not in item["reason"]]
        assert not (gaps and op["fully_checked"]), op
    suites = ET.parse(report_dir / JUNIT_FILE).getroot().findall("testsuite")
    flags = [p.get("value") for s in suites for p in s.iter("property") if p.get("name") == "fully_checked"]
    assert flags.count("true") == complete and len(flags) == selected
    run_case = [c for s in suites for c in s.iter("testcase") if (c.get("classname"), c.get("name")) == RUN_PAIR]
    incomplete = result.verdict is Verdict.INCOMPLETE
    if incomplete and not result.accepted_incomplete:
        assert run_case and run_case[0].find("failure") is not None
    if result.verdict is Verdict.PASS:
        assert not run_case and complete == selected
        assert "Not checked" not in render(result)
    if result.operations:
        statuses = [json.loads(p.read_text())["status"] for p in (report_dir / ALLURE_DIR).glob("*-result.json")]
        assert ("failed" in statuses) == ((incomplete and not result.accepted_incomplete) or bool(result.defects))
    assert f"Verdict: {result.verdict.value.upper()}" in render(result) or not result.operations


# The verdict's rule on its own, one row per precedence step: interrupted, error, fail, incomplete, pass.
OP = "GET /v1/things"
DONE = OperationResult(
    OP,
    None,
    checked=("a",),
    complete_phases=("probes", "generated cases"),
    planned_phases=("probes", "generated cases"),
)
GAP = OperationResult(OP, None, checked=("a",), not_checked=(NotChecked("b", "budget"),), planned_phases=("probes",))
LIMIT = OperationResult(
    OP,
    None,
    checked=("a",),
    not_checked=(NotChecked("b", "no check can judge it", limitation=True),),
    complete_phases=("probes",),
    planned_phases=("probes",),
)
EARLIER_DONE = OperationResult(
    OP,
    None,
    not_checked=(NotChecked("probes", "checked in an earlier run recorded in p.json"),),
    planned_phases=("probes",),
)
DEFECT = Finding(Kind.DEFECT, "a", OP, "broken", "Received: x")
SPEC_GAP = Finding(Kind.SPEC_GAP, "a", OP, "gap", "Received: x")


@dataclass(frozen=True)
class Case:
    name: str
    operations: tuple[OperationResult, ...]
    verdict: Verdict
    findings: tuple[Finding, ...] = ()
    errors: tuple[RunError, ...] = ()
    interrupted: bool = False
    allow_incomplete: bool = False
    strict_spec: bool = False
    resumed: dict[str, tuple[str, ...]] = field(default_factory=dict)


CASES = (
    Case("every phase done, nothing not checked", (DONE,), Verdict.PASS),
    # A run that selects nothing is an error (the table above); a result without operations is a comparison.
    Case("a comparison without operations judges its findings", (), Verdict.FAIL, findings=(DEFECT,)),
    Case("a check not run", (GAP,), Verdict.INCOMPLETE),
    Case("a check not run, accepted", (GAP,), Verdict.INCOMPLETE, allow_incomplete=True),
    Case("what no check can judge is listed apart", (LIMIT,), Verdict.PASS),
    Case("covered by an earlier run", (EARLIER_DONE,), Verdict.PASS, resumed={OP: ("probes",)}),
    Case("a phase not finished", (DONE.__class__(OP, None, planned_phases=("probes",)),), Verdict.INCOMPLETE),
    Case("a defect beats incomplete", (GAP,), Verdict.FAIL, findings=(DEFECT,)),
    Case("a spec gap is no failure", (DONE,), Verdict.PASS, findings=(SPEC_GAP,)),
    Case("a spec gap fails with --strict-spec", (DONE,), Verdict.FAIL, findings=(SPEC_GAP,), strict_spec=True),
    Case("an error beats a defect", (DONE,), Verdict.ERROR, findings=(DEFECT,), errors=(RunError("lost"),)),
    Case("an interrupt beats everything", (DONE,), Verdict.INTERRUPTED, (DEFECT,), (RunError("x"),), True),
)


def _result(case: Case) -> RunResult:
    info = RunInfo(
        "0",
        0,
        "now",
        "t",
        SpecInfo("s", "t", "1", "x"),
        strict_spec=case.strict_spec,
        allow_incomplete=case.allow_incomplete,
        resumed=case.resumed,
    )
    return RunResult(info, case.operations, case.findings, case.errors, interrupted=case.interrupted)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_verdict_rule(case: Case) -> None:
    result = _result(case)
    assert result.verdict is case.verdict
    accepted = case.verdict is Verdict.INCOMPLETE and case.allow_incomplete
    assert result.exit_code == (EXIT_PASS if accepted else VERDICT_EXIT[case.verdict])
    run_pair = verdict(result, *RUN_PAIR)
    if case.verdict is Verdict.INCOMPLETE:
        assert run_pair.outcome is (Outcome.SKIPPED if accepted else Outcome.FAILED)
    if case.verdict is Verdict.PASS:
        assert run_pair.outcome is Outcome.PASSED


def test_every_verdict_has_its_own_exit_code() -> None:
    assert sorted(VERDICT_EXIT.values()) == sorted(
        {EXIT_PASS, EXIT_DEFECTS, EXIT_ERROR, EXIT_INCOMPLETE, EXIT_INTERRUPTED}
    )
    assert set(VERDICT_EXIT) == set(Verdict)


@pytest.mark.slow
def test_ctrl_c_keeps_what_was_sent_and_a_resume_sends_nothing_twice(tmp_path: Path) -> None:
    """Ctrl-C mid generated cases: a real SIGINT, sent by the sandbox when the middle case of a whole run's arrives
    (an event, not a time: load cannot move it), and every "sent" read from the sandbox's own request log."""
    log, progress = RequestLog(), tmp_path / "progress.json"
    with Sandbox(credentials=CREDENTIALS, wrap=log.wrap) as server:
        whole = _against(server, tmp_path / "whole")
        uninterrupted = log.take()
        (case_count,) = [op.cases_sent for op in whole.operations]
        before_cases = whole.requests - case_count  # the preflight and the probes: every case is one request
        assert case_count > 2
        at = before_cases + case_count // 2
        first = run_interrupted(log, at, command(server.url, tmp_path / "first", "--resume", str(progress), *FAST_ARGS))
        interrupted = log.take()
        second = run_whole(command(server.url, tmp_path / "second", "--resume", str(progress), *FAST_ARGS))
        resumed = log.take()
    out, err = first.stdout, first.stderr
    assert first.returncode == EXIT_INTERRUPTED, err
    summary = json.loads((tmp_path / "first" / SUMMARY_FILE).read_text())
    assert summary["verdict"] == Verdict.INTERRUPTED.value and summary["interrupted"]
    assert (tmp_path / "first" / JUNIT_FILE).exists() and list((tmp_path / "first" / ALLURE_DIR).glob("*-result.json"))
    assert str(progress) in err and "Traceback" not in out + err
    (op,) = summary["operations"]
    assert "probes" in op["complete_phases"] and len(interrupted) == at, "the case in flight is the last sent"
    assert op["cases_sent"] == at - before_cases, "the case in flight at Ctrl-C went out and counts as sent"
    assert any("interrupted" in item for item in summary["not_checked"])

    assert second.returncode in (EXIT_PASS, EXIT_INCOMPLETE), second.stderr
    (again,) = json.loads((tmp_path / "second" / SUMMARY_FILE).read_text())["operations"]
    assert "probes" not in again["requests_by_phase"], "the probes the first run finished are not sent again"
    # Generation is derandomized: the resumed run sends the cases after those the first one sent, none twice, none
    # left out: together they send what one uninterrupted run sends.
    assert op["cases_sent"] + again["cases_sent"] == case_count
    assert twice(uninterrupted, interrupted, resumed) == {}
    assert sorted(interrupted + resumed) == sorted(uninterrupted)


# Stands for a run whose first Ctrl-C is still being handled (writing what was sent) when the second one comes: the
# command's own handler around a body that takes long to finish after the first interrupt.
SLOW_TO_STOP = """
import sys, time
from conformance import interrupts
from conformance.cli import FIRST_INTERRUPT
with interrupts.first_stops(FIRST_INTERRUPT):
    try:
        print("running", flush=True)
        time.sleep(60)
    except KeyboardInterrupt:
        print("stopping", flush=True)
        time.sleep(60)
print("finished", flush=True)
"""


def test_a_second_ctrl_c_exits_at_once() -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_TO_STOP], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    assert process.stdout.readline() == "running\n"
    process.send_signal(signal.SIGINT)
    assert process.stdout.readline() == "stopping\n", "the first Ctrl-C stops sending and goes on to write"
    started = time.monotonic()
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == EXIT_INTERRUPTED and time.monotonic() - started < 10
    assert "finished" not in out and "Traceback" not in err and "Ctrl-C again to quit at once" in err
