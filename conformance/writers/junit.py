"""junit.xml: one testsuite per operation (per spec file, over several), one testcase per check, from the RunResult
alone.

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
    """A testsuite per operation; over several spec files, a testsuite per file (its testcases named by operation)."""
    root = ET.Element("testsuites", name=f"conformance: {result.info.spec.title}")
    ops = {op.operation: op for op in result.operations}
    if result.files:
        for key, group in groupby(pairs(result), key=lambda pair: ops[pair[0]].spec if pair[0] in ops else pair[0]):
            mine = [op for op in result.operations if op.spec == key]
            _suite(root, result, key, list(group), all(map(result.fully_checked, mine)) if mine else None)
        return root
    for operation, group in groupby(pairs(result), key=lambda pair: pair[0]):
        op = ops.get(operation)
        _suite(root, result, operation, list(group), result.fully_checked(op) if op is not None else None)
    return root


def _suite(
    root: ET.Element, result: RunResult, name: str, group: list[tuple[str, str]], fully_checked: bool | None
) -> None:
    suite = ET.SubElement(root, "testsuite", name=name)
    if fully_checked is not None:
        # The same story as the Coverage line: an operation with a "not checked" entry is never fully checked.
        properties = ET.SubElement(suite, "properties")
        ET.SubElement(properties, "property", name="fully_checked", value=str(fully_checked).lower())
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for operation, check in group:
        counts["tests"] += 1
        case = ET.SubElement(suite, "testcase", classname=operation, name=check)
        decided = verdict(result, operation, check)
        if decided.outcome is Outcome.PASSED:
            continue
        counts[_COUNTER[decided.outcome]] += 1
        details = "\n\n".join(e.details for e in decided.errors if e.details) or decided.message
        ET.SubElement(case, _ELEMENT[decided.outcome], message=decided.message.splitlines()[0]).text = details
    suite.attrib.update({key: str(value) for key, value in counts.items()})


def write(result: RunResult, report_dir: Path) -> Path:
    report_dir.mkdir(parents=True, exist_ok=True)
    path = report_dir / JUNIT_FILE
    tree = ET.ElementTree(document(result))
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return path
