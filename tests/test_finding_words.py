"""A finding says what happened: a 5xx is never "accepted", and a server error says what was sent and received."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.findings import with_received
from conformance.probes.negatives import BOUNDS, INVALID, answered
from conformance.result import RunResult
from conformance.sandbox import Sandbox
from conformance.sandbox.faults import get_fault
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
