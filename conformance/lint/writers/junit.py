"""`--format junit`: one testsuite per spec file, one testcase per operation and class.

Findings under components belong to the operation "(components)"; each names the operations that use it.
A testcase fails with an error finding, and passes (with the warning in its output) with only warnings.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from conformance.lint.model import LintFinding, LintReport, Severity
from conformance.lint.rules import CLASSES

COMPONENTS = "(components)"


def render(report: LintReport) -> str:
    root = ET.Element("testsuites", name="conformance lint")
    for spec in report.specs:
        findings = report.of_spec(spec)
        operations = [*report.operations.get(spec, ()), COMPONENTS]
        failures = 0
        suite = ET.SubElement(root, "testsuite", name=spec, tests=str(len(operations) * len(CLASSES)))
        for operation in operations:
            for cls in CLASSES:
                case = ET.SubElement(suite, "testcase", classname=f"{spec}.{operation}", name=cls)
                hits = [f for f in findings if f.cls == cls and (f.operation or COMPONENTS) == operation]
                errors = [f for f in hits if f.severity is Severity.ERROR]
                if errors:
                    failures += 1
                    failure = ET.SubElement(case, "failure", message=f"{len(errors)} {cls} finding(s)", type=cls)
                    failure.text = "\n\n".join(_text(finding) for finding in errors)
                warnings = [f for f in hits if f.severity is Severity.WARNING]
                if warnings:
                    ET.SubElement(case, "system-out").text = "\n\n".join(_text(finding) for finding in warnings)
        suite.set("failures", str(failures))
        suite.set("errors", "0")
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def _text(finding: LintFinding) -> str:
    lines = [f"{finding.spec}#{finding.json_path}"]
    if finding.instance_path:
        lines.append(f"in the example at {finding.instance_path}")
    if finding.used_by:
        lines.append("used by " + ", ".join(finding.used_by))
    return "\n".join([*lines, finding.message])
