"""junit.xml: one testsuite per operation, one testcase per check, from the RunResult alone.

A defect is a <failure>, a crash an <error>; a spec gap, a spec finding, a check that does not apply and a check
the run could not afford are <skipped> with their reason, so a pipeline never counts them as passed. A run
that left something selected not checked has a `(run)` testcase that fails (skipped with --allow-incomplete),
and an interrupted one a `(run)` error; each operation's testsuite says whether it was fully checked.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import groupby
from pathlib import Path

from conformance.result import RunResult
from conformance.verdicts import Outcome, pairs, verdict

JUNIT_FILE = "junit.xml"
_ELEMENT = {Outcome.FAILED: "failure", Outcome.BROKEN: "error", Outcome.SKIPPED: "skipped"}
_COUNTER = {Outcome.FAILED: "failures", Outcome.BROKEN: "errors", Outcome.SKIPPED: "skipped"}


def document(result: RunResult) -> ET.Element:
    root = ET.Element("testsuites", name=f"conformance: {result.info.spec.title}")
    for operation, group in groupby(pairs(result), key=lambda pair: pair[0]):
        suite = ET.SubElement(root, "testsuite", name=operation)
        op = next((o for o in result.operations if o.operation == operation), None)
        if op is not None:
            # The same story as the Coverage line: an operation with a "not checked" entry is never fully checked.
            properties = ET.SubElement(suite, "properties")
            ET.SubElement(properties, "property", name="fully_checked", value=str(result.fully_checked(op)).lower())
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for _, check in group:
            counts["tests"] += 1
            case = ET.SubElement(suite, "testcase", classname=operation, name=check)
            decided = verdict(result, operation, check)
            if decided.outcome is Outcome.PASSED:
                continue
            counts[_COUNTER[decided.outcome]] += 1
            details = "\n\n".join(e.details for e in decided.errors if e.details) or decided.message
            ET.SubElement(case, _ELEMENT[decided.outcome], message=decided.message.splitlines()[0]).text = details
        suite.attrib.update({key: str(value) for key, value in counts.items()})
    return root


def write(result: RunResult, report_dir: Path) -> Path:
    report_dir.mkdir(parents=True, exist_ok=True)
    path = report_dir / JUNIT_FILE
    tree = ET.ElementTree(document(result))
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return path
