"""Linting: every rule over one spec, or over spec files; no request is ever sent."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from conformance.lint.context import LintContext
from conformance.lint.document import SpecDocument
from conformance.lint.model import LintFinding, LintReport
from conformance.lint.rules import CHECKS, CLASSES
from conformance.spec import load_spec


def lint_spec(raw: dict[str, Any], name: str) -> list[LintFinding]:
    """Every contradiction in one parsed OpenAPI document, ordered by location then class."""
    ctx = LintContext(raw, name)
    findings = [finding for check in CHECKS for finding in check(ctx)]
    return sorted(findings, key=lambda f: (f.json_path, f.instance_path, CLASSES.index(f.cls), f.subject))


def lint_files(paths: Sequence[Path]) -> LintReport:
    """Lint each file in turn; raises SpecError (one line) on the first file that is not an OpenAPI 3 document."""
    specs = [load_spec(path) for path in paths]  # every input is checked before any is linted
    findings = [finding for spec in specs for finding in lint_spec(spec.raw, str(spec.path))]
    operations = {str(s.path): tuple(o.label for o in SpecDocument(s.raw, str(s.path)).operations) for s in specs}
    return LintReport(tuple(str(spec.path) for spec in specs), tuple(findings), operations)
