"""What a check found: one `Problem` per Schemathesis `Failure` it would have raised, with the same title and message.

Each kind below is one Failure class of Schemathesis 4.32.5 (`core/failures.py`, `openapi/checks.py`): its code,
its default title and its severity. `Problem.key` is that class's `_unique_key`, so (code, key) on one operation is
Schemathesis' own notion of "the same failure".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FailureKind:
    """One Schemathesis Failure class."""

    code: str
    title: str
    severity: str

    def problem(self, check: str, message: str, key: str, title: str | None = None) -> Problem:
        return Problem(
            check=check,
            code=self.code,
            title=self.title if title is None else title,
            message=message,
            key=key,
            severity=self.severity,
        )


SERVER_ERROR = FailureKind("ST101", "Server error", "critical")
UNDOCUMENTED_STATUS = FailureKind("ST103", "Undocumented status code", "medium")
MISSING_CONTENT_TYPE = FailureKind("ST104", "Missing Content-Type header", "medium")
UNDOCUMENTED_CONTENT_TYPE = FailureKind("ST105", "Undocumented Content-Type", "medium")
MALFORMED_MEDIA_TYPE = FailureKind("ST106", "Malformed media type", "medium")
MISSING_HEADERS = FailureKind("ST107", "Missing required response headers", "medium")
SCHEMA_VIOLATION = FailureKind("ST108", "Response violates schema", "high")
MALFORMED_JSON = FailureKind("ST109", "JSON deserialization error", "medium")
UNDESERIALIZABLE = FailureKind("ST110", "Content deserialization error", "medium")
UNKNOWN_DISCRIMINATOR = FailureKind("ST111", "Unknown discriminator value", "medium")
KINDS = (
    SERVER_ERROR,
    UNDOCUMENTED_STATUS,
    MISSING_CONTENT_TYPE,
    UNDOCUMENTED_CONTENT_TYPE,
    MALFORMED_MEDIA_TYPE,
    MISSING_HEADERS,
    SCHEMA_VIOLATION,
    MALFORMED_JSON,
    UNDESERIALIZABLE,
    UNKNOWN_DISCRIMINATOR,
)


@dataclass(frozen=True)
class Problem:
    """One failure a check found on one response."""

    check: str
    code: str  # Schemathesis' failure code, e.g. "ST108": stands for the Failure class
    title: str
    message: str
    key: str  # Schemathesis' `Failure._unique_key`
    severity: str  # critical, high, medium

    @property
    def identity(self) -> tuple[str, str]:
        """Within one operation, two problems with the same identity are one failure (Schemathesis' `__eq__`)."""
        return (self.code, self.key)


def distinct(problems: list[Problem]) -> list[Problem]:
    """The first of each identity, in order: `if failure not in failures` in Schemathesis' response validation."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for problem in problems:
        if problem.identity not in seen:
            seen.add(problem.identity)
            kept.append(problem)
    return kept
