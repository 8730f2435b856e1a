"""A finding says what happened: a 5xx is never "accepted", and a server error says what was sent and received."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conformance.findings import ADMITTED, NOT_SENT, SENT, Answered, sent_path_values, with_received
from conformance.leniency import Negation, Sent
from conformance.probes.negatives import BOUNDS, INVALID, answered
from conformance.result import RunResult
from conformance.runner import run
from conformance.sandbox import Sandbox
from conformance.sandbox.faults import get_fault
from conformance.selection import Selection
from conformance.settings import resolve_settings
from tests.conftest import CREDENTIALS, run_against

SERVER_ERROR = "not_a_server_error"
STATUS = 500


@pytest.fixture(scope="module")
def crashing(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    """A run against a server that answers invalid input with a 500."""
    with Sandbox(credentials=CREDENTIALS, wrap=get_fault("invalid-input-500").wrap) as server:
        return run_against(server, tmp_path_factory.mktemp("run"), max_examples=5)


@pytest.mark.parametrize("check", [INVALID, BOUNDS])
def test_a_5xx_is_never_called_accepted(crashing: RunResult, check: str) -> None:
    found = [f for f in crashing.findings if f.check == check]
    assert found, [f.title for f in crashing.findings]
    assert all("accepted" not in f.title and f"answered HTTP {STATUS}" in f.title for f in found)


def test_a_server_error_says_what_was_sent_and_what_came_back(crashing: RunResult) -> None:
    found = [f for f in crashing.findings if f.check == SERVER_ERROR]
    assert found
    for finding in found:
        sent, received = finding.message.splitlines()[:2]
        assert sent == f"Sent: {finding.request}" and finding.request.startswith("GET http")
        assert received.startswith(f"Received: HTTP {finding.status}")


@pytest.mark.parametrize(("status", "words"), [(200, "is accepted"), (204, "is accepted"), (500, "answered HTTP 500"),
                                               (302, "answered HTTP 302")])  # fmt: skip
def test_the_title_says_what_the_server_did(status: int, words: str) -> None:
    assert answered(status) == words


def test_a_message_that_says_something_keeps_its_words() -> None:
    assert (
        with_received("Expected: x\nReceived: y", STATUS, "HTTP 500\n{}", "GET http://h/") == "Expected: x\nReceived: y"
    )
    assert with_received("Something", STATUS, "HTTP 500\n{}", "GET http://h/") == "Something"
    assert with_received("", None, "", "GET http://h/") == ""


def test_the_reason_of_an_error_body_is_quoted(tmp_path: Path) -> None:
    excerpt = 'HTTP 500\n{"code": 500, "message": "Internal", "details": "boom"}'
    assert with_received("", STATUS, excerpt, "GET http://h/x") == "Sent: GET http://h/x\nReceived: HTTP 500 (boom)"


# A path parameter Schemathesis mutated is sent only where the operation's template names it (issue #24: a
# loyalties-v2 finding said "value not matching the '^lprg_[a-f0-9]+$' pattern" beside a curl line sending a
# value that matches it).
PROGRAM = "/v2/loyalties/programs/{programId}"
PATTERN = "^lprg_[a-f0-9]+$"
PROGRAM_ID = "lprg_890de8a0ba369c15cf"  # the first program the embedded sandbox lists
LOYALTIES_V2 = Path(__file__).parent.parent.parent / "shared" / "voucherify" / "openapi" / "loyalties-v2.json"


def _answered(template: str, path: dict[str, str], mutated: str | None) -> Answered:
    parameters = [{"name": name, "in": "path", "required": True, "schema": {"type": "string", "pattern": PATTERN}}
                  for name in path]  # fmt: skip
    definition = {"parameters": parameters, "responses": {"200": {"description": "ok"}}}
    negations = (Negation("path", mutated),) if mutated else ()
    return Answered(
        operation=f"GET {template}",
        path=template,
        definition=definition,
        raw={"paths": {template: {"get": definition}}},
        query={},
        status=200,
        body=b"{}",
        request=f"GET http://h{template.format(**path)}",
        sent=Sent({}, path=path, negations=negations),
    )


@pytest.mark.parametrize(
    ("path", "mutated", "said"),
    [
        ({"id": "0", "programId": PROGRAM_ID}, "id", [NOT_SENT.format(name="id", value="0", template=PROGRAM,
                                                                    instead=f"programId={PROGRAM_ID!r}")]),
        ({"programId": PROGRAM_ID}, "programId", [SENT.format(name="programId", value=PROGRAM_ID) + ADMITTED]),
        ({"programId": "0"}, "programId", [SENT.format(name="programId", value="0")]),
        ({"programId": PROGRAM_ID}, None, []),  # nothing mutated: nothing to say
    ],
    ids=["declared, not in the template", "replaced by the run's value", "sent mutated", "a positive case"],
)  # fmt: skip
def test_a_mutated_path_parameter_says_what_was_really_sent(
    path: dict[str, str], mutated: str | None, said: list[str]
) -> None:
    assert sent_path_values(_answered(PROGRAM, path, mutated)) == said


@pytest.mark.skipif(not LOYALTIES_V2.is_file(), reason="the official spec files are in ../shared")
def test_a_loyalties_v2_pattern_finding_names_the_value_its_curl_line_sends(tmp_path: Path) -> None:
    selection = Selection(include=(("path", (PROGRAM,)), ("method", ("GET",))))
    result = run(resolve_settings(spec=LOYALTIES_V2, selection=selection, report_dir=tmp_path, environ={}))
    (finding,) = (f for f in result.findings if f.check == "negative_data_rejection" and PATTERN in f.message)
    sent = finding.request.rsplit("/", 1)[-1]
    assert re.fullmatch(PATTERN, sent) and PROGRAM_ID == sent
    assert "Not sent: path parameter `id` = " in finding.message and f"programId={sent!r}" in finding.message
