"""The spec's contradictions with itself, found without a request: spec findings of a run or a recheck, and, per
operation, what they explain among the findings that follow (`findings.record`)."""

from __future__ import annotations

from typing import Any

from conformance.leniency import Contradictions, contradictions
from conformance.lint import LintReport, lint_spec, to_findings
from conformance.result import Finding

Linted = tuple[list[Finding], dict[str, Contradictions]]
# The last spec linted, kept with what linting it gave: the SDK gate makes an offline checker per list operation
# of one spec, and linting a whole official file costs about half a second. The spec is kept, so its id is not
# reused; no caller may change a spec once it is linted.
_last: list[tuple[dict[str, Any], str, Linted]] = []


def lint(raw: dict[str, Any], source: str) -> Linted:
    """The spec findings of `raw` (`source`: its path, as findings name it), and what they explain per operation."""
    if _last and _last[0][0] is raw and _last[0][1] == source:
        return _last[0][2]
    found = lint_spec(raw, source)
    linted = (to_findings(LintReport((source,), tuple(found))), contradictions(found, raw))
    _last[:] = [(raw, source, linted)]
    return linted
