"""Sending probe requests: each response is checked like a generated one, and sequences are kept for replay."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from conformance import st
from conformance.checks import LIST_CHECKS
from conformance.checks.failures import ProbeFailure
from conformance.checks.view import ListResponse, read_response
from conformance.findings import finding_from_failure
from conformance.profile import ListProfile
from conformance.reproduce import curl_for_url
from conformance.result import Kind

if TYPE_CHECKING:
    from schemathesis import APIOperation, Response

    from conformance.engine.exercise import Exerciser

# Built-in checks that judge a response alone; the others need Schemathesis' generation metadata.
RESPONSE_ONLY_BUILTINS = st.RESPONSE_ONLY
MAX_SEQUENCE_LINES = 12


@dataclass
class Exchange:
    query: dict[str, Any]
    response: Response
    listing: ListResponse | None


@dataclass
class OperationProbe:
    """Probes of one operation, list or not: its URL, and findings whose reproduction is the requests sent."""

    exerciser: Exerciser
    operation: APIOperation[Any, Any, Any, Any]
    path: dict[str, str] = field(default_factory=dict)
    sequence: list[str] = field(default_factory=list)
    # The probe checks that reached a verdict on this operation (found nothing, or something).
    applied: set[str] = field(default_factory=set)

    @property
    def endpoint(self) -> str:
        """The operation's URL, path parameters filled in."""
        path = self.operation.path
        for name, value in self.path.items():
            path = path.replace("{" + name + "}", quote(value, safe=""))
        return self.exerciser.target.base_url + path

    def url(self, query: dict[str, Any]) -> str:
        return self.endpoint + ("?" + urlencode(query) if query else "")

    def fail(
        self,
        check: str,
        title: str,
        expected: str,
        received: str,
        steps: list[str] | None = None,
        kind: Kind = Kind.DEFECT,
        with_credentials: bool = True,
        wrong: Mapping[str, str] | None = None,
    ) -> None:
        """Record a multi-request finding; its reproduction is the request sequence that showed it (`wrong`: the
        credential headers it sent with a made-up value, as `reproduce.curl_for_url` writes them)."""
        if kind is not Kind.NOTE:  # a note says how far a probe went, not that it reached a verdict
            self.applied.add(check)
        steps = steps if steps is not None else self.sequence
        lines = [curl_for_url(url, with_credentials, wrong=wrong) for url in steps]
        if len(lines) > MAX_SEQUENCE_LINES:
            lines = [*lines[: MAX_SEQUENCE_LINES - 1], f"# ... {len(lines) - MAX_SEQUENCE_LINES} more", lines[-1]]
        failure = ProbeFailure(
            operation=self.operation.label, title=title, expected=expected, received=received, key=title
        )
        finding = finding_from_failure(
            failure, check=check, operation=self.operation.label, kind=kind, reproduce="\n".join(lines)
        )
        self.exerciser.log.add_finding(finding, (title,))

    def note(self, check: str, title: str, text: str) -> None:
        """Something a reader should know about how far a probe went (never a failure)."""
        self.fail(check, title, "", text, steps=[], kind=Kind.NOTE)

    def not_checked(self, check: str, reason: str) -> None:
        self.exerciser.log.not_checked(self.operation.label, check, reason)

    def cannot_judge(self, check: str, reason: str) -> None:
        """The spec documents it, and no check of this suite can judge it: the same on every run."""
        self.exerciser.log.not_checked(self.operation.label, check, reason, limitation=True)


@dataclass
class Prober(OperationProbe):
    """Sends GETs with a query for one list operation, checks each response, remembers the sequence."""

    profile: ListProfile = field(kw_only=True)
    # Pages a step fetched that a later step asks for with the very same query (`offer`): each is taken once, in
    # place of sending that request again; a request meant to be sent twice (`same_twice`) is never offered.
    offered: dict[tuple[tuple[str, str], ...], Exchange] = field(default_factory=dict, kw_only=True)

    def offer(self, exchange: Exchange) -> None:
        """A page that one later `get` of the same query takes instead of a request."""
        self.offered[_key(exchange.query)] = exchange

    def peek(self, **query: Any) -> Exchange | None:
        """The page offered for this query, left for the `get` it was offered to; None when none was offered."""
        return self.offered.get(_key(query))

    def get(self, **query: Any) -> Exchange:
        kept = self.offered.pop(_key(query), None)
        if kept is not None:
            self.sequence.append(self.url(kept.query))
            return kept
        case = st.case_for_query(self.operation, {k: str(v) for k, v in query.items()}, self.path)
        response = self.exerciser.exercise(case, only=frozenset((*RESPONSE_ONLY_BUILTINS, *LIST_CHECKS)))
        self.sequence.append(self.url(query))
        return Exchange(query, response, read_response(self.profile, response.status_code, response.content))


def _key(query: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((name, str(value)) for name, value in query.items()))
