"""`conformance lint`: where an OpenAPI spec contradicts itself, found without sending a request."""

from __future__ import annotations

from conformance.lint.command import add_parser, main
from conformance.lint.engine import lint_files, lint_spec
from conformance.lint.findings import to_findings
from conformance.lint.history import contradiction_changes
from conformance.lint.model import LintFinding, LintReport, Severity
from conformance.lint.rules import CLASSES, RULE_CLASSES
from conformance.lint.writers import FORMATS, render

__all__ = [
    "CLASSES",
    "FORMATS",
    "RULE_CLASSES",
    "LintFinding",
    "LintReport",
    "Severity",
    "add_parser",
    "contradiction_changes",
    "lint_files",
    "lint_spec",
    "main",
    "render",
    "to_findings",
]
