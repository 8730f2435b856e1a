"""The spec's contradictions with itself, found without a request: spec findings of a run or a recheck, and, per
operation, what they explain among the findings that follow (`findings.record`)."""

from __future__ import annotations

from typing import Any

from conformance.engine.log import ResultLog
from conformance.leniency import Contradictions, contradictions
from conformance.lint import LintReport, lint_spec, to_findings


def lint_into(log: ResultLog, raw: dict[str, Any], source: str) -> dict[str, Contradictions]:
    """Lint the spec (`source`: its path, as findings name it) into `log`; what it explains, per operation."""
    found = lint_spec(raw, source)
    for finding in to_findings(LintReport((source,), tuple(found))):
        log.add_finding(finding, (finding.reproduce,))
    return contradictions(found, raw)
