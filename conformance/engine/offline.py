"""The response checks on exchanges already made (a cassette, the SDK's traffic), sending nothing, and without
Schemathesis: its five response checks as `conformance.responses` ports them (`tests/test_response_checks.py`
proves them equal to Schemathesis' own), and our list checks, called as the engine calls them. A recheck so costs
about what reading the cassette costs, not the half second of importing Schemathesis and loading the spec into it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from conformance.checks import CHECKS
from conformance.checks.registry import run_check
from conformance.engine.log import ResultLog, crash
from conformance.findings import Reported, finding_from_failure, finding_key, kind_of, response_excerpt
from conformance.reproduce import curl_for_url
from conformance.responses import RESPONSE_CHECKS, Operation, Operations, RecordedResponse
from conformance.result import Finding, Kind


@dataclass(frozen=True)
class Recorded:
    """One request and its response, as recorded."""

    method: str
    url: str  # absolute, with the query
    status: int
    headers: dict[str, list[str]]
    body: bytes


# What our checks read of Schemathesis' schema, operation, case and response; nothing else.
@dataclass(frozen=True)
class _Schema:
    raw_schema: dict[str, Any]


@dataclass(frozen=True)
class _Operation:
    label: str
    method: str
    path: str
    schema: _Schema


@dataclass(frozen=True)
class _Case:
    operation: _Operation
    method: str
    query: dict[str, str]


@dataclass(frozen=True)
class _Response:
    status_code: int
    content: bytes


@dataclass(frozen=True)
class _Exchange:
    """A recorded exchange with its operation found and its query read."""

    operation: Operation
    recorded: Recorded
    query: dict[str, str]
    response: RecordedResponse  # what the ported response checks read; frozen, so one serves them all


@dataclass
class OfflineChecker:
    """Judges recorded exchanges with Schemathesis' response checks and ours; each operation is looked up once,
    each validator compiled once. Only those checks: the rest of Schemathesis' need a generated case."""

    raw: dict[str, Any]
    base_url: str
    log: ResultLog = field(default_factory=ResultLog)

    def __post_init__(self) -> None:
        self._operations = Operations(self.raw, self.base_url)
        self._schema = _Schema(self.raw)

    def check(self, recorded: Recorded, only: Collection[str] | None = None) -> int | None:
        """Defects this exchange shows; None when the spec has no operation for it."""
        url = urlsplit(recorded.url)
        operation = self._operations.find(recorded.method.upper(), url.path)
        if operation is None:
            return None
        query = dict(parse_qsl(url.query, keep_blank_values=True))
        exchange = _Exchange(
            operation, recorded, query, RecordedResponse(recorded.status, recorded.headers, recorded.body)
        )
        builtins = [(n, c) for n, c in RESPONSE_CHECKS.items() if only is None or n in only]
        ours = [(n, c) for n, c in CHECKS.items() if only is None or n in only]
        defects = sum(self._builtin(name, check, exchange) for name, check in builtins)
        if ours:
            case = _Case(
                _Operation(operation.label, operation.method, operation.path, self._schema),
                recorded.method.upper(),
                exchange.query,
            )
            response = _Response(recorded.status, recorded.body)
            defects += sum(self._ours(name, check, exchange, case, response) for name, check in ours)
        return defects

    def findings(self, kind: Kind) -> list[Finding]:
        return self.log.findings(kind)

    def _builtin(self, name: str, check: Callable[..., Any], exchange: _Exchange) -> int:
        label = exchange.operation.label
        try:
            problems = check(exchange.operation, exchange.response)
        except Exception as exc:  # noqa: BLE001 - a crashed check is an error of the recheck, never a pass
            self.log.add_error(crash(label, name, exc))
            return 0
        self.log.ran(label, name, problems is not None)
        return sum(self._record(name, problem, problem.key, exchange) for problem in problems or [])

    def _ours(self, name: str, check: Callable[..., Any], exchange: _Exchange, case: _Case, response: _Response) -> int:
        label = exchange.operation.label
        defects = 0

        def record(check_name: str, failure: Any) -> None:
            nonlocal defects
            defects += self._record(check_name, failure, failure.key, exchange)

        try:
            self.log.ran(label, name, run_check(check, None, response, case, record))
        except Exception as exc:  # noqa: BLE001 - a crashed check is an error of the recheck, never a pass
            self.log.add_error(crash(label, name, exc))
        return defects

    def _record(self, check: str, failure: Reported, unique_key: str, exchange: _Exchange) -> int:
        """Keep the finding (the first of its identity); 1 when it is a defect."""
        recorded, operation = exchange.recorded, exchange.operation
        kind = kind_of(
            check,
            status=recorded.status,
            body=recorded.body,
            path=operation.path,
            definition=operation.definition,
            raw=self.raw,
        )
        build = functools.partial(_finding, failure, check, kind, exchange)
        key = finding_key(kind, recorded.status, unique_key)
        self.log.add_once(kind, check, operation.label, failure.title, key, build)
        return int(kind is Kind.DEFECT)


def _finding(failure: Reported, check: str, kind: Kind, exchange: _Exchange) -> Finding:
    recorded = exchange.recorded
    return finding_from_failure(
        failure,
        check=check,
        operation=exchange.operation.label,
        kind=kind,
        reproduce=curl_for_url(recorded.url, method=recorded.method),
        status=recorded.status,
        request=f"{recorded.method.upper()} {recorded.url}",
        response=response_excerpt(recorded.status, recorded.body),
    )
