"""Allure results a reader can navigate: labels, severities, steps per finding, categories and environment.

What a verdict shows in Allure is decided here, as data (`title`, `labels`, `finding_steps`, `status_details`).
Two writers apply it: `conformance run` writes the results itself (`conformance.writers.allure`), and the verdict
suite under pytest (`conformance.suite`) hands the same data to allure-pytest through Allure's dynamic API.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import allure
from allure_commons.types import AttachmentType, LabelType

from conformance.result import FileRun, Finding, Kind, RunResult
from conformance.verdicts import SPEC_FINDING_PREFIX, SPEC_GAP_PREFIX, Outcome, PairVerdict

# Categories are matched in order; the first that fits a result wins.
CATEGORIES = [
    {"name": "Spec gaps", "matchedStatuses": ["skipped", "failed"], "messageRegex": f"(?s){SPEC_GAP_PREFIX}.*"},
    {"name": "Spec findings", "matchedStatuses": ["skipped", "failed"], "messageRegex": f"(?s){SPEC_FINDING_PREFIX}.*"},
    {"name": "Not checked", "matchedStatuses": ["skipped"], "messageRegex": "(?s)Not checked.*"},
    {"name": "Defects", "matchedStatuses": ["failed"]},
    {"name": "Target errors", "matchedStatuses": ["broken"]},
]
# Schemathesis' severities (and ours) onto Allure's.
SEVERITY = {"critical": "critical", "high": "critical", "medium": "normal", "low": "minor", "info": "trivial"}
CHECK_SEVERITY = {"not_a_server_error": "blocker", "ignored_auth": "critical", "auth_required": "critical"}
SEVERITY_ORDER = ("trivial", "minor", "normal", "critical", "blocker")
# A response body in the report is cut here: a whole-API report holds hundreds of them (a page of 100 items is about
# 40 KB), and the first items show the shape a finding is about. The finding's curl line fetches the whole body.
REPORT_BODY_LIMIT = 8 * 1024
# How pytest words a failed and a skipped test's message (`ExceptionInfo.exconly()`), which allure-pytest reports.
FAILED_PREFIX = "Failed: "
SKIPPED_PREFIX = "Skipped: "


class RunBroken(Exception):
    """A check, a probe or the run itself crashed: Allure shows the verdict as broken, with the traceback."""


BROKEN_PREFIX = f"{RunBroken.__module__}.{RunBroken.__qualname__}: "


@dataclass(frozen=True)
class AttachmentData:
    name: str
    body: str
    type: AttachmentType


@dataclass(frozen=True)
class StepData:
    name: str
    attachments: tuple[AttachmentData, ...]


def title(operation: str, check: str) -> str:
    return f"{check} on {operation}"


def labels(result: RunResult, operation: str, check: str, findings: tuple[Finding, ...]) -> list[tuple[str, str]]:
    """epic = API title, feature = operation, story = check, the spec's version, severity from the worst finding;
    over several spec files, the suites tree API → file → operation (parentSuite, suite, subSuite) too."""
    severities = [SEVERITY.get(f.severity, "normal") for f in findings if f.kind is Kind.DEFECT]
    worst = max(severities, key=SEVERITY_ORDER.index) if severities else "normal"
    spec = result.info.spec
    suites: list[tuple[str, str]] = []
    file = _file_of(result, operation)
    if file is not None:
        spec = file.spec
        suites = [
            (LabelType.PARENT_SUITE, spec.api),
            (LabelType.SUITE, file.key),
            (LabelType.SUB_SUITE, file.label(operation)),
        ]
    return [
        (LabelType.EPIC, spec.title or spec.path),
        (LabelType.FEATURE, operation),
        (LabelType.STORY, check),
        (LabelType.TAG, spec.version),
        (LabelType.SEVERITY, CHECK_SEVERITY.get(check, worst)),
        *suites,
    ]


def _file_of(result: RunResult, operation: str) -> FileRun | None:
    key = next((op.spec for op in result.operations if op.operation == operation and op.spec), None)
    return next((file for file in result.files if file.key == key), None)


def finding_steps(findings: tuple[Finding, ...]) -> list[StepData]:
    """One step per finding: the request, the response as JSON, and the curl line or request sequence."""
    steps = []
    for finding in findings:
        kind = {Kind.DEFECT: "Defect", Kind.SPEC_GAP: SPEC_GAP_PREFIX, Kind.SPEC_FINDING: SPEC_FINDING_PREFIX}.get(
            finding.kind, "Note"
        )
        attachments = [AttachmentData("finding", finding.message, AttachmentType.TEXT)]
        if finding.request:
            attachments.append(AttachmentData("request", finding.request, AttachmentType.TEXT))
        if finding.response:
            head, _, body = finding.response.partition("\n")
            attachments.append(_response(head, body))
        name = "request sequence" if "\n" in finding.reproduce else "reproduce with curl"
        attachments.append(AttachmentData(name, finding.reproduce, AttachmentType.TEXT))
        steps.append(StepData(f"{kind}: {finding.title}", tuple(attachments)))
    return steps


def _response(head: str, body: str) -> AttachmentData:
    """The response as JSON, or, past REPORT_BODY_LIMIT, its beginning as text with a note saying how much is cut."""
    if len(body) <= REPORT_BODY_LIMIT:
        return AttachmentData(f"response ({head})", body, AttachmentType.JSON)
    note = (
        f"\n… cut here: the first {REPORT_BODY_LIMIT // 1024} KiB of {len(body) // 1024} KiB "
        "(the curl line of this finding fetches it whole)"
    )
    return AttachmentData(f"response ({head}, cut)", body[:REPORT_BODY_LIMIT] + note, AttachmentType.TEXT)


def broken_message(decided: PairVerdict) -> str:
    """The message of a broken verdict: what crashed, then each crash's traceback."""
    details = "\n\n".join(error.details or error.message for error in decided.errors)
    return f"{decided.message}\n\n{details}"


def status_details(decided: PairVerdict) -> tuple[str, str] | None:
    """(message, trace) of a verdict, worded as allure-pytest words the suite's; None for a pass."""
    if decided.outcome is Outcome.FAILED:
        return FAILED_PREFIX + decided.message, decided.message
    if decided.outcome is Outcome.SKIPPED:
        return SKIPPED_PREFIX + decided.message, ""
    if decided.outcome is Outcome.BROKEN:
        details = "\n\n".join(error.details for error in decided.errors if error.details)
        return BROKEN_PREFIX + broken_message(decided), details
    return None


def retitle(operation: str, check: str) -> None:
    """The verdict suite's current test: its title again, at teardown (allure-pytest names a test after its setup)."""
    allure.dynamic.title(title(operation, check))


def label(result: RunResult, operation: str, check: str, findings: tuple[Finding, ...]) -> None:
    """The verdict suite's current test: its title and labels, through Allure's dynamic API."""
    allure.dynamic.title(title(operation, check))
    for name, value in labels(result, operation, check, findings):
        allure.dynamic.label(name, value)


def steps(findings: tuple[Finding, ...]) -> None:
    """The verdict suite's current test: one step per finding, through Allure's dynamic API."""
    for step in finding_steps(findings):
        with allure.step(step.name):
            for attachment in step.attachments:
                allure.attach(attachment.body, name=attachment.name, attachment_type=attachment.type)


CATEGORIES_FILE = "categories.json"
ENVIRONMENT_FILE = "environment.properties"
EXECUTOR_FILE = "executor.json"
RUN_FILES = (CATEGORIES_FILE, ENVIRONMENT_FILE, EXECUTOR_FILE)


def write_run_files(results: Path, result: RunResult) -> None:
    """categories.json, environment.properties and executor.json, next to the results."""
    results.mkdir(parents=True, exist_ok=True)
    (results / CATEGORIES_FILE).write_text(json.dumps(CATEGORIES, indent=2) + "\n")
    info = result.info
    environment = {
        "target": info.target,
        "spec.title": info.spec.title,
        "spec.version": info.spec.version,
        "spec.sha256": info.spec.sha256,
        "conformance": info.tool_version,
        "schemathesis": version("schemathesis"),
        "hypothesis": version("hypothesis"),
        "seed": str(info.seed),
        "started_at": info.started_at,
        "requests": str(result.requests),
        "verdict": result.verdict.value,
        "coverage": "{} of {} selected operations fully checked".format(*result.coverage()),
        "cassette": info.replay.get("cassette", "none"),
    }
    lines = [f"{key}={_escape(value)}" for key, value in environment.items()]
    (results / ENVIRONMENT_FILE).write_text("\n".join(lines) + "\n")
    executor = {
        "name": os.environ.get("CI_NAME", "conformance"),
        "type": "github" if os.environ.get("GITHUB_ACTIONS") else ("ci" if os.environ.get("CI") else "local"),
        "buildName": f"conformance run against {info.target}",
        "reportName": f"{info.spec.title} conformance",
    }
    if os.environ.get("CI_JOB_URL"):
        executor["buildUrl"] = os.environ["CI_JOB_URL"]
    (results / EXECUTOR_FILE).write_text(json.dumps(executor, indent=2) + "\n")


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", " ").replace("=", "\\=").replace(":", "\\:")
