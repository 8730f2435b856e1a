"""`conformance diff`: contract changes between two specs, and what they do to recorded behaviour."""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from conformance.diff.change import Change
from conformance.diff.contract import contract_changes
from conformance.diff.normalize import READING
from conformance.errors import SpecError
from conformance.lint import LintFinding, contradiction_changes, lint_spec
from conformance.spec import load_spec

FORMATS = ("md", "json", "html")
# Contradictions that leave no contract to compare: a property whose schema is no schema (spec-history #20 has
# `properties: {allOf: [...]}`). Diffed anyway, the keyword reads as a property and its siblings as removed.
MALFORMED = ("property_schema",)


@dataclass
class Impact:
    cassette: str
    responses: int
    failing: int
    reasons: dict[str, int] = field(default_factory=dict)


class Rechecked(Protocol):
    """What `conformance recheck` says of one cassette against the new spec."""

    responses: int
    failing: int
    defects: list[Any]
    errors: list[str]


# The caller brings the recheck: the diff itself never imports the run machinery.
Recheck = Callable[[Path, Path], Rechecked]


@dataclass
class DiffReport:
    old: str
    new: str
    changes: list[Change]
    impacts: list[Impact] = field(default_factory=list)
    # Contradictions of the spec with itself (conformance lint) that the change adds or removes.
    contradictions_added: list[LintFinding] = field(default_factory=list)
    contradictions_removed: list[LintFinding] = field(default_factory=list)

    @property
    def breaking(self) -> list[Change]:
        return [change for change in self.changes if change.breaking]

    def as_json(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "reading": READING,
            "breaking": len(self.breaking),
            "changes": [change.as_json() for change in self.changes],
            "behaviour": [impact.__dict__ for impact in self.impacts],
            "contradictions": {
                "added": [finding.as_json() for finding in self.contradictions_added],
                "removed": [finding.as_json() for finding in self.contradictions_removed],
            },
        }


def diff(old: Path, new: Path, cassettes: list[Path] | None = None, recheck: Recheck | None = None) -> DiffReport:
    old_raw, new_raw = load_spec(old).raw, load_spec(new).raw
    for path, raw in ((old, old_raw), (new, new_raw)):
        _well_formed(path, raw)
    added, removed = contradiction_changes(old_raw, new_raw, new.name)
    report = DiffReport(str(old), str(new), contract_changes(old_raw, new_raw), [], added, removed)
    for cassette in cassettes or []:
        if recheck is None:
            break
        result = recheck(cassette, new)
        reasons: dict[str, int] = {}
        for finding in result.defects:
            reasons[f"{finding.check}: {finding.title}"] = reasons.get(f"{finding.check}: {finding.title}", 0) + 1
        for error in result.errors:  # a check that crashed judged nothing: say so, never count it as passing
            reasons[f"error: {error}"] = reasons.get(f"error: {error}", 0) + 1
        report.impacts.append(Impact(str(cassette), result.responses, result.failing, reasons))
    return report


def _well_formed(path: Path, raw: dict[str, Any]) -> None:
    """A malformed spec is one line and exit 2, saying what was expected where, instead of a diff of its misreading."""
    found = [finding for finding in lint_spec(raw, path.name) if finding.cls in MALFORMED]
    if not found:
        return
    expected, _, received = found[0].message.partition("\n")
    more = f" (and {len(found) - 1} more like it)" if len(found) > 1 else ""
    raise SpecError(
        f"Spec {path} is malformed at {found[0].json_path}: {expected.removeprefix('Expected: ')} was expected; "
        f"received {received.removeprefix('Received: ')}{more}. Fix it (or diff the version that fixes it)."
    )


def render(report: DiffReport, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(report.as_json(), indent=2, ensure_ascii=False)
    rows = [
        (c.operation, "breaking" if c.breaking else "non-breaking", c.kind, c.path, c.detail) for c in report.changes
    ]
    if fmt == "html":
        cells = "".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>" for row in rows)
        impacts = "".join(f"<li>{html.escape(_impact_line(i))}</li>" for i in report.impacts)
        return (
            f"<!doctype html><meta charset=utf-8><title>Spec diff</title><h1>{html.escape(report.old)} → "
            f"{html.escape(report.new)}</h1><p>{len(report.changes)} changes, {len(report.breaking)} breaking. "
            f"Reading: {html.escape(READING)}</p><table border=1><tr><th>operation</th><th>class</th><th>kind</th>"
            f"<th>path</th><th>change</th></tr>{cells}</table><h2>Behaviour</h2><ul>{impacts}</ul>"
        )
    lines = [
        f"# Spec diff: `{report.old}` → `{report.new}`",
        "",
        f"{len(report.changes)} contract changes, **{len(report.breaking)} breaking**. Reading: {READING}",
    ]
    if rows:
        lines += [
            "",
            "| operation | class | kind | path | change |",
            "|---|---|---|---|---|",
            *(f"| {o} | {b} | {k} | `{p}` | {_cell(d)} |" for o, b, k, p, d in rows),
        ]
    for title, found in (("added", report.contradictions_added), ("removed", report.contradictions_removed)):
        if found:
            lines += ["", f"## Contradictions of the spec with itself, {title} by this change", ""]
            lines += [f"- `{f.cls}` {f.operation or ''} `{f.json_path}`: {_cell(f.message)}" for f in found]
    if report.impacts:
        lines += ["", "## Behaviour (recorded responses checked against the new spec)", ""]
        lines += [f"- {_impact_line(impact)}" for impact in report.impacts]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", PIPE)


PIPE = "\\|"


def _impact_line(impact: Impact) -> str:
    why = "; ".join(f"{reason} ({count})" for reason, count in sorted(impact.reasons.items()))
    return f"{impact.cassette}: {impact.failing} of {impact.responses} recorded responses would now fail" + (
        f": {why}" if why else ""
    )
