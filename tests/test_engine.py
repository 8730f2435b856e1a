"""The engine's contract: a run is data; a crash is an error, never a pass; no `-k` subset passes an unsent verdict."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conformance.checks import CHECKS
from conformance.cli import main
from conformance.errors import EXIT_ERROR
from conformance.result import Verdict
from conformance.sandbox import Sandbox
from conformance.sandbox.faults import get_fault
from conformance.writers.junit import JUNIT_FILE
from tests.conftest import CREDENTIALS, SPEC, run_against, target_args

CRASH = "conformance_test_crash"


@pytest.fixture
def crashing_check() -> Iterator[str]:
    """A check that raises on every list response, registered the way ours are."""

    def conformance_test_crash(ctx: Any, response: Any, case: Any) -> None:
        raise KeyError("boom")

    CHECKS[CRASH] = conformance_test_crash
    try:
        yield CRASH
    finally:
        del CHECKS[CRASH]


def test_a_crashing_check_is_an_error_of_the_run(
    crashing_check: str, sandbox: Sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["run", "--spec", str(SPEC), "--report-dir", str(tmp_path), "--max-examples", "3", *target_args(sandbox)]
    )
    out = capsys.readouterr()
    assert code == EXIT_ERROR
    line = next(line for line in out.out.splitlines() if "error:" in line)
    assert f"{crashing_check} crashed on GET /v1/customers: KeyError: 'boom'" in line
    assert "Traceback" not in out.out + out.err
    case = next(c for c in ET.parse(tmp_path / JUNIT_FILE).getroot().iter("testcase") if c.get("name") == CRASH)
    error = case.find("error")
    assert error is not None and "Traceback" in (error.text or "")


def test_without_the_crash_the_same_run_passes(sandbox: Sandbox, tmp_path: Path) -> None:
    result = run_against(sandbox, tmp_path, max_examples=3)
    assert result.verdict is Verdict.PASS and not result.errors


def test_a_check_that_does_not_apply_is_never_counted_as_passed(sandbox: Sandbox, tmp_path: Path) -> None:
    result = run_against(sandbox, tmp_path, max_examples=3)
    (operation,) = result.operations
    # GET-only spec: use_after_free needs a DELETE to apply.
    assert "use_after_free" in operation.not_applicable and "use_after_free" not in operation.checked
    assert "list_sort_order" in operation.checked


def test_installing_the_package_registers_no_check_in_unrelated_sessions(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        from schemathesis.checks import CHECKS, load_all_checks

        def test_registry():
            load_all_checks()
            names = {check.__name__ for check in CHECKS.get_all()}
            assert not names & {"list_sort_order", "list_page_size", "list_counts", "list_shape"}, names
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


@pytest.mark.slow
def test_a_k_subset_cannot_pass_a_verdict_that_was_not_sent(pytester: pytest.Pytester) -> None:
    """The engine runs whole before any verdict: selecting only the sort verdict still sees the inverted order."""
    with Sandbox(credentials=CREDENTIALS, wrap=get_fault("order-inverted").wrap) as server:
        result = pytester.runpytest_subprocess(
            "--pyargs",
            "conformance.suite",
            "-p",
            "no:cacheprovider",
            "-k",
            "list_sort_order",
            f"--conformance-spec={SPEC}",
            f"--conformance-base-url={server.url}",
            f"--conformance-app-id={CREDENTIALS.app_id}",
            f"--conformance-app-token={CREDENTIALS.app_token}",
            "--conformance-max-examples=3",
        )
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed") == 1 and outcomes.get("passed", 0) == 0, result.stdout.str()


def test_the_pytest_plugin_imports_nothing_heavy() -> None:
    """Loaded in every pytest session of an environment that has the package: options only."""
    heavy = "('schemathesis', 'hypothesis', 'requests')"
    code = f"import sys, conformance.plugin; print(sorted(m for m in {heavy} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"


def _boom(*args: Any, **kwargs: Any) -> Any:
    raise KeyError("boom")


@pytest.mark.parametrize(
    ("crashing", "named"),
    [("conformance.engine.probing.run_step", "probes ("), ("conformance.st.generated_cases", "generated cases")],
    ids=["a probe", "generating cases"],
)
def test_a_crashing_probe_or_generation_is_an_error_of_the_run_never_a_pass(
    crashing: str, named: str, sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other broad catches of the engine (`probing`, `generated`): each crash is the run's error, named."""
    monkeypatch.setattr(crashing, _boom)
    result = run_against(sandbox, tmp_path, max_examples=3)
    assert result.verdict is Verdict.ERROR
    assert any(
        e.message.startswith(named) and "crashed on GET /v1/customers: KeyError" in e.message for e in result.errors
    )
