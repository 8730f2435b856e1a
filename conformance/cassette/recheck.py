"""`conformance recheck`: the run's checks again on a recorded run, against any spec, sending nothing.

The run's plan runs again, each request answered from the cassette (`answered`), so the checks over several
requests judge recorded behaviour as the run judged it; the recordings the plan does not ask for (a spec that
changed asks other requests) are judged by the checks that judge one response alone. A request of the plan that
the cassette does not hold is never sent: what needed it is not checked ("not recorded"), and the verdict is
incomplete. The result is a RunResult like a run's (nothing sent, so no request counted), for the same writers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import conformance
from conformance import st
from conformance.cassette.answered import Answered, run_plan, spec_labels
from conformance.cassette.errors import NothingToRecheck
from conformance.cassette.reader import read_cassette
from conformance.checks import LIST_CHECKS
from conformance.engine.log import BUDGETED, PLANNED, ResultLog
from conformance.engine.offline import OfflineChecker, Recorded
from conformance.engine.plan import NOT_SERVED_KEY
from conformance.gate import NOT_RECORDED
from conformance.result import Finding, Kind, RunInfo, RunResult, SpecInfo
from conformance.spec import Spec, load_spec

# What judges a recording the plan did not ask for: the checks that judge one response alone, Schemathesis' and
# our list checks (the others need the plan's sequence of requests, or a generated case's metadata).
RECHECKED = frozenset((*st.RESPONSE_ONLY, *LIST_CHECKS))


@dataclass
class Recheck:
    """What the recorded responses look like through the given spec."""

    result: RunResult  # for the writers: summary.json, JUnit, Allure
    responses: int = 0
    failing: int = 0
    unmatched: int = 0
    # What the reader should know of the verdict's scope (one line each): a cassette that holds part of its run,
    # requests of the plan it does not hold.
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
    """The run's plan on the recorded responses, then the response checks on every recording it did not ask for."""
    started = datetime.now(UTC).isoformat(timespec="seconds")
    recorded_file = read_cassette(cassette)
    interactions = recorded_file.interactions
    header = recorded_file.header
    if "base_url" not in header:  # the SDK gate's cassettes say `kind: sdk`, and hold no run's inputs
        sdk = f" --sdk {header['sdk']}" if "sdk" in header else ""
        raise NothingToRecheck.not_a_run(cassette, f"{header.get('kind', 'sdk')}{sdk}")
    spec = load_spec(spec_path)
    log = ResultLog(BUDGETED if isinstance(header.get("max_requests"), int) else PLANNED)
    checker = OfflineChecker(spec.raw, str(header["base_url"]), log=log, source=str(spec_path), standalone=False)
    labels: dict[str, None] = {}
    for interaction in interactions:
        label = checker.label(str(interaction["request"]["method"]), str(interaction["request"]["uri"]))
        if label is not None:
            labels[label] = None
    if interactions and not labels:
        first = interactions[0]["request"]
        raise NothingToRecheck.between(cassette, spec_path, len(interactions), f"{first['method']} {first['uri']}")
    replay = _replay(cassette, header)
    planned = run_plan(cassette, header, replay, spec, log, [*labels, *_not_served(header, spec)])
    responses, failing, unmatched = planned.answered, planned.failing, 0
    for request, response in planned.unplayed:
        failed = checker.check(_recorded(request.method, request.uri, response), only=RECHECKED)
        if failed is None:
            unmatched += 1
            continue
        responses += 1
        failing += failed > 0
    result = log.freeze(_info(cassette, header, replay, spec, started), requests=0)
    warnings = [
        *_incomplete(cassette, len(interactions), recorded_file.recorded_requests),
        *_not_recorded(cassette, planned),
    ]
    return Recheck(result, responses, failing, unmatched, warnings)


def _not_served(header: dict[str, Any], spec: Spec) -> list[str]:
    """The operations the recording's sandbox did not serve (none of their requests recorded), that the spec has:
    the run lists them as not checked, and so does its recheck."""
    recorded = header.get(NOT_SERVED_KEY)
    return [label for label in spec_labels(spec) if label in recorded] if isinstance(recorded, dict) else []


def _not_recorded(cassette: Path, planned: Answered) -> list[str]:
    """A line for requests of the plan the cassette does not hold: nothing was sent, and their checks say so."""
    if planned.stopped is not None:
        return [f"{cassette}: {planned.stopped}; only the recorded responses were rechecked, one by one."]
    if not planned.missed:
        return []
    return [
        f"{cassette} holds no response to {planned.missed} request(s) of the run's plan (nothing was sent): "
        f"the checks that needed them are '{NOT_RECORDED}', in summary.json."
    ]


def _replay(cassette: Path, header: dict[str, Any]) -> dict[str, str]:
    """The cassette, and when and against what it was recorded, as a replay's result says."""
    return {
        "cassette": str(cassette),
        "recorded_against": str(header.get("target", "unknown")),
        "recorded_at": str(header.get("recorded_at", "unknown")),
    }


def _info(cassette: Path, header: dict[str, Any], recorded: dict[str, str], spec: Spec, started: str) -> RunInfo:
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


def _recorded(method: str, uri: str, recorded: dict[str, Any]) -> Recorded:
    body = (recorded.get("body") or {}).get("string") or b""
    return Recorded(
        method=method,
        url=uri,
        status=int(recorded["status"]["code"]),
        headers={k: v if isinstance(v, list) else [str(v)] for k, v in (recorded.get("headers") or {}).items()},
        body=body.encode() if isinstance(body, str) else body,
    )
