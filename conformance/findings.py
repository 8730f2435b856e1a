"""The one way to build a Finding from a check's Failure, the line between a defect and a spec gap, and the one
classify-and-record step (`record`) of a run, its replay and a recheck."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from conformance.leniency import (
    Contradictions,
    Sent,
    about,
    depends_on_data,
    documented_leniency,
    overlapping_templates,
    refused_valid_value,
    unrecognized_method,
)
from conformance.openapi import resolve
from conformance.query_values import mismatch
from conformance.result import Finding, Kind


class Reported(Protocol):
    """What a check reports: Schemathesis' Failure, or one of ours (`checks.failures`)."""

    @property
    def title(self) -> str: ...

    @property
    def message(self) -> str: ...

    @property
    def severity(self) -> str: ...  # a str, or a StrEnum of the same words


# Statuses that are right behaviour for bad input or missing credentials, even when the spec omits them.
SPEC_GAP_STATUSES = frozenset({400, 401, 403, 404, 405, 406, 415, 422, 429})
UNDOCUMENTED_STATUS_CHECK = "status_code_conformance"
ERROR_BODY_FIELDS = ("code", "message")
MAX_EXCERPT = 64 * 1024
MAX_REASON = 200  # characters of an error body's reason quoted in a finding's message
# What a case sent for a path parameter its metadata says was mutated (`st.sent`): a value goes out only where the
# operation's template names it, and the run's own path value can stand in for the mutated one.
NOT_SENT = "Not sent: path parameter `{name}` = {value!r} (mutated): {template} has no {{{name}}}; sent: {instead}"
SENT = "Sent: path parameter `{name}` = {value!r}"
ADMITTED = ", which its schema admits (the run's path value, not the mutated one)"


def classify(check: str, status: int | None, body: bytes | None, on_data: bool = False) -> Kind:
    """A documented-looking 4xx error answer that the spec merely forgets to list, or a schema-valid value refused
    with one where the request sent a value that depends on the server's data (`on_data`), is a spec gap."""
    if check == UNDOCUMENTED_STATUS_CHECK and status in SPEC_GAP_STATUSES and _is_error_body(body):
        return Kind.SPEC_GAP
    if status is not None and refused_valid_value(check, status, _is_error_body(body), on_data):
        return Kind.SPEC_GAP
    return Kind.DEFECT


def kind_of(
    check: str,
    *,
    status: int,
    body: bytes,
    path: str,
    definition: dict[str, Any],
    raw: dict[str, Any],
    contradicted: bool = False,
    sent: Sent | None = None,
    method: str = "GET",
) -> Kind:
    """Defect, spec gap or spec finding, for a failure of `check` on this response to this request to the operation
    at `path` (its template) defined by `definition`; `contradicted`: the spec's own contradictions explain it;
    `sent`: what a generated case sent and mutated (`st.sent`), the evidence a leniency needs; `method`: as sent."""
    if documented_leniency(check, sent, definition, raw) or unrecognized_method(status, method, raw):
        return Kind.SPEC_GAP
    if overlapping_templates(check, raw, path) or contradicted:
        return Kind.SPEC_FINDING
    return classify(check, status, body, bool(depends_on_data(sent, definition, raw)))


class FindingLog(Protocol):
    """Where findings are kept (`engine.log.ResultLog`): the first of each identity stands for all."""

    def add_once(
        self, kind: Kind, check: str, operation: str, title: str, key: tuple[str, ...], build: Callable[[], Finding]
    ) -> None: ...


@dataclass(frozen=True)
class Answered:
    """One request to an operation and its answer, as a failure seen on it is classified and reported."""

    operation: str  # its label, "GET /v1/customers"
    path: str  # its template
    definition: dict[str, Any]  # the operation's object in the spec
    raw: dict[str, Any]  # the whole spec
    query: Mapping[str, Any]
    status: int
    body: bytes
    request: str  # "GET https://...", for reports
    sent: Sent | None = None  # what a generated case sent and mutated (`st.sent`), the evidence a leniency needs


def record(
    log: FindingLog,
    check: str,
    failure: Reported,
    unique_key: str,
    answered: Answered,
    contradictions: Contradictions | None,
    reproduce: Callable[[], str],
) -> Kind:
    """Classify `check`'s failure on this answer and keep it in `log` (the first of its identity); its kind.
    `contradictions`: what the spec's own contradictions explain in this operation (`leniency.contradictions`)."""
    kind = kind_of(
        check,
        status=answered.status,
        body=answered.body,
        path=answered.path,
        definition=answered.definition,
        raw=answered.raw,
        contradicted=contradictions is not None and contradictions.explains(check, failure.message),
        sent=answered.sent,
        method=answered.request.partition(" ")[0],
    )

    def build() -> Finding:
        # Only for a finding not seen before: its curl line and excerpt cost more than the check.
        return finding_from_failure(
            failure,
            sent=sent_path_values(answered),
            check=check,
            operation=answered.operation,
            kind=kind,
            reproduce=reproduce(),
            status=answered.status,
            request=answered.request,
            response=response_excerpt(answered.status, answered.body),
        )

    key = finding_key(kind, answered.status, unique_key, about(check, answered.sent, answered.definition, answered.raw))
    log.add_once(kind, check, answered.operation, failure.title, key, build)
    return kind


def sent_path_values(answered: Answered) -> list[str]:
    """For each path parameter the case's metadata says was mutated, what the request really sent for it, read from
    the case (never from a failure's words): nothing, where the template does not name it, or the value sent."""
    sent = answered.sent
    if sent is None:
        return []
    mutated = [n.parameter for n in sent.negations if n.location == "path" and n.parameter is not None]
    in_template = {name: value for name, value in sent.path.items() if "{" + name + "}" in answered.path}
    lines = []
    for name in dict.fromkeys(name for name in mutated if name in sent.path):
        value = sent.path[name]
        if name not in in_template:
            instead = ", ".join(f"{other}={text!r}" for other, text in in_template.items()) or "no path value"
            lines.append(NOT_SENT.format(name=name, value=value, template=answered.path, instead=instead))
            continue
        schema = _path_schema(answered, name)
        admitted = schema is not None and mismatch(answered.raw, schema, str(value)) is None
        lines.append(SENT.format(name=name, value=value) + (ADMITTED if admitted else ""))
    return lines


def _path_schema(answered: Answered, name: str) -> Any:
    """The schema the operation (or its path item) declares for path parameter `name`; None if it declares none."""
    raw = answered.raw
    item = resolve(raw, raw.get("paths", {}).get(answered.path, {}))
    declared = [*(item.get("parameters") or []), *(answered.definition.get("parameters") or [])]
    for parameter in (resolve(raw, p) for p in declared):
        if isinstance(parameter, dict) and parameter.get("in") == "path" and parameter.get("name") == name:
            return parameter.get("schema")
    return None


def finding_key(kind: Kind, status: int, unique_key: str, about: str = "") -> tuple[str, ...]:
    """Spec gaps are one per (operation, check, status, parameter): the log's identity holds the operation and the
    check (and its title), this key the status and, for the generated-data checks, the parameters mutated or whose
    validity depends on the server's data (`leniency.about`); the log counts the occurrences of each. Defects keep
    their check's own notion of "the same failure"."""
    return (str(status), about) if kind is Kind.SPEC_GAP else (unique_key,)


def _is_error_body(body: bytes | None) -> bool:
    try:
        payload = json.loads(body or b"")
    except ValueError:
        return False
    return isinstance(payload, dict) and all(field in payload for field in ERROR_BODY_FIELDS)


def with_received(message: str, status: int | None, excerpt: str, request: str = "") -> str:
    """The message, with what came back where it says only what was expected (Schemathesis' "Schema-valid request
    rejected" names the statuses it expected, not the one it got): the status, and the error body's reason. A
    message that says nothing (Schemathesis' "Server error") gets what was sent and what came back."""
    if status is None or "Received:" in message:
        return message
    reason = _error_reason(excerpt.partition("\n")[2])
    received = f"Received: HTTP {status}" + (f" ({reason})" if reason else "")
    if not message.strip() and request:
        return f"Sent: {request}\n{received}"
    if "Expected:" not in message:
        return message
    return f"{message}\n{received}"


def _error_reason(body: str) -> str:
    """An error body's `details` or `message` (Voucherify's error fields), on one line; "" when there is none."""
    try:
        payload = json.loads(body)
    except ValueError:
        return ""
    reason = next((payload[k] for k in ("details", "message") if isinstance(payload, dict) and payload.get(k)), "")
    text = " ".join(str(reason).split())
    return text if len(text) <= MAX_REASON else text[: MAX_REASON - 1] + "…"


def response_excerpt(status: int, content: bytes) -> str:
    """The response for a report: pretty JSON when it parses, cut at 64 KiB."""
    try:
        text = json.dumps(json.loads(content), indent=2, ensure_ascii=False)
    except ValueError:
        text = content.decode("utf-8", errors="replace")
    return f"HTTP {status}\n{text[:MAX_EXCERPT]}"


def finding_from_failure(
    failure: Reported,
    *,
    check: str,
    operation: str,
    kind: Kind,
    reproduce: str,
    status: int | None = None,
    request: str = "",
    response: str = "",
    sent: list[str] | None = None,
) -> Finding:
    """Every finding of a run is made here, from a Schemathesis Failure or one of ours; `sent`: lines on what the
    request sent where the failure's words may not say it (`sent_path_values`)."""
    message = "\n".join([failure.message, *sent]) if sent and failure.message.strip() else failure.message
    return Finding(
        kind=kind,
        check=check,
        operation=operation,
        title=failure.title,
        message=with_received(message, status, response, request),
        reproduce=reproduce,
        status=status,
        request=request,
        response=response,
        severity=str(failure.severity),
    )
