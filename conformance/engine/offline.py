"""The response checks on exchanges already made (the SDK's traffic; the recordings a recheck's plan did not ask
for), sending nothing: each recorded exchange becomes a Schemathesis case and response, and the run's own
`judge.Judge` runs Schemathesis' response checks and ours on it, classifying with the spec's contradictions as the
run does. One set of checks for run, replay and recheck, so a recheck gives the findings of the run it rechecks.
Schemathesis is imported when a checker is made, not when this module is.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote, urlsplit

from conformance.checks import CHECKS
from conformance.engine.log import ResultLog
from conformance.engine.spec_findings import lint
from conformance.profile import list_profile
from conformance.result import Finding, Kind

if TYPE_CHECKING:
    from conformance.engine.judge import Judge

RECORDED_TARGET = "recorded exchanges"  # what a check that re-sends would have lost; none of these re-sends
TEMPLATE_PARAMETER = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True)
class Recorded:
    """One request and its response, as recorded."""

    method: str
    url: str  # absolute, with the query
    status: int
    headers: dict[str, list[str]]
    body: bytes


# The phase of an offline checker on its own (the SDK gate): the recorded responses, judged.
RECORDED = "recorded responses"


@dataclass
class OfflineChecker:
    """Judges recorded exchanges with Schemathesis' response-only checks and ours; each operation is looked up
    once. Only those checks: the rest of Schemathesis' need a generated case, or send requests."""

    raw: dict[str, Any]
    base_url: str
    log: ResultLog = field(default_factory=lambda: ResultLog(planned=(RECORDED,)))
    source: str = "spec"  # the spec's path, as its spec findings name it
    # On its own, a checker reports the spec findings of the operations it judges and completes their one phase;
    # within a recheck, whose plan did both already (`cassette.answered`), it judges the exchanges the plan left.
    standalone: bool = True

    def __post_init__(self) -> None:
        from conformance import st, st_schema
        from conformance.engine.judge import Judge
        from conformance.generation import schemathesis_config
        from conformance.settings import RunSettings

        # The spec findings and what they explain, as the run lints them (`engine.run`); like a run, a checker reports
        # those about the operations it judges (`_operation`), not the whole file's.
        self._spec_findings, contradictions = lint(self.raw, self.source)
        self._schema = st_schema.load_schema(self.raw, schemathesis_config(RunSettings(), self.base_url))
        self._judge: Judge = Judge(self.log, {}, self.base_url, RECORDED_TARGET, contradictions=contradictions)
        self._operations: dict[tuple[str, str], Any] = {}
        self._checks = frozenset((*st.RESPONSE_ONLY, *CHECKS))

    def check(self, recorded: Recorded, only: Collection[str] | None = None) -> int | None:
        """Defects this exchange shows; None when the spec has no operation for it."""
        from conformance import st, st_schema

        url = urlsplit(recorded.url)
        operation = self._operation(recorded.method.upper(), url.path)
        if operation is None:
            return None
        query = dict(parse_qsl(url.query, keep_blank_values=True))
        case = st.case_for_query(operation, query, path_parameters(operation.path, url.path))
        response = st_schema.response_from(
            method=recorded.method,
            url=recorded.url,
            status=recorded.status,
            headers=recorded.headers,
            body=recorded.body,
        )
        return self._judge.check(case, response, self._checks if only is None else self._checks & set(only))

    def label(self, method: str, url: str) -> str | None:
        """The label of the spec's operation for a request (`GET /v1/customers`), or None."""
        operation = self._operation(method.upper(), urlsplit(url).path)
        return None if operation is None else str(operation.label)

    def findings(self, kind: Kind) -> list[Finding]:
        return self.log.findings(kind)

    def _operation(self, method: str, path: str) -> Any:
        from conformance import st_schema

        if (method, path) not in self._operations:
            operation = self._operations[(method, path)] = st_schema.find_operation(self._schema, method, path)
            if operation is not None and self.standalone:
                profile = list_profile(self.raw, operation.method.upper(), operation.path)
                self.log.select(operation.label, profile.style.value if profile is not None else None)
                for finding in self._spec_findings:
                    if finding.operation == operation.label:
                        self.log.add_finding(finding, (finding.reproduce,))
                # An offline checker's one phase is judging what was recorded: it does so for every exchange it
                # finds an operation for (a check that crashes is an error of the recheck, never a pass).
                self.log.completed(operation.label, RECORDED)
        return self._operations[(method, path)]


def path_parameters(template: str, path: str) -> dict[str, str]:
    """The values a concrete path gives its template's parameters (`/v1/customers/{id}`, `/v1/customers/c_1`:
    `{"id": "c_1"}`); {} when it does not match, which a path the operation was found by always does."""
    names = TEMPLATE_PARAMETER.findall(template)
    literals = TEMPLATE_PARAMETER.split(template)[::2]
    pattern = "([^/]+)".join(re.escape(literal) for literal in literals)
    matched = re.fullmatch(pattern, path)
    return {name: unquote(value) for name, value in zip(names, matched.groups(), strict=True)} if matched else {}
