"""The `conformance run` command-line contract: exit codes, outputs and summary.json's shape."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conformance.cassette.recheck import Recheck
from conformance.cli import main, recheck_summary
from conformance.errors import EXIT_DEFECTS, EXIT_ERROR, EXIT_PASS
from conformance.result import Finding, Kind, RunInfo, RunResult, SpecInfo
from conformance.sandbox import Sandbox
from conformance.sandbox.faults import get_fault
from conformance.writers.allure import ALLURE_DIR
from conformance.writers.junit import JUNIT_FILE
from conformance.writers.summary_json import PUBLIC_FIELDS, SUMMARY_FILE
from tests.conftest import CREDENTIALS, target_args
from tests.shared import shared_path

SPEC = Path(__file__).parent.parent / "specs" / "voucherify" / "customers.yaml"
FINDING_FIELDS = set(PUBLIC_FIELDS)  # and "earlier", only on a finding an earlier run of --resume made
SUMMARY_FIELDS = {"verdict", "target", "spec", "requests", "defects", "spec_gaps"}
FAST = ["--max-examples", "5"]
# A defect in the response body: what the exit-1 and no-secrets tests run against.
SCHEMA_FAULT = get_fault("nested-required-missing")


def run_cli(tmp_path: Path, *args: str) -> tuple[int, dict]:
    code = main(["run", "--spec", str(SPEC), "--report-dir", str(tmp_path), *args])
    return code, json.loads((tmp_path / SUMMARY_FILE).read_text())


def test_embedded_sandbox_passes_and_writes_all_outputs(tmp_path: Path) -> None:
    code, summary = run_cli(tmp_path, *FAST)
    assert code == EXIT_PASS, summary
    assert SUMMARY_FIELDS <= set(summary) and summary["verdict"] == "pass"
    assert summary["defects"] == [] and summary["requests"] > 1
    assert all(set(gap) == FINDING_FIELDS for gap in summary["spec_gaps"])
    cases = list(ET.parse(tmp_path / JUNIT_FILE).getroot().iter("testcase"))
    assert cases and {case.get("classname") for case in cases} == {"GET /v1/customers"}
    assert list((tmp_path / ALLURE_DIR).glob("*-result.json"))


def test_defects_exit_1_with_findings(tmp_path: Path) -> None:
    with Sandbox(credentials=CREDENTIALS, wrap=SCHEMA_FAULT.wrap) as server:
        code, summary = run_cli(tmp_path, *target_args(server), *FAST)
    assert code == EXIT_DEFECTS and summary["verdict"] == "fail"
    assert {d["check"] for d in summary["defects"]} >= {"response_schema_conformance"}
    assert all(set(d) == FINDING_FIELDS and d["reproduce"].startswith("curl ") for d in summary["defects"])


def test_strict_spec_turns_spec_gaps_into_a_failure(tmp_path: Path) -> None:
    code, summary = run_cli(tmp_path, "--strict-spec", *FAST)
    assert summary["spec_gaps"], "the spec documents no 400, so invalid input must give a spec gap"
    assert code == EXIT_DEFECTS and summary["verdict"] == "fail"


@pytest.mark.parametrize(
    "args",
    [
        ["--base-url", "http://127.0.0.1:9", "--app-id", "a", "--app-token", "b"],
        ["--base-url", "http://127.0.0.1:9"],
        ["--base-url", "ftp://example.com", "--app-id", "a", "--app-token", "b"],
        ["--spec", "does-not-exist.yaml"],
        ["--max-examples", "0"],
        ["--seed", "many"],
        ["--no-such-option"],
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path: Path, args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "conformance", "run", "--report-dir", str(tmp_path), "--spec", str(SPEC), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == EXIT_ERROR
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("conformance: error: ")


def test_unreachable_target_names_the_reason(tmp_path: Path) -> None:
    code, summary = run_cli(tmp_path, "--base-url", "http://127.0.0.1:9", "--app-id", "a", "--app-token", "b")
    assert code == EXIT_ERROR and summary["errors"] == [
        "Cannot reach http://127.0.0.1:9: connection failed. Check --base-url."
    ]


def test_rejected_credentials_exit_2(tmp_path: Path, sandbox: Sandbox) -> None:
    code, summary = run_cli(tmp_path, "--base-url", sandbox.url, "--app-id", "wrong", "--app-token", "wrong")
    assert code == EXIT_ERROR and summary["verdict"] == "error"
    assert "rejected the credentials" in summary["errors"][0]


def test_credentials_never_reach_outputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Sandbox(credentials=CREDENTIALS, wrap=SCHEMA_FAULT.wrap, rate_limit="100/h") as server:
        run_cli(tmp_path, *target_args(server), "--cassette", str(tmp_path / "run.yaml"), "--max-requests", "80", *FAST)
    assert (tmp_path / "run.yaml").exists() and (tmp_path / JUNIT_FILE).exists()
    printed = capsys.readouterr()
    for path in [p for p in tmp_path.rglob("*") if p.is_file()]:
        text = path.read_text(errors="replace")
        assert CREDENTIALS.app_id not in text and CREDENTIALS.app_token not in text, path
    assert CREDENTIALS.app_token not in printed.out + printed.err


def test_a_reader_that_leaves_early_does_not_change_the_exit_code(tmp_path: Path) -> None:
    """`conformance run | head -1`: the reader is gone before the verdict is printed; the exit code stays the
    verdict's, and nothing about the closed pipe is printed."""
    process = subprocess.Popen(
        [sys.executable, "-m", "conformance", "run", "--spec", str(SPEC), "--report-dir", str(tmp_path), *FAST],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={"PATH": "/usr/bin:/bin", "CI": "true"},
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader leaves before the first line: every write to stdout meets a closed pipe
    err = process.stderr.read()
    assert process.wait(timeout=120) == EXIT_PASS, err
    assert json.loads((tmp_path / SUMMARY_FILE).read_text())["verdict"] == "pass"
    assert "BrokenPipe" not in err and "Exception ignored" not in err


HISTORY = sorted(shared_path("spec-history", "customers-list").glob("*.json"))
LEAVING_READERS = {
    "lint": ["lint", str(shared_path("voucherify", "openapi", "loyalties-v2.json"))],
    "diff": ["diff", str(HISTORY[0]), str(HISTORY[-1])],
    "sandbox --list-faults": ["sandbox", "--list-faults"],
    "run --plan": ["run", "--plan", "--spec", str(shared_path("voucherify", "openapi", "vouchers.json"))],
    "recheck": ["recheck", str(Path(__file__).parent.parent / "cassettes" / "customers-fault-order-inverted.yaml")],
}
WRITES_REPORTS = {"recheck"}


@pytest.mark.parametrize("command", list(LEAVING_READERS))
def test_every_printing_command_lets_its_reader_leave_early(command: str, tmp_path: Path) -> None:
    """`conformance lint ... | head -2`: no BrokenPipe traceback, and the exit code of the same command whose reader
    read everything."""
    reports = ["--report-dir", str(tmp_path)] if command in WRITES_REPORTS else []
    argv = [sys.executable, "-m", "conformance", *LEAVING_READERS[command], *reports]
    env = {"PATH": "/usr/bin:/bin", "CI": "true"}
    expected = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, timeout=300)
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    err = process.stderr.read()
    assert process.wait(timeout=300) == expected.returncode, err
    assert "BrokenPipe" not in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("count", "line"),
    [
        (1, "Rechecked 1 recorded response against s.yaml: 1 would fail (1 distinct defect, 1 spec gap, "
            "1 interaction outside the spec)."),
        (2, "Rechecked 2 recorded responses against s.yaml: 2 would fail (2 distinct defects, 2 spec gaps, "
            "2 interactions outside the spec)."),
    ],
)  # fmt: skip
def test_the_recheck_line_says_1_response_and_1_defect(count: int, line: str) -> None:
    info = RunInfo("0", 0, "now", "cassette c.yaml", SpecInfo("s.yaml", "", "", ""))
    found = [Finding(kind, "check", "GET /x", f"{kind} {n}", "") for kind in (Kind.DEFECT, Kind.SPEC_GAP)
             for n in range(count)]  # fmt: skip
    rechecked = Recheck(RunResult(info, findings=tuple(found)), responses=count, failing=count, unmatched=count)
    assert recheck_summary(rechecked, Path("s.yaml")) == line
