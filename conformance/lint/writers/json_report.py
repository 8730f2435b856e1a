"""`--format json`: the findings as data, with counts per spec and class."""

from __future__ import annotations

import json

from conformance.lint.model import LintReport, Severity


def render(report: LintReport) -> str:
    data = {
        "specs": [{"spec": spec, "counts": report.counts(spec)} for spec in report.specs],
        "counts": report.counts(),
        "errors": len([f for f in report.findings if f.severity is Severity.ERROR]),
        "warnings": len([f for f in report.findings if f.severity is Severity.WARNING]),
        "findings": [finding.as_json() for finding in report.findings],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)
