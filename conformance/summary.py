"""The run's verdict: summary.json for tools, a short text for people."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conformance.errors import EXIT_DEFECTS, EXIT_ERROR, EXIT_PASS
from conformance.findings import Finding, Kind

SUMMARY_FILE = "summary.json"
JUNIT_FILE = "junit.xml"
ALLURE_DIR = "allure-results"
FIRST_FINDINGS = 5
_VERDICT_EXIT = {"pass": EXIT_PASS, "fail": EXIT_DEFECTS, "error": EXIT_ERROR}
_PUBLIC_FIELDS = ("check", "operation", "title", "message", "reproduce")


@dataclass
class Summary:
    """What summary.json holds: verdict, target, spec, requests sent, defects and spec gaps."""

    target: str
    spec: str
    requests: int
    defects: list[Finding] = field(default_factory=list)
    spec_gaps: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    strict_spec: bool = False
    not_checked: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        if self.errors:
            return "error"
        failing = self.defects or (self.strict_spec and self.spec_gaps)
        return "fail" if failing else "pass"

    @property
    def exit_code(self) -> int:
        return _VERDICT_EXIT[self.verdict]

    def as_json(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "target": self.target,
            "spec": self.spec,
            "requests": self.requests,
            "defects": [_public(finding) for finding in self.defects],
            "spec_gaps": [_public(finding) for finding in self.spec_gaps],
            "errors": self.errors,
            "not_checked": self.not_checked,
        }

    def outcome(self) -> dict[str, Any]:
        """What a replay must reproduce: verdict, request count and the distinct findings."""
        return {
            "verdict": self.verdict,
            "requests": self.requests,
            "defects": sorted(f"{f.check}: {f.title}" for f in self.defects),
            "spec_gaps": sorted(f"{f.check}: {f.title}" for f in self.spec_gaps),
        }

    def write(self, report_dir: Path) -> Path:
        report_dir.mkdir(parents=True, exist_ok=True)
        path = report_dir / SUMMARY_FILE
        path.write_text(json.dumps(self.as_json(), indent=2, ensure_ascii=False) + "\n")
        return path

    def render(self) -> str:
        """The short human summary: verdict, counts by check, the first findings with curl lines."""
        lines = [f"Verdict: {self.verdict.upper()}  ({self.requests} requests to {self.target}, spec {self.spec})"]
        lines += [f"  error: {error}" for error in self.errors]
        for label, findings in (("Defects", self.defects), ("Spec gaps", self.spec_gaps)):
            lines.append(f"{label}: {len(findings)}")
            counts = Counter(finding.check for finding in findings)
            lines += [f"  {check}: {count}" for check, count in sorted(counts.items())]
        if self.not_checked:
            lines.append("Not checked (request budget): " + "; ".join(self.not_checked))
        shown = (self.defects + self.spec_gaps)[:FIRST_FINDINGS]
        for number, finding in enumerate(shown, 1):
            kind = "defect" if finding.kind is Kind.DEFECT else "spec gap"
            first_line = finding.message.strip().splitlines()[0] if finding.message.strip() else ""
            lines += [
                f"{number}. [{kind}] {finding.check} on {finding.operation}: {finding.title}",
                f"   {first_line}",
                f"   {finding.reproduce}",
            ]
        return "\n".join(lines)


def _public(finding: Finding) -> dict[str, Any]:
    data = finding.as_json()
    return {key: data[key] for key in _PUBLIC_FIELDS}
