"""What a person reads at the end of a run: the verdict, counts, then each finding with what was expected,
what came back and how to reproduce it, grouped by operation and check."""

from __future__ import annotations

from collections import Counter
from itertools import groupby
from pathlib import Path
from urllib.parse import urlsplit

from conformance.counts import counted
from conformance.result import FILE_SEPARATOR, Finding, Kind, RunResult, Verdict
from conformance.verdicts import ALLOW_INCOMPLETE

FIRST_FINDINGS = 5
KIND_LABEL = {Kind.DEFECT: "defect", Kind.SPEC_GAP: "spec gap", Kind.SPEC_FINDING: "spec finding", Kind.NOTE: "note"}
SECTIONS = ((Kind.DEFECT, "Defects"), (Kind.SPEC_GAP, "Spec gaps"), (Kind.SPEC_FINDING, "Spec findings"))
SANDBOX = "embedded sandbox"


def render(result: RunResult, verbose: bool = False, first: int = FIRST_FINDINGS) -> str:
    info = result.info
    accepted = f", accepted with {ALLOW_INCOMPLETE}" if result.accepted_incomplete else ""
    files = f", {len(result.files)} files" if result.files else ""
    lines = [
        f"Verdict: {result.verdict.value.upper()}{accepted}  ({counted(result.requests, 'request')} to {info.target}, "
        f"spec {info.spec.path}{files})"
    ]
    lines += _files(result)
    lines += [f"  error: {error.message}" for error in result.errors]
    for kind, label in SECTIONS:
        findings = result.of_kind(kind)
        if findings or kind is not Kind.SPEC_FINDING:
            earlier_runs = sum(finding.earlier for finding in findings)
            carried = f" ({earlier_runs} found by earlier runs of --resume)" if earlier_runs else ""
            lines.append(f"{label}: {len(findings)}{carried}")
            lines += [_per_check(check, n, findings) for check, n in sorted(Counter(f.check for f in findings).items())]
    lines += _coverage(result)
    lines += _notes(result.of_kind(Kind.NOTE), None if verbose else first)
    complete, selected = result.coverage()
    if selected:
        earlier = " (with earlier runs)" if result.info.resumed else ""
        lines.append(f"Coverage: {complete} of {selected} selected operations fully checked{earlier}.")
    if result.verdict is Verdict.INCOMPLETE and not result.accepted_incomplete:
        lines.append(f"Incomplete: what is listed under Not checked was not checked. {ALLOW_INCOMPLETE} accepts it.")
    shown = [f for kind, _ in SECTIONS for f in sorted(result.of_kind(kind), key=lambda f: (f.operation, f.check))]
    limit = len(shown) if verbose else first
    lines += _findings(shown[:limit])
    if len(shown) > limit:
        lines.append(f"... {len(shown) - limit} more in summary.json (or run with --verbose).")
    lines += _sandboxes_again(result.info.sandboxes, shown[:limit])
    return "\n".join(lines)


def _sandboxes_again(sandboxes: dict[str, str], shown: list[Finding]) -> list[str]:
    """How to serve the data of the findings shown again, one line per embedded sandbox: those their curl lines name
    (a run over several files started one per file); where none does, those of the files the findings are named by,
    or else each one (a run of one file, the SDK gate, which keeps only the sandboxes its findings came from)."""
    if not shown:
        return []
    curls = "\n".join(finding.reproduce for finding in shown)
    named = {spec: url for spec, url in sandboxes.items() if url.rstrip("/") + "/" in curls}
    needs = "the curl lines need" if named else "a run against it needs"
    filed = {
        spec: url
        for spec, url in sandboxes.items()
        if any(f.operation.startswith((f"{Path(spec).name}{FILE_SEPARATOR}", f"{spec}{FILE_SEPARATOR}")) for f in shown)
    }
    return [
        f"The embedded sandbox is deterministic: `conformance sandbox --port {urlsplit(url).port} --spec {spec}` "
        f"serves the same data again, and prints the exports that {needs}."
        for spec, url in (named or filed or sandboxes).items()
    ]


def _files(result: RunResult) -> list[str]:
    """A run over several spec files: each file's own verdict, requests, coverage and defects."""
    return [
        f"  {file.key}: {file.verdict.value}, {counted(file.requests, 'request')}, {file.fully_checked} of "
        f"{file.selected} operations fully checked, {counted(file.findings.get(Kind.DEFECT.value, 0), 'defect')}"
        + (f", {counted(file.errors, 'error')}" if file.errors else "")
        for file in result.files
    ]


def _coverage(result: RunResult) -> list[str]:
    lines = []
    for label, entries in (("Not checked", result.not_checked), ("No check can judge", result.cannot_judge)):
        if entries:
            lines.append(f"{label}: {len(entries)}")
            lines += [f"  {entry}" for entry in entries]
    return lines


def _notes(notes: list[Finding], first: int | None) -> list[str]:
    """What a reader should know about how far the checks went (a walk the budget shortened): one line per operation,
    title and text, naming the checks it concerns; the `first` of them unless all are asked for."""
    if not notes:
        return []
    said: dict[tuple[str, str, str], list[str]] = {}
    for note in notes:
        text = note.message.strip().removeprefix("Received: ")
        said.setdefault((note.operation, note.title, text), []).append(note.check)
    lines = [
        f"  {operation}: {', '.join(sorted(checks))}: {title}" + (f": {text}" if text else "")
        for (operation, title, text), checks in said.items()
    ]
    shown = lines[:first] if first is not None else lines
    if len(shown) < len(lines):
        shown.append(f"  ... {len(lines) - len(shown)} more in summary.json (or run with --verbose).")
    return [f"Notes: {len(notes)}", *shown]


def _findings(findings: list[Finding]) -> list[str]:
    lines: list[str] = []
    number = 0
    for (operation, check), group in groupby(findings, key=lambda f: (f.operation, f.check)):
        lines.append(f"{check} on {operation}:")
        for finding in group:
            number += 1
            lines.append(f"  {number}. [{KIND_LABEL[finding.kind]}] {finding.title}")
            lines += [f"     {line}" for line in finding.message.strip().splitlines()]
            if finding.reproduce:
                lines += [f"     {line}" for line in finding.reproduce.splitlines()]
    return lines


def _per_check(check: str, groups: int, findings: list[Finding]) -> str:
    """A check's count of findings; with the failures they group, where a finding stands for several (spec gaps)."""
    occurrences = sum(f.occurrences for f in findings if f.check == check)
    return f"  {check}: {groups}" + (f" ({counted(occurrences, 'occurrence')})" if occurrences > groups else "")
