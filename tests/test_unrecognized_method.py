"""A 501 to a method the spec declares nowhere (QUERY, which Python's http.server and many proxies do not know) is
what RFC 9110 §15.6.2 prescribes: a spec gap, never a defect. A 500 to it is still a defect."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conformance.leniency import NOT_IMPLEMENTED, unrecognized_method
from conformance.result import Kind
from conformance.sandbox import Sandbox
from conformance.sandbox.http import App, Request, Response
from conformance.selection import parse_selection
from tests.conftest import CREDENTIALS, run_against

UNKNOWN = "QUERY"  # one of the methods Schemathesis sends to a path that does not declare it


def answering(status: int) -> Callable[[App], App]:
    def wrap(app: App) -> App:
        def answer(request: Request) -> Response:
            if request.method == UNKNOWN:
                return Response.json(status, {"code": status, "message": "Not Implemented"})
            return app(request)

        return answer

    return wrap


@pytest.mark.parametrize(
    ("status", "method", "spec_gap"),
    [(NOT_IMPLEMENTED, "QUERY", True), (NOT_IMPLEMENTED, "GET", False), (500, "QUERY", False)],
)
def test_only_a_501_to_a_method_declared_nowhere_is_unrecognized(status: int, method: str, spec_gap: bool) -> None:
    spec = {"paths": {"/v1/customers": {"get": {}}, "/v1/customers/{id}": {"get": {}, "delete": {}}}}
    assert unrecognized_method(status, method, spec) is spec_gap


@pytest.mark.parametrize(("status", "kind"), [(NOT_IMPLEMENTED, Kind.SPEC_GAP), (500, Kind.DEFECT)])
def test_a_server_that_does_not_know_query(status: int, kind: Kind, tmp_path: Path) -> None:
    with Sandbox(credentials=CREDENTIALS, wrap=answering(status)) as server:
        result = run_against(server, tmp_path, max_examples=3, selection=parse_selection({}, {}, "all"))
    about_query = [f for f in result.findings if f.request and f.request.startswith(UNKNOWN)]
    assert about_query, "the run sent QUERY (Schemathesis' unexpected-method case) and judged the answer"
    assert {f.kind for f in about_query} == {kind}
    assert not [f for f in result.defects if not (f.request or "").startswith(UNKNOWN)]
