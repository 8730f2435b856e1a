"""Failure types of our checks: each says what was expected, what came back, and carries its own identity.

They are not Schemathesis' `Failure`: the engine calls our checks itself (never through Schemathesis' registry, so
installing the package changes no one's checks). They carry what a finding needs
(`findings.finding_from_failure`) and, as `_unique_key`, what tells two findings of one check apart.
"""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    """Schemathesis' severity words, so that our findings and its own sort together."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class ListCheckFailure(AssertionError):
    """A finding of one of our list checks; `key` tells distinct findings of one check apart."""

    code = "CF900"

    def __init__(
        self,
        *,
        operation: str,
        title: str,
        expected: str,
        received: str,
        key: str,
        severity: Severity = Severity.HIGH,
    ) -> None:
        self.operation = operation
        self.title = title
        # A note expects nothing: no empty "Expected:" line.
        self.message = (f"Expected: {expected}\n" if expected else "") + f"Received: {received}"
        self.severity = severity
        self.key = key
        super().__init__(f"{title}\n\n{self.message}")

    @property
    def _unique_key(self) -> str:
        return self.key


class PaginationFailure(ListCheckFailure):
    code = "CF901"


class SortFailure(ListCheckFailure):
    code = "CF902"


class FilterFailure(ListCheckFailure):
    code = "CF903"


class CursorFailure(ListCheckFailure):
    code = "CF904"


class ShapeFailure(ListCheckFailure):
    code = "CF905"


class ProbeFailure(ListCheckFailure):
    """A finding of a multi-request probe: what a sequence of requests showed."""

    code = "CF910"
