"""Contradictions a spec change adds or removes, for `conformance diff`.

Findings are matched by `LintFinding.key`: class, a location anchored on the operationId where there is one
(so moving `/customers` to `/v1/customers` changes nothing), the path inside the example, and the subject.
Messages are not part of the key, so a contradiction whose example merely changed is not reported.
"""

from __future__ import annotations

from typing import Any

from conformance.lint.engine import lint_spec
from conformance.lint.model import LintFinding


def contradiction_changes(
    old_raw: dict[str, Any], new_raw: dict[str, Any], name: str = "spec"
) -> tuple[list[LintFinding], list[LintFinding]]:
    """(added, removed): contradictions in the new spec but not the old, and in the old but not the new."""
    old = {finding.key: finding for finding in lint_spec(old_raw, name)}
    new = {finding.key: finding for finding in lint_spec(new_raw, name)}
    added = [finding for key, finding in new.items() if key not in old]
    removed = [finding for key, finding in old.items() if key not in new]
    return added, removed
