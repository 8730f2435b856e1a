"""`conformance recheck`: every response check again on recorded interactions, against any spec, sending nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conformance.cassette.errors import NothingToRecheck
from conformance.cassette.reader import read_cassette
from conformance.checks import LIST_CHECKS
from conformance.engine.offline import OfflineChecker, Recorded
from conformance.responses import RESPONSE_CHECKS
from conformance.result import Finding, Kind
from conformance.spec import load_spec

RECHECKED = frozenset((*RESPONSE_CHECKS, *LIST_CHECKS))


@dataclass
class Recheck:
    """What the recorded responses look like through the given spec."""

    responses: int = 0
    failing: int = 0
    unmatched: int = 0
    defects: list[Finding] = field(default_factory=list)
    spec_gaps: list[Finding] = field(default_factory=list)
    # Checks that crashed (one line each): an error of the recheck, never a pass.
    errors: list[str] = field(default_factory=list)
    # What the reader should know of the verdict's scope (one line each): a cassette that holds part of its run.
    warnings: list[str] = field(default_factory=list)


def recheck(cassette: Path, spec_path: Path) -> Recheck:
    """Run the response checks on every recorded interaction whose operation the spec knows, in one pass."""
    recorded_file = read_cassette(cassette)
    interactions = recorded_file.interactions
    checker = OfflineChecker(load_spec(spec_path).raw, str(recorded_file.header["base_url"]))
    result = Recheck()
    for interaction in interactions:
        failed = checker.check(_recorded(interaction["request"], interaction["response"]), only=RECHECKED)
        if failed is None:
            result.unmatched += 1
            continue
        result.responses += 1
        result.failing += failed > 0
    if interactions and not result.responses:
        first = interactions[0]["request"]
        raise NothingToRecheck.between(cassette, spec_path, len(interactions), f"{first['method']} {first['uri']}")
    result.defects = checker.findings(Kind.DEFECT)
    result.spec_gaps = checker.findings(Kind.SPEC_GAP)
    result.errors = [error.message for error in checker.log.errors()]
    result.warnings = _incomplete(cassette, len(interactions), recorded_file.recorded_requests)
    return result


def _incomplete(cassette: Path, held: int, sent: int | None) -> list[str]:
    """A line for a cassette that holds less than its recorded run sent: the recheck judged what it holds."""
    if sent is not None and held < sent:
        return [f"{cassette} holds {held} of the {sent} requests its run sent: only those were rechecked."]
    return []


def _recorded(request: dict[str, Any], recorded: dict[str, Any]) -> Recorded:
    body = (recorded.get("body") or {}).get("string") or b""
    return Recorded(
        method=str(request["method"]),
        url=str(request["uri"]),
        status=int(recorded["status"]["code"]),
        headers={k: v if isinstance(v, list) else [str(v)] for k, v in (recorded.get("headers") or {}).items()},
        body=body.encode() if isinstance(body, str) else body,
    )
