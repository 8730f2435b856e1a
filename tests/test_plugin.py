"""The pytest11 plugin, driven from outside as a user would."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conformance.engine.received import FOLDER_SUFFIX
from conformance.errors import EXIT_ERROR, EXIT_INCOMPLETE, EXIT_INTERRUPTED, EXIT_PASS
from conformance.plugin import ALLOW_INCOMPLETE, ID_SEPARATOR
from conformance.sandbox import Sandbox
from conformance.verdicts import ALLOW_INCOMPLETE as COMMAND_ALLOW_INCOMPLETE
from tests.conftest import CREDENTIALS
from tests.interrupting import RequestLog

SPEC = Path(__file__).parent.parent / "specs" / "voucherify" / "customers.yaml"


def test_help_lists_the_option_group(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--help")
    result.stdout.fnmatch_lines(
        ["*API conformance against an OpenAPI spec*", "*--conformance-spec*", "*--conformance-base-url*"]
    )


def run_suite(pytester: pytest.Pytester, *options: str) -> pytest.RunResult:
    """The verdict suite in a pytest process of its own, on the embedded sandbox of the default spec."""
    return pytester.runpytest_subprocess(
        "--pyargs", "conformance.suite", "-p", "no:cacheprovider", f"--conformance-spec={SPEC}", *options
    )


def test_suite_runs_under_plain_pytest_on_the_embedded_sandbox(pytester: pytest.Pytester) -> None:
    result = run_suite(pytester, "--conformance-max-examples=5")
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) == 0, result.stdout.str()
    assert outcomes["passed"] > 1


BAD_INPUT = {
    "a broken spec": ("--conformance-spec={broken}",),
    "a bad option value": ("--conformance-max-requests=abc",),
    "a bad choice": ("--conformance-methods=none",),
    "a live target without credentials": ("--conformance-base-url=http://127.0.0.1:9",),
}


@pytest.mark.parametrize("given", list(BAD_INPUT))
def test_bad_input_is_the_runs_error_and_exits_2_as_the_command_does(pytester: pytest.Pytester, given: str) -> None:
    broken = pytester.makefile(".yaml", spec="openapi: 3.0.1\npaths: {}\n")
    options = [option.format(broken=broken) for option in BAD_INPUT[given]]
    result = pytester.runpytest_subprocess(
        "--pyargs", "conformance.suite", "-p", "no:cacheprovider", f"--conformance-spec={SPEC}", *options, "-rA"
    )
    printed = result.stdout.str() + result.stderr.str()
    assert result.ret == EXIT_ERROR, printed
    assert result.parseoutcomes() == {"errors": 1}, printed
    result.stdout.fnmatch_lines(["ERROR*(run) - run*"])
    assert "Traceback" not in printed and "usage:" not in printed, printed


@pytest.mark.parametrize(
    ("allow", "code", "outcome"),
    [((), EXIT_INCOMPLETE, "failed"), (("--conformance-allow-incomplete",), EXIT_PASS, "skipped")],
)
def test_an_incomplete_run_exits_as_the_command_does(
    pytester: pytest.Pytester, allow: tuple[str, ...], code: int, outcome: str
) -> None:
    result = run_suite(pytester, "--conformance-max-examples=3", "--conformance-max-requests=30", "-rA", *allow)
    assert result.ret == code, result.stdout.str()
    assert result.parseoutcomes()[outcome] >= 1
    result.stdout.fnmatch_lines([f"{outcome.upper()}*Incomplete*"])
    printed = result.stdout.str()
    assert ALLOW_INCOMPLETE in printed, "the message names the plugin's own option"
    assert COMMAND_ALLOW_INCOMPLETE not in printed.replace(ALLOW_INCOMPLETE, ""), "not the command's"


def test_an_unreachable_target_exits_2_as_the_command_does(pytester: pytest.Pytester) -> None:
    unreachable = "http://127.0.0.1:9"
    result = run_suite(
        pytester, f"--conformance-base-url={unreachable}", "--conformance-app-id=a", "--conformance-app-token=b", "-rA"
    )
    assert result.ret == EXIT_ERROR, result.stdout.str()
    assert result.parseoutcomes() == {"errors": 1}, result.stdout.str()
    result.stdout.fnmatch_lines([f"*Cannot reach {unreachable}*"])


def test_test_ids_are_ascii(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess(
        "--pyargs",
        "conformance.suite",
        "-p",
        "no:cacheprovider",
        f"--conformance-spec={SPEC}",
        "--conformance-max-examples=1",
        "--collect-only",
        "-q",
    )
    ids = [line for line in result.stdout.lines if "test_verdict[" in line]
    assert ids and all(line.isascii() for line in ids), ids
    assert any(f"GET /v1/customers{ID_SEPARATOR}" in line for line in ids), ids


def test_ctrl_c_is_held_as_the_command_holds_it_and_loses_nothing_done(pytester: pytest.Pytester) -> None:
    """Interrupted on its `at`-th request (a real SIGINT while it is in flight): the run stops before the next one,
    keeps the response it was waiting for and the --resume file, judges what it sent, and exits as the command does."""
    log = RequestLog()
    progress = pytester.path / "progress.json"
    at = 30  # in the probes phase: what was received is kept for the resumed run
    with Sandbox(credentials=CREDENTIALS, wrap=log.wrap) as server:
        target = [f"--conformance-base-url={server.url}", f"--conformance-app-id={CREDENTIALS.app_id}"]
        target.append(f"--conformance-app-token={CREDENTIALS.app_token}")
        argv = [sys.executable, "-m", "pytest", "--pyargs", "conformance.suite", "-p", "no:cacheprovider", "-rA"]
        argv += [*target, "--conformance-max-examples=3", f"--conformance-resume={progress}", "--junitxml=j.xml"]
        process = pytester.popen(argv, stdin=subprocess.DEVNULL, cwd=pytester.path, text=True)
        log.pid, log.interrupt_at = process.pid, at
        out, err = process.communicate(timeout=300)
    assert process.returncode == EXIT_INTERRUPTED, out + err
    assert len(log.seen) == at, "the first Ctrl-C stops sending: the request in flight is the last"
    kept = "".join(path.read_text() for path in progress.with_name(progress.name + FOLDER_SUFFIX).iterdir())
    assert progress.exists() and kept.count("\n- request:") == at, "every response received is kept, the last too"
    assert "Traceback" not in err and "KeyboardInterrupt" not in out, out
    junit = ET.parse(pytester.path / "j.xml").getroot()
    run = next(case for case in junit.iter("testcase") if case.get("name", "").endswith(f"(run){ID_SEPARATOR}run]"))
    assert run.find("error") is not None and "Interrupted (Ctrl-C)" in ET.tostring(run, encoding="unicode")
