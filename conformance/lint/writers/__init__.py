"""The report formats of `conformance lint`: each is one module with `render(report) -> str`."""

from __future__ import annotations

from conformance.lint.model import LintReport
from conformance.lint.writers import json_report, junit, markdown

FORMATS = ("md", "json", "junit")
_WRITERS = {"md": markdown.render, "json": json_report.render, "junit": junit.render}


def render(report: LintReport, fmt: str) -> str:
    """The report in one of FORMATS."""
    return _WRITERS[fmt](report)


__all__ = ["FORMATS", "render"]
