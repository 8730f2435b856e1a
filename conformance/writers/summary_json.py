"""summary.json: the run's verdict and findings for tools, read from the RunResult alone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conformance.result import Finding, Kind, RunResult

SUMMARY_FILE = "summary.json"
PUBLIC_FIELDS = ("check", "operation", "title", "message", "reproduce", "occurrences")


def as_json(result: RunResult) -> dict[str, Any]:
    info = result.info
    complete, selected = result.coverage()
    return {
        "verdict": result.verdict.value,
        "exit_code": result.exit_code,
        "allow_incomplete": info.allow_incomplete,
        "interrupted": result.interrupted,
        "coverage": {"selected": selected, "fully_checked": complete},
        "tool": {"name": "conformance", "version": info.tool_version},
        "seed": info.seed,
        "started_at": info.started_at,
        "target": info.target,
        "spec": info.spec.path,
        "spec_info": {"title": info.spec.title, "version": info.spec.version, "sha256": info.spec.sha256},
        "budget": info.budget,
        "replay": info.replay or None,
        "requests": result.requests,
        "run_requests": result.run_requests,
        "defects": [_public(f) for f in result.of_kind(Kind.DEFECT)],
        "spec_gaps": [_public(f) for f in result.of_kind(Kind.SPEC_GAP)],
        "spec_findings": [_public(f) for f in result.of_kind(Kind.SPEC_FINDING)],
        "notes": [_public(f) for f in result.of_kind(Kind.NOTE)],
        "errors": [error.message for error in result.errors],
        "not_checked": result.not_checked,
        "cannot_judge": result.cannot_judge,
        "unsent_cases": result.unsent_cases,
        "operations": [op.as_json_with(info.resumed.get(op.operation, ())) for op in result.operations],
        # A run over several spec files: each file's own verdict and counts, which add up to the run's.
        **({"files": [file.as_json() for file in result.files]} if result.files else {}),
    }


def write(result: RunResult, report_dir: Path) -> Path:
    report_dir.mkdir(parents=True, exist_ok=True)
    path = report_dir / SUMMARY_FILE
    path.write_text(json.dumps(as_json(result), indent=2, ensure_ascii=False) + "\n")
    return path


def _public(finding: Finding) -> dict[str, Any]:
    data = finding.as_json()
    earlier = {"earlier": True} if finding.earlier else {}  # found by an earlier run of the --resume campaign
    return {**{key: data[key] for key in PUBLIC_FIELDS}, **earlier}
