"""A recheck's run of the plan: every request the run's plan makes (preflight, path values, probes, generated
cases) answered from the cassette, so that the checks over several requests (walks, orders across pages, the last
page, filters, credentials) judge recorded behaviour with the run's own code.

The cassette answers as it answers a replay: vcrpy's own `Cassette` through `recording.load_for_playback` and
`index.RecordingIndex` (vcrpy's matchers and playback rules decide what plays, each recording once), played into
the session's transport adapter (`session.RunSession.play_from`), as `engine.received` answers a resumed run. A
request the cassette does not hold is never sent anywhere: the adapter raises `gate.NotRecorded`, and what needed
it is not checked ("not recorded"), so the verdict is incomplete, never a pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from urllib3 import HTTPResponse

from conformance.cassette.playback import Playback
from conformance.cassette.recording import load_for_playback
from conformance.credentials import Credentials
from conformance.engine.log import PROBES, ResultLog
from conformance.engine.plan import Plan
from conformance.engine.spec_findings import lint
from conformance.engine.target import REPLAY_APP_ID, REPLAY_APP_TOKEN, Target
from conformance.errors import ConformanceError
from conformance.gate import Gate, NotRecorded
from conformance.openapi import HTTP_METHODS
from conformance.profile import list_profile
from conformance.progress import Silent
from conformance.result import Kind, RunError
from conformance.selection import Selection
from conformance.session import RunSession
from conformance.settings import DEFAULT_MAX_EXAMPLES, RunSettings
from conformance.st import without_local_constants

if TYPE_CHECKING:
    import requests
    from vcr.request import Request

    from conformance.cassette.index import RecordingIndex
    from conformance.spec import Spec

NAME_FILTER = "name"  # Schemathesis' include filter by label (`GET /v1/customers`)


class Answers(Playback):
    """The session's playback in a recheck: each request's recording, played as a replay plays it; NotRecorded when
    there is none. Counts the responses it answered, and those after which the run's checks found a defect."""

    def __init__(self, index: RecordingIndex, log: ResultLog) -> None:
        super().__init__(index)
        self.log = log
        self.answered = 0
        self.failing = 0
        self.missed = 0
        self._defects = 0

    def __call__(self, request: requests.PreparedRequest) -> HTTPResponse:
        self.settle()
        response = super().__call__(request)
        self.answered += 1
        return response

    def missing(self, asked: Request) -> Exception:
        self.missed += 1
        return NotRecorded(f"{asked.method} {asked.uri}")

    def settle(self) -> None:
        """The last response answered failed if a defect was found since: its checks ran before the next request.
        A defect over several responses (a walk) counts for the last of them."""
        defects = self.log.occurrences(Kind.DEFECT)
        if self.answered and defects > self._defects:
            self.failing += 1
        self._defects = defects


@dataclass(frozen=True)
class Answered:
    """What the plan took from the cassette, and the recordings it did not ask for (request, response)."""

    answered: int
    failing: int
    missed: int
    unplayed: list[tuple[Any, dict[str, Any]]]
    # Why the plan stopped before its probes, when its preflight was not recorded (one line); None otherwise.
    stopped: str | None = None


def run_plan(
    cassette: Path, header: dict[str, Any], recorded: dict[str, str], spec: Spec, log: ResultLog, labels: list[str]
) -> Answered:
    """The run's plan for the operations `labels` (all of the spec's, or those the cassette holds), with the inputs
    the recording was made with (seed, examples, budget), answered from `cassette`; findings and coverage go to
    `log`; `recorded`: the cassette, and when and against what it was recorded. Nothing is sent."""
    credentials = Credentials(REPLAY_APP_ID, REPLAY_APP_TOKEN)  # a cassette holds none: scrubbed as recorded
    index = load_for_playback(cassette, "none", credentials.pair)
    budget = header.get("max_requests")
    settings = RunSettings(
        spec=spec.path,
        seed=int(header.get("seed", 0)),
        max_examples=int(header.get("max_examples", DEFAULT_MAX_EXAMPLES)),
        max_requests=budget if isinstance(budget, int) else None,
        selection=_selection(spec, labels),
    )
    gate = Gate(max_requests=settings.max_requests)  # the recording's budget: its plan is shaped by it
    session = RunSession(gate)
    answers = Answers(index, log)
    session.play_from(answers)
    target = Target(str(header["base_url"]), credentials, recorded["recorded_against"], session, None, recorded, header)
    found, contradicted = lint(spec.raw, str(spec.path))
    stopped = None
    try:
        with without_local_constants():
            Plan(settings, spec, target, log, gate, Silent(), {}, contradicted, found).run()
    except NotRecorded as exc:  # the preflight's request: nothing of the plan ran, and nothing of it is checked
        stopped = f"the run's plan did not start: {exc}"
        for label in labels:
            method, _, path = label.partition(" ")
            profile = list_profile(spec.raw, method, path)
            log.select(label, profile.style.value if profile is not None else None)
            log.not_checked(label, PROBES, str(exc))
    except ConformanceError as exc:
        log.add_error(RunError(str(exc)))
    finally:
        session.close()
    answers.settle()
    return Answered(answers.answered, answers.failing, answers.missed, index.unplayed(), stopped)


def _selection(spec: Spec, labels: list[str]) -> Selection:
    """The whole spec when the cassette holds every operation of it (a run's own cassette: the run's selection,
    spec findings about unused components included); else the operations it holds, by label."""
    if set(spec_labels(spec)) <= set(labels):
        return Selection()
    return Selection(include=((NAME_FILTER, tuple(labels)),))


def spec_labels(spec: Spec) -> list[str]:
    """Every operation of the spec, as a run labels it (`GET /v1/customers`)."""
    paths = spec.raw.get("paths") or {}
    return [
        f"{method.upper()} {path}"
        for path, item in paths.items()
        if isinstance(item, dict)
        for method in item
        if method in HTTP_METHODS
    ]
