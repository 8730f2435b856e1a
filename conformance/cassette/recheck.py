"""`conformance recheck`: every response check again on recorded interactions, against any spec, sending nothing.

The result is a RunResult like a run's (nothing sent, so no request counted), for the same writers to report."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import conformance
from conformance import st
from conformance.cassette.errors import NothingToRecheck
from conformance.cassette.reader import read_cassette
from conformance.checks import LIST_CHECKS
from conformance.engine.offline import OfflineChecker, Recorded
from conformance.probes.plan import PROBE_CHECKS
from conformance.result import Finding, Kind, RunInfo, RunResult, SpecInfo
from conformance.spec import Spec, load_spec

NOT_RECHECKED = "Not rechecked"  # how the line naming the checks a recheck does not run begins
# What a recheck runs: the checks that judge one response alone, Schemathesis' and our list checks.
RECHECKED = frozenset((*st.RESPONSE_ONLY, *LIST_CHECKS))


@dataclass
class Recheck:
    """What the recorded responses look like through the given spec."""

    result: RunResult  # for the writers: summary.json, JUnit, Allure
    responses: int = 0
    failing: int = 0
    unmatched: int = 0
    # What the reader should know of the verdict's scope (one line each): a cassette that holds part of its run.
    warnings: list[str] = field(default_factory=list)
    defects: list[Finding] = field(init=False)
    spec_gaps: list[Finding] = field(init=False)
    # Checks that crashed (one line each): an error of the recheck, never a pass.
    errors: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.defects = self.result.of_kind(Kind.DEFECT)
        self.spec_gaps = self.result.of_kind(Kind.SPEC_GAP)
        self.errors = self.result.error_messages


def recheck(cassette: Path, spec_path: Path) -> Recheck:
    """Run the response checks on every recorded interaction whose operation the spec knows, in one pass."""
    started = datetime.now(UTC).isoformat(timespec="seconds")
    recorded_file = read_cassette(cassette)
    interactions = recorded_file.interactions
    header = recorded_file.header
    spec = load_spec(spec_path)
    checker = OfflineChecker(spec.raw, str(header["base_url"]), source=str(spec_path))
    responses = failing = unmatched = 0
    for interaction in interactions:
        failed = checker.check(_recorded(interaction["request"], interaction["response"]), only=RECHECKED)
        if failed is None:
            unmatched += 1
            continue
        responses += 1
        failing += failed > 0
    if interactions and not responses:
        first = interactions[0]["request"]
        raise NothingToRecheck.between(cassette, spec_path, len(interactions), f"{first['method']} {first['uri']}")
    result = checker.log.freeze(_info(cassette, header, spec, started), requests=0)
    warnings = _incomplete(cassette, len(interactions), recorded_file.recorded_requests) + _walks_not_rechecked(
        cassette, result
    )
    return Recheck(result, responses, failing, unmatched, warnings)


def _walks_not_rechecked(cassette: Path, result: RunResult) -> list[str]:
    """A line naming the probes' checks, which a recheck does not run: each judges a sequence of requests (a walk,
    an order and its reverse) that only the run's plan makes, so a replay (`run --cassette`) runs them."""
    if not any(op.list_style for op in result.operations):
        return []
    return [
        f"{NOT_RECHECKED}: the checks over several requests ({', '.join(PROBE_CHECKS)}). "
        f"A replay runs them: `conformance run --cassette {cassette}` with the spec it was recorded from."
    ]


def _info(cassette: Path, header: dict[str, Any], spec: Spec, started: str) -> RunInfo:
    recorded = {
        "cassette": str(cassette),
        "recorded_against": str(header.get("target", "unknown")),
        "recorded_at": str(header.get("recorded_at", "unknown")),
    }
    return RunInfo(
        tool_version=conformance.__version__,
        seed=int(header.get("seed", 0)),
        started_at=started,
        target=f"recheck of {cassette} (recorded {recorded['recorded_at']} against {recorded['recorded_against']})",
        spec=SpecInfo(path=str(spec.path), title=spec.title, version=spec.version, sha256=spec.sha256),
        base_url=str(header["base_url"]),
        replay=recorded,
    )


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
