"""Allure results a reader can navigate: labels, severities, steps per finding, categories and environment."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import allure
import hypothesis
import schemathesis

import conformance
from conformance.findings import Finding, Kind

if TYPE_CHECKING:
    from conformance.context import RunContext

SPEC_GAP_PREFIX = "Spec gap"
# Categories are matched in order; the first that fits a result wins.
CATEGORIES = [
    {"name": "Spec gaps", "matchedStatuses": ["skipped", "failed"], "messageRegex": f"(?s){SPEC_GAP_PREFIX}.*"},
    {"name": "Defects", "matchedStatuses": ["failed"]},
    {"name": "Target errors", "matchedStatuses": ["broken"]},
]
# Schemathesis' severities (and ours) onto Allure's.
SEVERITY = {"critical": "critical", "high": "critical", "medium": "normal", "low": "minor", "info": "trivial"}
CHECK_SEVERITY = {"not_a_server_error": "blocker", "ignored_auth": "critical", "auth_required": "critical"}


def label(context: RunContext, operation: str, check: str, findings: list[Finding]) -> None:
    """epic = API title, feature = operation, story = check; severity from the worst finding."""
    allure.dynamic.epic(context.spec.title)
    allure.dynamic.feature(operation)
    allure.dynamic.story(check)
    allure.dynamic.tag(context.spec.version)
    severities = [SEVERITY.get(f.severity, "normal") for f in findings if f.kind is Kind.DEFECT]
    order = ["trivial", "minor", "normal", "critical", "blocker"]
    worst = max(severities, key=order.index) if severities else "normal"
    allure.dynamic.severity(allure.severity_level(CHECK_SEVERITY.get(check, worst)))


def label_phase(context: RunContext, phase: str) -> None:
    """The runs that send requests: their verdicts live in the per-check tests, so they are labelled apart."""
    allure.dynamic.epic(context.spec.title)
    allure.dynamic.feature("(sending)")
    allure.dynamic.story(phase)


def steps(findings: list[Finding]) -> None:
    """One step per finding: the request, the response as JSON, and the curl line or request sequence."""
    for finding in findings:
        kind = "Defect" if finding.kind is Kind.DEFECT else SPEC_GAP_PREFIX
        with allure.step(f"{kind}: {finding.title}"):
            allure.attach(finding.message, name="finding", attachment_type=allure.attachment_type.TEXT)
            if finding.request:
                allure.attach(finding.request, name="request", attachment_type=allure.attachment_type.TEXT)
            if finding.response:
                head, _, body = finding.response.partition("\n")
                allure.attach(body, name=f"response ({head})", attachment_type=allure.attachment_type.JSON)
            name = "request sequence" if "\n" in finding.reproduce else "reproduce with curl"
            allure.attach(finding.reproduce, name=name, attachment_type=allure.attachment_type.TEXT)


def write_run_files(results: Path, context: RunContext) -> None:
    """categories.json, environment.properties and executor.json, next to the results."""
    results.mkdir(parents=True, exist_ok=True)
    (results / "categories.json").write_text(json.dumps(CATEGORIES, indent=2) + "\n")
    settings = context.settings
    environment = {
        "target": context.target,
        "spec.title": context.spec.title,
        "spec.version": context.spec.version,
        "spec.sha256": context.spec.sha256,
        "conformance": conformance.__version__,
        "schemathesis": schemathesis.__version__,
        "hypothesis": hypothesis.__version__,
        "seed": str(settings.seed),
        "max_examples": str(settings.max_examples),
        "cassette": str(settings.cassette) if settings.cassette else "none",
    }
    lines = [f"{key}={_escape(value)}" for key, value in environment.items()]
    (results / "environment.properties").write_text("\n".join(lines) + "\n")
    executor = {
        "name": os.environ.get("CI_NAME", "conformance"),
        "type": "github" if os.environ.get("GITHUB_ACTIONS") else ("ci" if os.environ.get("CI") else "local"),
        "buildName": f"conformance run against {context.target}",
        "reportName": f"{context.spec.title} conformance",
    }
    if os.environ.get("CI_JOB_URL"):
        executor["buildUrl"] = os.environ["CI_JOB_URL"]
    (results / "executor.json").write_text(json.dumps(executor, indent=2) + "\n")


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", " ").replace("=", "\\=").replace(":", "\\:")
