"""Allure results a reader can navigate: labels, severities, steps per finding, categories and environment."""

from __future__ import annotations

import json
import os
from importlib.metadata import version
from pathlib import Path

import allure
import hypothesis

from conformance.result import Finding, Kind, RunResult
from conformance.verdicts import SPEC_FINDING_PREFIX, SPEC_GAP_PREFIX

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


def label(result: RunResult, operation: str, check: str, findings: tuple[Finding, ...]) -> None:
    """epic = API title, feature = operation, story = check, with a readable title; severity from the worst finding."""
    allure.dynamic.epic(result.info.spec.title or result.info.spec.path)
    allure.dynamic.feature(operation)
    allure.dynamic.story(check)
    allure.dynamic.title(f"{check} on {operation}")
    allure.dynamic.tag(result.info.spec.version)
    severities = [SEVERITY.get(f.severity, "normal") for f in findings if f.kind is Kind.DEFECT]
    order = ["trivial", "minor", "normal", "critical", "blocker"]
    worst = max(severities, key=order.index) if severities else "normal"
    allure.dynamic.severity(allure.severity_level(CHECK_SEVERITY.get(check, worst)))


def steps(findings: tuple[Finding, ...]) -> None:
    """One step per finding: the request, the response as JSON, and the curl line or request sequence."""
    for finding in findings:
        kind = {Kind.DEFECT: "Defect", Kind.SPEC_GAP: SPEC_GAP_PREFIX, Kind.SPEC: SPEC_FINDING_PREFIX}.get(
            finding.kind, "Note"
        )
        with allure.step(f"{kind}: {finding.title}"):
            allure.attach(finding.message, name="finding", attachment_type=allure.attachment_type.TEXT)
            if finding.request:
                allure.attach(finding.request, name="request", attachment_type=allure.attachment_type.TEXT)
            if finding.response:
                head, _, body = finding.response.partition("\n")
                allure.attach(body, name=f"response ({head})", attachment_type=allure.attachment_type.JSON)
            name = "request sequence" if "\n" in finding.reproduce else "reproduce with curl"
            allure.attach(finding.reproduce, name=name, attachment_type=allure.attachment_type.TEXT)


def write_run_files(results: Path, result: RunResult) -> None:
    """categories.json, environment.properties and executor.json, next to the results."""
    results.mkdir(parents=True, exist_ok=True)
    (results / "categories.json").write_text(json.dumps(CATEGORIES, indent=2) + "\n")
    info = result.info
    environment = {
        "target": info.target,
        "spec.title": info.spec.title,
        "spec.version": info.spec.version,
        "spec.sha256": info.spec.sha256,
        "conformance": info.tool_version,
        "schemathesis": version("schemathesis"),
        "hypothesis": hypothesis.__version__,
        "seed": str(info.seed),
        "started_at": info.started_at,
        "requests": str(result.requests),
        "cassette": info.replay.get("cassette", "none"),
    }
    lines = [f"{key}={_escape(value)}" for key, value in environment.items()]
    (results / "environment.properties").write_text("\n".join(lines) + "\n")
    executor = {
        "name": os.environ.get("CI_NAME", "conformance"),
        "type": "github" if os.environ.get("GITHUB_ACTIONS") else ("ci" if os.environ.get("CI") else "local"),
        "buildName": f"conformance run against {info.target}",
        "reportName": f"{info.spec.title} conformance",
    }
    if os.environ.get("CI_JOB_URL"):
        executor["buildUrl"] = os.environ["CI_JOB_URL"]
    (results / "executor.json").write_text(json.dumps(executor, indent=2) + "\n")


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", " ").replace("=", "\\=").replace(":", "\\:")
