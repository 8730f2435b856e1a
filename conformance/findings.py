"""The one way to build a Finding from a check's Failure, and the line between a defect and a spec gap."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from conformance.leniency import refused_valid_value
from conformance.result import Finding, Kind

if TYPE_CHECKING:
    from conformance.st import Failure

# Statuses that are right behaviour for bad input or missing credentials, even when the spec omits them.
SPEC_GAP_STATUSES = frozenset({400, 401, 403, 404, 405, 406, 415, 422, 429})
UNDOCUMENTED_STATUS_CHECK = "status_code_conformance"
ERROR_BODY_FIELDS = ("code", "message")
MAX_EXCERPT = 64 * 1024


def classify(check: str, status: int | None, body: bytes | None) -> Kind:
    """A documented-looking 4xx error answer that the spec merely forgets to list, or a schema-valid value refused
    with one, is a spec gap."""
    if check == UNDOCUMENTED_STATUS_CHECK and status in SPEC_GAP_STATUSES and _is_error_body(body):
        return Kind.SPEC_GAP
    if status is not None and refused_valid_value(check, status, _is_error_body(body)):
        return Kind.SPEC_GAP
    return Kind.DEFECT


def _is_error_body(body: bytes | None) -> bool:
    try:
        payload = json.loads(body or b"")
    except ValueError:
        return False
    return isinstance(payload, dict) and all(field in payload for field in ERROR_BODY_FIELDS)


def response_excerpt(status: int, content: bytes) -> str:
    """The response for a report: pretty JSON when it parses, cut at 64 KiB."""
    try:
        text = json.dumps(json.loads(content), indent=2, ensure_ascii=False)
    except ValueError:
        text = content.decode("utf-8", errors="replace")
    return f"HTTP {status}\n{text[:MAX_EXCERPT]}"


def finding_from_failure(
    failure: Failure,
    *,
    check: str,
    operation: str,
    kind: Kind,
    reproduce: str,
    status: int | None = None,
    request: str = "",
    response: str = "",
) -> Finding:
    """Every finding of a run is made here, from a Schemathesis Failure or one of ours."""
    return Finding(
        kind=kind,
        check=check,
        operation=operation,
        title=failure.title,
        message=failure.message,
        reproduce=reproduce,
        status=status,
        request=request,
        response=response,
        severity=str(failure.severity.value),
    )
