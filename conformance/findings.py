"""Findings of a run, and the line between a defect and a spec gap."""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

# Statuses that are right behaviour for bad input or missing credentials, even when the spec omits them.
SPEC_GAP_STATUSES = frozenset({400, 401, 403, 404, 405, 406, 415, 422, 429})
UNDOCUMENTED_STATUS_CHECK = "status_code_conformance"
ERROR_BODY_FIELDS = ("code", "message")


class Kind(StrEnum):
    DEFECT = "defect"
    SPEC_GAP = "spec_gap"


@dataclass(frozen=True)
class Finding:
    """One distinct problem: which check saw it, on which operation, and how to reproduce it."""

    kind: Kind
    check: str
    operation: str
    title: str
    message: str
    reproduce: str
    status: int | None = None
    # For reports only (not summary.json): what was sent and what came back, credentials left out.
    request: str = ""
    response: str = ""
    severity: str = "normal"

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind.value
        return data


def classify(check: str, status: int | None, body: bytes | None) -> Kind:
    """A documented-looking 4xx error answer that the spec merely forgets to list is a spec gap."""
    if check == UNDOCUMENTED_STATUS_CHECK and status in SPEC_GAP_STATUSES and _is_error_body(body, status):
        return Kind.SPEC_GAP
    return Kind.DEFECT


def _is_error_body(body: bytes | None, status: int | None) -> bool:
    try:
        payload = json.loads(body or b"")
    except ValueError:
        return False
    return isinstance(payload, dict) and all(field in payload for field in ERROR_BODY_FIELDS)


MAX_EXCERPT = 64 * 1024


def response_excerpt(status: int, content: bytes) -> str:
    """The response for a report: pretty JSON when it parses, cut at 64 KiB."""
    try:
        text = json.dumps(json.loads(content), indent=2, ensure_ascii=False)
    except ValueError:
        text = content.decode("utf-8", errors="replace")
    return f"HTTP {status}\n{text[:MAX_EXCERPT]}"


class FindingLog:
    """Distinct findings of a run, in the order first seen; thread-safe."""

    def __init__(self) -> None:
        self._findings: dict[tuple[str, ...], Finding] = {}
        self._lock = threading.Lock()
        self.target_errors: list[str] = []

    def add(self, finding: Finding, key: tuple[str, ...] = ()) -> None:
        identity = (finding.kind.value, finding.check, finding.operation, finding.title, *key)
        with self._lock:
            self._findings.setdefault(identity, finding)

    def of_kind(self, kind: Kind) -> list[Finding]:
        return [finding for finding in self._findings.values() if finding.kind is kind]

    def for_pair(self, operation: str, check: str) -> list[Finding]:
        return [f for f in self._findings.values() if f.operation == operation and f.check == check]
