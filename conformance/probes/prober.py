"""Sending probe requests: each response is checked like a generated one, and sequences are kept for replay."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from conformance.checks.registry import LIST_CHECKS
from conformance.checks.view import ListResponse, read_response
from conformance.exercise import CaseExerciser
from conformance.findings import Finding, Kind
from conformance.profile import ListProfile
from conformance.reproduce import curl_for_url

if TYPE_CHECKING:
    from schemathesis import APIOperation, Response

# Built-in checks that judge a response alone; the others need Schemathesis' generation metadata.
RESPONSE_ONLY_BUILTINS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
)
MAX_SEQUENCE_LINES = 12


@dataclass
class Exchange:
    query: dict[str, Any]
    response: Response
    listing: ListResponse | None


@dataclass
class Prober:
    """Sends GETs with a query for one list operation, checks each response, remembers the sequence."""

    exerciser: CaseExerciser
    operation: APIOperation[Any, Any, Any, Any]
    profile: ListProfile
    sequence: list[str] = field(default_factory=list)

    def get(self, **query: Any) -> Exchange:
        case = self.operation.Case(query={k: str(v) for k, v in query.items()})
        response = self.exerciser.exercise(case, only=frozenset((*RESPONSE_ONLY_BUILTINS, *LIST_CHECKS)))
        self.sequence.append(self.url(query))
        return Exchange(query, response, read_response(self.profile, response.status_code, response.content))

    def url(self, query: dict[str, Any]) -> str:
        base = self.exerciser.context.base_url + self.operation.path
        return base + ("?" + urlencode(query) if query else "")

    def fail(
        self,
        check: str,
        title: str,
        expected: str,
        received: str,
        steps: list[str] | None = None,
        kind: Kind = Kind.DEFECT,
        with_credentials: bool = True,
    ) -> None:
        """Record a multi-request finding; its reproduction is the request sequence that showed it."""
        steps = steps if steps is not None else self.sequence
        lines = [curl_for_url(url, with_credentials) for url in steps]
        if len(lines) > MAX_SEQUENCE_LINES:
            lines = [*lines[: MAX_SEQUENCE_LINES - 1], f"# ... {len(lines) - MAX_SEQUENCE_LINES} more", lines[-1]]
        finding = Finding(
            kind=kind,
            check=check,
            operation=self.profile.operation,
            title=title,
            message=f"Expected: {expected}\nReceived: {received}",
            reproduce="\n".join(lines),
        )
        self.exerciser.context.findings.add(finding, (title,))
