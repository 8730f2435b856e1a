"""`--format md`: counts per spec and class, then one table row per finding."""

from __future__ import annotations

from conformance.lint.model import LintFinding, LintReport
from conformance.lint.rules import CLASSES


def render(report: LintReport) -> str:
    lines = [
        "# Spec lint: contradictions inside the spec",
        "",
        f"{len(report.findings)} findings in {len(report.specs)} spec file(s); no request was sent.",
        "",
        "| spec | " + " | ".join(CLASSES) + " |",
        "|---|" + "---:|" * len(CLASSES),
    ]
    for spec in report.specs:
        counts = report.counts(spec)
        lines.append(f"| {_cell(spec)} | " + " | ".join(str(counts.get(cls, 0)) for cls in CLASSES) + " |")
    for spec in report.specs:
        findings = report.of_spec(spec)
        if not findings:
            continue
        lines += ["", f"## {spec}", "", "| severity | class | operation | JSON path | in the example | message |"]
        lines.append("|---|---|---|---|---|---|")
        lines += [_row(finding) for finding in findings]
    return "\n".join(lines)


def _row(finding: LintFinding) -> str:
    operation = finding.operation or ("components, used by " + ", ".join(finding.used_by) if finding.used_by else "")
    cells = [
        finding.severity.value,
        finding.cls,
        operation,
        f"`{finding.json_path}`",
        f"`{finding.instance_path}`" if finding.instance_path else "",
        finding.message.replace("\n", "<br>"),
    ]
    return "| " + " | ".join(_cell(cell) for cell in cells) + " |"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
