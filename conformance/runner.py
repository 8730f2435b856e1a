"""`conformance run` as a library call: preflight, the pytest suite, then the summary."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conformance import suite
from conformance.cassette import label_cassette
from conformance.context import SANDBOX_TARGET, RunContext, open_context
from conformance.errors import ConformanceError
from conformance.findings import Kind
from conformance.plugin import ContextPlugin
from conformance.preflight import preflight
from conformance.reporting.allure import write_run_files
from conformance.settings import RunSettings
from conformance.summary import ALLURE_DIR, JUNIT_FILE, Summary

# pytest exit codes after which every test ran: all passed, or some failed (= findings).
SUITE_RAN = (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED)
SUITE = Path(suite.__file__).parent / "test_conformance.py"


def run(settings: RunSettings) -> Summary:
    """Run the suite against the target and write summary.json, junit.xml and allure-results/."""
    settings.report_dir.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(settings.report_dir / ALLURE_DIR, ignore_errors=True)  # results of one run only
    try:
        with open_context(settings) as context:
            preflight(context)
            write_run_files(settings.report_dir / ALLURE_DIR, context)
            exit_code = _run_suite(context)
            summary = _summarize(context)
            if exit_code not in SUITE_RAN and not summary.errors:
                summary.errors.append(f"The suite did not run to the end (pytest exit code {exit_code}).")
            if context.recording_header is not None:
                context.recording_header["recorded"] = summary.outcome()
    except ConformanceError as exc:
        summary = Summary(target=_target(settings), spec=str(settings.spec), requests=0, errors=[str(exc)])
    summary.write(settings.report_dir)
    if settings.cassette is not None and not settings.replaying and settings.cassette.exists():
        label_cassette(settings.cassette, summary.target)
    return summary


def _run_suite(context: RunContext) -> int:
    report_dir = context.settings.report_dir
    args = [
        str(SUITE),
        "--rootdir",
        str(SUITE.parent),
        "-c",
        os.devnull,
        "-p",
        "no:cacheprovider",
        "-qq",
        "--tb=no",
        "-rN",
        "--disable-warnings",
        f"--junitxml={report_dir / JUNIT_FILE}",
        "-o",
        "junit_family=xunit2",
        f"--alluredir={report_dir / ALLURE_DIR}",
        # Not --clean-alluredir: it would also delete categories.json and environment.properties.
    ]
    return int(pytest.main(args, plugins=[ContextPlugin(context)]))


def _summarize(context: RunContext) -> Summary:
    findings = context.findings
    return Summary(
        target=context.target,
        spec=str(context.settings.spec),
        requests=context.gate.sent,
        defects=findings.of_kind(Kind.DEFECT),
        spec_gaps=findings.of_kind(Kind.SPEC_GAP),
        errors=list(findings.target_errors),
        strict_spec=context.settings.strict_spec,
        not_checked=_not_checked(context),
    )


def _not_checked(context: RunContext) -> list[str]:
    skipped = sorted(context.not_checked)
    if context.unsent_cases:
        skipped.append(f"{context.unsent_cases} generated cases not sent")
    return skipped


def _target(settings: RunSettings) -> str:
    if settings.replaying:
        return f"cassette {settings.cassette}"
    return settings.base_url or SANDBOX_TARGET
