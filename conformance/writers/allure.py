"""Allure results, from the RunResult alone: one test result per (operation, check), written with allure_commons.

The results are the ones the verdict suite gives under pytest and allure-pytest (`conformance.suite`, run by the
plugin's users): the same names, labels, steps, statuses and ids, so that a report and its history read the same
from either. `tests/test_allure_writer.py` holds the two equal. Writing them directly spares every run pytest's
start-up and a pytest session (about 0.3 s of a replay).
"""

from __future__ import annotations

from pathlib import Path

from allure_commons.logger import AllureFileLogger
from allure_commons.model2 import (
    ATTACHMENT_PATTERN,
    TEST_CASE_PATTERN,
    TEST_GROUP_PATTERN,
    Attachment,
    Label,
    Parameter,
    Status,
    StatusDetails,
    TestResult,
    TestStepResult,
)
from allure_commons.types import LabelType
from allure_commons.utils import host_tag, md5, now, platform_label, represent, thread_tag, uuid4

from conformance.reporting import allure as allure_report
from conformance.reporting.allure import RUN_FILES, StepData, write_run_files
from conformance.result import OperationResult, RunResult
from conformance.verdicts import pairs, verdict

ALLURE_DIR = "allure-results"
# The verdict suite's identity as allure-pytest reports it (module conformance/suite/test_conformance.py).
SUITE_MODULE = "test_conformance"
FULL_NAME = f"{SUITE_MODULE}#test_verdict"
TITLE_PATH = (f"{SUITE_MODULE}.py",)
# The suite's one parameter (`conformance.plugin.PAIR_FIXTURE`, not imported: the plugin imports pytest).
PAIR_PARAMETER = "conformance_pair"
DESCRIPTION = "Passes, fails (a defect) or skips (not applicable, not checked) as the run's verdict for its pair says."
FRAMEWORK = "conformance"

# What an earlier run (this tool's, or allure-pytest's) wrote into allure-results/: replaced by this run's.
# Any other file there is the user's, and stays.
EARLIER_RESULTS = (
    *(pattern.format(prefix="*", ext="*") for pattern in (TEST_CASE_PATTERN, TEST_GROUP_PATTERN, ATTACHMENT_PATTERN)),
    *RUN_FILES,
)

Window = tuple[int, int]


def write(result: RunResult, report_dir: Path) -> Path:
    """allure-results/ for this run only, plus categories, environment and executor; earlier Allure results there
    are replaced, anything else is left alone."""
    results = report_dir / ALLURE_DIR
    for pattern in EARLIER_RESULTS:
        for earlier in results.glob(pattern):
            earlier.unlink()
    write_run_files(results, result)
    files = _Attachments(AllureFileLogger(results))
    operations = {op.operation: op for op in result.operations}
    for operation, check in pairs(result):
        test = _test_result(result, operation, check, _window(operations.get(operation), check), files)
        files.logger.report_result(test)
    return results


class _Attachments:
    """Each distinct attachment written once: the findings of several checks on one response attach the same body,
    and each step then names the one file (a whole-API report otherwise carries each body once per finding)."""

    def __init__(self, logger: AllureFileLogger) -> None:
        self.logger = logger
        self._sources: dict[tuple[str, str], str] = {}

    def source(self, body: str, extension: str) -> str:
        key = (body, extension)
        if key not in self._sources:
            self._sources[key] = ATTACHMENT_PATTERN.format(prefix=uuid4(), ext=extension)
            self.logger.report_attached_data(body, self._sources[key])
        return self._sources[key]


def _window(operation: OperationResult | None, check: str) -> Window:
    """A check's (start, stop) in epoch milliseconds: from when the engine first worked on it, as long as its
    requests and checking took in all (`OperationResult.check_times`); a check nothing was spent on lasts 0 from its
    operation's start. The run's own verdict (no operation) is written now."""
    if operation is None or not operation.started:
        return now(), now()
    started, seconds = operation.check_times.get(check, (operation.started, 0.0))
    return round(started * 1000), round((started + seconds) * 1000)


def _test_result(result: RunResult, operation: str, check: str, window: Window, files: _Attachments) -> TestResult:
    decided = verdict(result, operation, check)
    start, stop = window
    test = TestResult(
        uuid=uuid4(),
        name=allure_report.title(operation, check),
        fullName=FULL_NAME,
        testCaseId=md5(FULL_NAME),
        historyId=md5(FULL_NAME, (operation, check)),
        description=DESCRIPTION,
        titlePath=list(TITLE_PATH),
        parameters=[Parameter(name=PAIR_PARAMETER, value=represent((operation, check)))],
        status=decided.outcome.value,  # a verdict's outcomes are Allure's statuses, by name
        start=start,
        stop=stop,
    )
    details = allure_report.status_details(decided)
    if details is not None:
        message, trace = details
        test.statusDetails = StatusDetails(message=message, trace=trace or None)
    labels = allure_report.labels(result, operation, check, decided.findings)
    # The suite's module names the suite, as allure-pytest does, unless the labels name one (API → file → operation).
    suite = [] if any(name == LabelType.SUITE for name, _ in labels) else [Label(LabelType.SUITE, SUITE_MODULE)]
    test.labels = [Label(name, value) for name, value in labels] + [
        *suite,
        Label(LabelType.HOST, host_tag()),
        Label(LabelType.THREAD, thread_tag()),
        Label(LabelType.FRAMEWORK, FRAMEWORK),
        Label(LabelType.LANGUAGE, platform_label()),
        Label("package", SUITE_MODULE),
    ]
    test.steps = [_step(step, stop, files) for step in allure_report.finding_steps(decided.findings)]
    return test


def _step(step: StepData, at: int, files: _Attachments) -> TestStepResult:
    attachments = []
    for attachment in step.attachments:
        source = files.source(attachment.body, attachment.type.extension)
        attachments.append(Attachment(name=attachment.name, source=source, type=attachment.type.mime_type))
    return TestStepResult(name=step.name, status=Status.PASSED, attachments=attachments, start=at, stop=at)
