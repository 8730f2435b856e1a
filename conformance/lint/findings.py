"""Lint findings as `conformance run` findings (kind spec_finding), so a run shows the spec's contradictions."""

from __future__ import annotations

from conformance.lint.model import LintFinding, LintReport, Severity
from conformance.result import Finding, Kind

# The run's severity words (conformance.checks.failures.Severity): a contradiction is never critical.
RUN_SEVERITY = {Severity.ERROR: "medium", Severity.WARNING: "low"}
UNUSED = "(components)"


def to_findings(report: LintReport) -> list[Finding]:
    """One run finding per lint finding and operation it concerns (its own, or each that uses the component)."""
    return [
        Finding(
            kind=Kind.SPEC_FINDING,
            check=f"spec_{finding.cls}",
            operation=operation,
            title=title(finding),
            message=finding.message,
            reproduce=f"{finding.spec}#{finding.json_path}",
            severity=RUN_SEVERITY[finding.severity],
        )
        for finding in report.findings
        for operation in finding.operations or (UNUSED,)
    ]


def title(finding: LintFinding) -> str:
    """One line naming the contradiction."""
    at = finding.instance_path or "/"
    what = "Default" if finding.json_path.endswith("/default") else "Example"
    titles = {
        "example_invalid": f"{what} fails its own schema ({finding.subject}) at {at}",
        "required_undefined": f"`required` names {finding.subject!r}, which no property defines",
        "path_params": "Path template names differ from the declared path parameters",
        "data_ref": f"data_ref {finding.subject.replace(':', ' ')!r} does not name the list's array",
        "param_default": f"Parameter default outside its own schema ({finding.subject})",
        "oneof_ambiguous": f"Example matches more than one oneOf branch at {at}",
        "listing_docs": f"`{finding.subject}` description contradicts the listing docs",
        "property_schema": f"Property {finding.subject!r} is not a schema",
    }
    return titles.get(finding.cls, finding.cls)
