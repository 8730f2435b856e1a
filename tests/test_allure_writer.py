"""`conformance run` writes Allure results itself; they equal what the verdict suite gives under allure-pytest.

The plugin's users run the verdict suite with pytest and allure-pytest (`tests/allure_pytest_reference.py` runs
it the same way). Both outputs must read the same in a report: names, statuses and messages, labels, parameters,
steps and their attachments, and the ids that carry a verdict's history from one run to the next.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from conformance import plugin
from conformance.reporting.allure import CATEGORIES, REPORT_BODY_LIMIT
from conformance.result import (
    FileRun,
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
from conformance.settings import resolve_settings
from conformance.suite import test_conformance
from conformance.verdicts import pairs
from conformance.writers import allure as writer
from tests.allure_pytest_reference import write_with_allure_pytest

ROOT = Path(__file__).parent.parent
CASSETTE = ROOT / "cassettes" / "customers-fault-order-inverted.yaml"
OPERATION = "GET /v1/customers"
# Labels that say where and how the results were written, not what they say.
CIRCUMSTANTIAL = {"host", "thread", "framework"}


def spec_info(title: str = "Voucherify API - Customers") -> SpecInfo:
    return SpecInfo(path="specs/voucherify/customers.yaml", title=title, version="v2018-08-01", sha256="ab" * 32)


def info(strict_spec: bool = False, title: str = "Voucherify API - Customers") -> RunInfo:
    return RunInfo(
        tool_version="0.1.0", seed=3, started_at="2026-11-26T10:00:00+00:00", target="embedded sandbox",
        spec=spec_info(title), strict_spec=strict_spec,
    )  # fmt: skip


def finding(kind: Kind, check: str, number: int, **details: Any) -> Finding:
    details.setdefault("reproduce", f"curl 'http://127.0.0.1:8123/v1/customers?n={number}'")
    return Finding(kind, check, OPERATION, f"Problem {number}", f"Expected: a\nReceived: b{number}", **details)


OPERATION_RESULT = OperationResult(
    OPERATION,
    "page",
    checked=("list_sort_order", "not_a_server_error", "status_code_conformance", "list_filters", "auth_required"),
    not_applicable=("list_cursor_walk",),
    not_checked=(NotChecked("list_page_walk", "the budget ran out"),),
    started=1795707718.5,
    elapsed=0.4,
    # Each check's own time: its requests and its checking, less than the operation's in all.
    check_times={
        "list_sort_order": (1795707718.5, 0.25),
        "not_a_server_error": (1795707718.5, 0.125),
        "status_code_conformance": (1795707718.5, 0.0625),
        "list_filters": (1795707718.75, 0.03125),
        "auth_required": (1795707718.875, 0.015625),
    },
)
FINDINGS = (
    finding(Kind.DEFECT, "list_sort_order", 1, request="GET /v1/x", response='200 OK\n{"a": 1}', severity="high"),
    finding(Kind.DEFECT, "list_sort_order", 2, reproduce="curl 'http://x/1'\ncurl 'http://x/2'", severity="low"),
    finding(Kind.SPEC_GAP, "status_code_conformance", 3, status=400),
    finding(Kind.SPEC_FINDING, "list_filters", 4),
    finding(Kind.DEFECT, "auth_required", 5),
)
ERRORS = (
    RunError("GET /v1/customers: crashy: ValueError: boom", OPERATION, "crashy", "Traceback ...\nValueError: boom"),
    RunError("the run stopped: the target went away"),
)
# A run over several spec files: its operations and findings named by file, each file's outcome kept.
FILE = FileRun("customers.yaml", spec_info(), Verdict.FAIL, 12, 1, 1, {"defect": 3}, 0)
SEVERAL_FILES = RunResult(
    info(title="Voucherify API"),
    (replace(OPERATION_RESULT, operation=FILE.qualify(OPERATION), spec=FILE.key),),
    tuple(replace(f, operation=FILE.qualify(OPERATION)) for f in FINDINGS),
    requests=12,
    files=(FILE,),
)
# One page of 100 items (about 40 KB), judged by three checks that each found something in it.
PAGE = json.dumps({"customers": [{"id": f"cust_{n:04}", "name": "x" * 300} for n in range(100)]}, indent=2)
SAME_PAGE = tuple(
    finding(Kind.DEFECT, check, n, request="GET /v1/x", response=f"200 OK\n{PAGE}")
    for n, check in enumerate(("list_sort_order", "not_a_server_error", "list_filters"))
)
RESULTS = {
    "a large body three checks found in": RunResult(info(), (OPERATION_RESULT,), SAME_PAGE, requests=1),
    "every outcome": RunResult(info(), (OPERATION_RESULT,), FINDINGS, ERRORS, requests=12),
    "several spec files": SEVERAL_FILES,
    "strict spec": RunResult(info(strict_spec=True), (OPERATION_RESULT,), FINDINGS, requests=12),
    "no title, nothing found": RunResult(info(title=""), (OPERATION_RESULT,), requests=3),
}


def read(folder: Path) -> list[dict[str, Any]]:
    """Each result as a report reads it, attachments inlined; without uuids, times and circumstantial labels."""
    found = []
    for path in folder.glob("*-result.json"):
        data = json.loads(path.read_text())
        details = data.get("statusDetails") or {}
        found.append(
            {
                **{key: data.get(key) for key in ("name", "status", "description", "fullName", "titlePath")},
                **{key: data.get(key) for key in ("historyId", "testCaseId", "parameters")},
                "message": details.get("message"),
                # allure-pytest's trace of a skip or a crash is pytest's own (a location, the suite's frame)
                "trace": details.get("trace") if data["status"] == "failed" else None,
                "labels": sorted((x["name"], x["value"]) for x in data["labels"] if x["name"] not in CIRCUMSTANTIAL),
                "steps": [_step(folder, step) for step in data.get("steps", [])],
            }
        )
    return sorted(found, key=lambda result: result["name"])


def _step(folder: Path, step: dict[str, Any]) -> dict[str, Any]:
    attachments = [
        (a["name"], a["type"], Path(a["source"]).suffix, (folder / a["source"]).read_text())
        for a in step.get("attachments", [])
    ]
    return {"name": step["name"], "status": step["status"], "attachments": attachments}


def both(result: RunResult, tmp_path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    written = read(writer.write(result, tmp_path / "direct"))
    write_with_allure_pytest(result, tmp_path / "reference")
    return written, read(tmp_path / "reference")


@pytest.mark.parametrize("name", RESULTS)
def test_the_results_equal_the_verdict_suite_under_allure_pytest(name: str, tmp_path: Path) -> None:
    written, reference = both(RESULTS[name], tmp_path)
    assert written == reference
    assert len(written) == len(pairs(RESULTS[name]))


def test_a_replayed_run_writes_what_the_verdict_suite_writes(tmp_path: Path) -> None:
    result = run(resolve_settings(cassette=CASSETTE, report_dir=tmp_path / "run", environ={}))
    written, reference = both(result, tmp_path)
    assert {r["status"] for r in written} >= {"passed", "failed", "skipped"}
    assert written == reference


def test_over_several_files_the_suites_go_api_file_operation(tmp_path: Path) -> None:
    folder = writer.write(SEVERAL_FILES, tmp_path)
    written = [json.loads(path.read_text()) for path in folder.glob("*-result.json")]
    labels = [{x["name"]: x["value"] for x in data["labels"]} for data in written]
    suites = {(x["parentSuite"], x["suite"], x["subSuite"]) for x in labels if x["feature"] != "(run)"}
    assert suites == {("Voucherify API", "customers.yaml", OPERATION)}


def test_every_outcome_is_written(tmp_path: Path) -> None:
    statuses = {r["status"] for r in read(writer.write(RESULTS["every outcome"], tmp_path))}
    assert statuses == {"passed", "failed", "skipped", "broken"}


@pytest.mark.parametrize("check", OPERATION_RESULT.checked + OPERATION_RESULT.not_applicable)
def test_a_verdict_carries_the_time_spent_on_its_own_check(tmp_path: Path, check: str) -> None:
    folder = writer.write(RESULTS["every outcome"], tmp_path)
    written = [json.loads(path.read_text()) for path in folder.glob("*-result.json")]
    windows = {data["name"]: (data["start"], data["stop"]) for data in written}
    # A check nothing was spent on (here: one that applies to no response) starts with its operation and lasts 0.
    started, seconds = OPERATION_RESULT.check_times.get(check, (OPERATION_RESULT.started, 0.0))
    assert windows[f"{check} on {OPERATION}"] == (round(started * 1000), round((started + seconds) * 1000))


def test_the_run_files_come_with_the_results(tmp_path: Path) -> None:
    folder = writer.write(RESULTS["every outcome"], tmp_path)
    assert json.loads((folder / "categories.json").read_text()) == CATEGORIES
    assert (folder / "environment.properties").is_file() and (folder / "executor.json").is_file()


def test_a_new_run_replaces_earlier_results_and_keeps_the_users_files(tmp_path: Path) -> None:
    folder = writer.write(RESULTS["every outcome"], tmp_path)
    earlier = {path.name for path in folder.iterdir()}
    kept = {"notes.txt": "mine", "history.jsonl": "{}\n"}
    for name, text in kept.items():
        (folder / name).write_text(text)
    (folder / "old").mkdir()
    again = writer.write(RESULTS["no title, nothing found"], tmp_path)
    names = {path.name for path in again.iterdir()}
    assert {name: (again / name).read_text() for name in kept} == kept and (again / "old").is_dir()
    assert not (earlier - set(writer.RUN_FILES)) & names, "every result of the earlier run is gone"
    assert len(list(again.glob("*-result.json"))) == len(pairs(RESULTS["no title, nothing found"]))


def test_a_body_is_written_once_and_cut_with_a_note_past_the_limit(tmp_path: Path) -> None:
    """A whole-API report holds hundreds of pages: each distinct body is written once, its first
    REPORT_BODY_LIMIT characters, and the note says how much is cut."""
    folder = writer.write(RESULTS["a large body three checks found in"], tmp_path)
    written = [json.loads(path.read_text()) for path in folder.glob("*-result.json")]
    responses = [
        a
        for r in written
        for s in r.get("steps", [])
        for a in s.get("attachments", [])
        if a["name"].startswith("response")
    ]
    assert len(responses) == len(SAME_PAGE) and len({a["source"] for a in responses}) == 1
    (body,) = {(folder / a["source"]).read_text() for a in responses}
    assert len(PAGE) > REPORT_BODY_LIMIT and body.startswith(PAGE[:REPORT_BODY_LIMIT])
    assert body.endswith(f"the first {REPORT_BODY_LIMIT // 1024} KiB of {len(PAGE) // 1024} KiB (the curl line of "
                         "this finding fetches it whole)")  # fmt: skip
    assert len(body) < REPORT_BODY_LIMIT + 200


def test_a_body_within_the_limit_is_whole_json(tmp_path: Path) -> None:
    folder = writer.write(RESULTS["every outcome"], tmp_path)
    written = [json.loads(path.read_text()) for path in folder.glob("*-result.json")]
    (response,) = [
        a
        for r in written
        for s in r.get("steps", [])
        for a in s.get("attachments", [])
        if a["name"].startswith("response")
    ]
    assert response["type"] == "application/json" and (folder / response["source"]).read_text() == '{"a": 1}'


def test_the_suite_identity_is_the_suites_own() -> None:
    assert writer.PAIR_PARAMETER == plugin.PAIR_FIXTURE
    assert writer.DESCRIPTION == test_conformance.test_verdict.__doc__
    assert writer.SUITE_MODULE == test_conformance.__name__.rsplit(".", 1)[-1]


def test_writing_results_loads_neither_pytest_nor_allure_pytest(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path\n"
        "from conformance.result import RunInfo, RunResult, SpecInfo, OperationResult\n"
        "from conformance.writers import allure\n"
        "spec = SpecInfo(path='s.yaml', title='T', version='1', sha256='')\n"
        "info = RunInfo(tool_version='0', seed=0, started_at='', target='t', spec=spec)\n"
        "result = RunResult(info, (OperationResult('GET /x', None, checked=('not_a_server_error',)),))\n"
        f"allure.write(result, Path({str(tmp_path)!r}))\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pytest', '_pytest', 'allure_pytest'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    assert len(list((tmp_path / writer.ALLURE_DIR).glob("*-result.json"))) == 1
