"""Reports people read: Allure results with structure, an HTML report that renders, JUnit that parses."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conformance.cli import main
from conformance.errors import EXIT_PASS
from conformance.reporting import allure_install
from conformance.reporting.allure import CATEGORIES
from conformance.reporting.html import HISTORY_FILE, ReportError, build_report
from conformance.sandbox import Sandbox
from conformance.sandbox.faults import get_fault
from conformance.verdicts import pairs
from conformance.writers.allure import ALLURE_DIR
from conformance.writers.junit import JUNIT_FILE
from tests.conftest import CREDENTIALS, run_against

ROOT = Path(__file__).parent.parent
SPEC = ROOT / "specs" / "voucherify" / "customers.yaml"
OPERATION = "GET /v1/customers"
HAS_NODE = shutil.which("node") is not None and shutil.which("npm") is not None
SCREENSHOT_ENV = "CONFORMANCE_SCREENSHOT"  # where the render test also saves its screenshot, for the README
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
# .ci/run installs Node, npm and Chromium: in CI a missing one fails the render test instead of skipping it.
IN_CI = os.environ.get("CI") == "true"


def require(present: bool, missing: str) -> None:
    """Skip on a developer's machine without the tool; fail in CI, where .ci/run must have installed it."""
    if not present:
        (pytest.fail if IN_CI else pytest.skip)(f"{missing} (CI=true: .ci/run installs it)")


@pytest.fixture(scope="module")
def faulty_result(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[str, str]]]:
    """One run against a sandbox that inverts every order: its report folder, and its (operation, check) pairs."""
    out = tmp_path_factory.mktemp("faulty")
    with Sandbox(credentials=CREDENTIALS, wrap=get_fault("order-inverted").wrap) as server:
        result = run_against(server, out, max_examples=5)
    return out, pairs(result)


@pytest.fixture(scope="module")
def faulty_run(faulty_result: tuple[Path, list[tuple[str, str]]]) -> Path:
    return faulty_result[0]


def results(folder: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in (folder / ALLURE_DIR).glob("*-result.json")]


def labels(result: dict) -> dict[str, str]:
    return {label["name"]: label["value"] for label in result["labels"]}


@pytest.mark.slow
def test_one_allure_test_per_operation_and_check_with_labels(faulty_result: tuple[Path, list[tuple[str, str]]]) -> None:
    folder, expected = faulty_result
    checks = [r for r in results(folder) if "story" in labels(r)]
    assert sorted((labels(r)["feature"], labels(r)["story"]) for r in checks) == sorted(expected)
    assert {"list_sort_order", "list_page_walk", "auth_required", "not_a_server_error"} <= {c for _, c in expected}
    for result in checks:
        assert labels(result)["epic"] == "Voucherify API - Customers"
        assert labels(result)["feature"] == OPERATION and "severity" in labels(result)
        assert result["name"] == f"{labels(result)['story']} on {OPERATION}"


@pytest.mark.slow
def test_a_finding_has_steps_with_request_json_response_and_curl(faulty_run: Path) -> None:
    sort = next(r for r in results(faulty_run) if labels(r).get("story") == "list_sort_order")
    assert sort["status"] == "failed" and labels(sort)["severity"] == "critical"
    step = sort["steps"][0]
    kinds = {a["name"].split(" (")[0]: a["type"] for a in step["attachments"]}
    (response,) = [a for a in step["attachments"] if a["name"].startswith("response")]
    body = (faulty_run / ALLURE_DIR / response["source"]).read_text()
    # JSON, or past REPORT_BODY_LIMIT its first part as text with a note (a whole page of 100 is about 40 KiB).
    assert (kinds["response"], "cut here" in body) in (("application/json", False), ("text/plain", True))
    assert {"finding", "request", "reproduce with curl"} <= set(kinds)


@pytest.mark.slow
def test_a_multi_request_finding_attaches_its_request_sequence(tmp_path: Path) -> None:
    with Sandbox(credentials=CREDENTIALS, wrap=get_fault("page-overlap").wrap) as server:
        run_against(server, tmp_path, max_examples=1)
    walk = next(r for r in results(tmp_path) if labels(r).get("story") == "list_page_walk")
    sequences = [a for s in walk["steps"] for a in s["attachments"] if a["name"] == "request sequence"]
    assert walk["status"] == "failed" and sequences


@pytest.mark.slow
def test_run_files_categories_environment_executor(faulty_run: Path) -> None:
    folder = faulty_run / ALLURE_DIR
    assert json.loads((folder / "categories.json").read_text()) == CATEGORIES
    assert [c["name"] for c in CATEGORIES] == ["Spec gaps", "Spec findings", "Not checked", "Defects", "Target errors"]
    environment = dict(line.split("=", 1) for line in (folder / "environment.properties").read_text().splitlines())
    assert {
        "target",
        "spec.title",
        "spec.version",
        "spec.sha256",
        "schemathesis",
        "hypothesis",
        "seed",
        "cassette",
    } <= set(environment)
    assert json.loads((folder / "executor.json").read_text())["name"]
    gaps = next(r for r in results(faulty_run) if labels(r).get("story") == "status_code_conformance")
    assert gaps["status"] == "skipped" and gaps["statusDetails"]["message"].startswith("Skipped: Spec gap")


@pytest.mark.slow
def test_junit_has_one_testcase_per_operation_and_check_carrying_the_finding(
    faulty_result: tuple[Path, list[tuple[str, str]]],
) -> None:
    faulty_run, expected = faulty_result
    root = ET.parse(faulty_run / JUNIT_FILE).getroot()
    cases = list(root.iter("testcase"))
    assert sorted((c.get("classname"), c.get("name")) for c in cases) == sorted(expected)
    sort = next(c for c in cases if "list_sort_order" in c.get("name", ""))
    failure = sort.find("failure")
    assert failure is not None and "Items are not sorted" in (failure.get("message") or "")
    assert not list((faulty_run / ALLURE_DIR).glob("*.xml")), "JUnit must not be duplicated in allure-results"


def test_a_missing_node_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(allure_install.shutil, "which", lambda name: None)
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "x-result.json").write_text("{}")
    with pytest.raises(ReportError, match=r"Node\.js is not installed.*nodejs\.org.*apt install nodejs npm"):
        build_report(tmp_path / "r", tmp_path / "out")


def test_verdicts_carry_the_time_the_engine_spent_on_their_own_check(faulty_run: Path) -> None:
    durations = [r["stop"] - r["start"] for r in results(faulty_run) if "story" in labels(r)]
    assert durations and min(durations) >= 0
    assert len(set(durations)) > 1, "each check its own time, not every one its operation's"
    assert max(durations) > 100, "milliseconds: the requests a check judged, not the verdict's writing"


def test_no_results_is_named(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="No Allure results"):
        build_report(tmp_path, tmp_path / "out")


@pytest.mark.slow
def test_the_report_builds_keeps_history_and_renders(faulty_run: Path, tmp_path: Path) -> None:
    require(HAS_NODE, "Node.js and npm are not installed: the report cannot be built")
    require(CHROMIUM is not None, "Chromium is not installed: the report cannot be rendered")
    assert CHROMIUM is not None
    out, history = tmp_path / "report", tmp_path / "trend" / HISTORY_FILE
    first = build_report(faulty_run / ALLURE_DIR, out, history=history)
    build_report(faulty_run / ALLURE_DIR, out, history=history)
    assert first.index.exists() and history.exists() and not (tmp_path / HISTORY_FILE).exists()
    assert len(history.read_text().splitlines()) == 2, "each build adds one history entry, where --history says"
    assets = [p.name for p in out.rglob("*") if p.suffix in (".js", ".css", ".woff", ".woff2", ".svg")]
    assert assets == [], "one self-contained index.html: it opens from the file system, no asset to fetch"
    rendered = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--virtual-time-budget=20000",
            "--dump-dom",
            first.index.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert rendered.returncode == 0, rendered.stderr[-2000:]
    dom = rendered.stdout
    # The tree: epic (the API), feature (the operation), story (the check), opened via file://.
    assert "Voucherify API - Customers" in dom and OPERATION in dom and "list_sort_order" in dom
    _screenshot(first.index, tmp_path)


def _screenshot(index: Path, tmp_path: Path) -> None:
    """A picture of the report, for the README when $CONFORMANCE_SCREENSHOT names where to put it."""
    target = os.environ.get(SCREENSHOT_ENV)
    if not target or CHROMIUM is None:
        return
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            f"--user-data-dir={tmp_path / 'shot'}",
            "--window-size=1400,1600",
            "--virtual-time-budget=20000",
            f"--screenshot={target}",
            index.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_the_report_and_its_history_go_beside_the_results_they_are_built_from(
    faulty_run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`report --results R/allure-results`: the trend of R's runs is R's, not that of whatever reports/ the current
    folder holds."""
    require(HAS_NODE, "Node.js and npm are not installed: the report cannot be built")
    copied = tmp_path / "runs"
    shutil.copytree(faulty_run / ALLURE_DIR, copied / ALLURE_DIR)
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--results", str(copied / ALLURE_DIR)]) == EXIT_PASS
    assert (copied / HISTORY_FILE).exists() and (copied / "allure-report" / "index.html").exists()
    assert not (tmp_path / "reports").exists()
