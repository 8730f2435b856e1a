"""Schemathesis' own response checks on recorded exchanges, run as a live run runs them (through the engine's
Exerciser): the reference that `tests/test_response_checks.py` holds the Schemathesis-free recheck to."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from conformance import st
from conformance.credentials import Credentials
from conformance.engine.exercise import Exerciser
from conformance.engine.log import ResultLog
from conformance.engine.offline import Recorded
from conformance.engine.target import REPLAY_APP_ID, REPLAY_APP_TOKEN, Target
from conformance.generation import schemathesis_config
from conformance.result import Finding, Kind
from conformance.session import RunSession
from conformance.settings import RunSettings


@dataclass
class SchemathesisChecker:
    """Judges recorded exchanges with Schemathesis' checks as the engine runs them; each operation looked up once."""

    raw: dict[str, Any]
    base_url: str
    log: ResultLog = field(default_factory=ResultLog)
    _operations: dict[tuple[str, str], Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        config = schemathesis_config(RunSettings(), self.base_url)
        self._schema = st.load_schema(self.raw, config)
        target = Target(self.base_url, Credentials(REPLAY_APP_ID, REPLAY_APP_TOKEN), "recorded", RunSession())
        self._exerciser = Exerciser(target, self.log)

    def check(self, exchange: Recorded, only: Collection[str] | None = None) -> int | None:
        """Defects this exchange shows; None when the spec has no operation for it."""
        url = urlsplit(exchange.url)
        where = (exchange.method.upper(), url.path)
        if where not in self._operations:
            self._operations[where] = st.find_operation(self._schema, *where)
        operation = self._operations[where]
        if operation is None:
            return None
        case = st.case_for_query(operation, dict(parse_qsl(url.query, keep_blank_values=True)), {})
        response = st.response_from(
            method=exchange.method,
            url=exchange.url,
            status=exchange.status,
            headers=exchange.headers,
            body=exchange.body,
        )
        return self._exerciser.check(case, response, only)

    def findings(self, kind: Kind) -> list[Finding]:
        return self.log.findings(kind)
