"""The SDK gate's findings: one per distinct problem, however many responses show it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from conformance.result import Finding, Kind

DESERIALIZE = "sdk_deserialize"
FIDELITY = "sdk_fidelity"
REQUEST = "sdk_request"
COVERAGE = "sdk_coverage"
REGRESSION = "sdk_regression"
CHECKS = (DESERIALIZE, FIDELITY, REQUEST, COVERAGE, REGRESSION)
MAX_VALUE = 120


def shown(value: object) -> str:
    """A value for a message: repr, cut so that a whole item never floods a report."""
    text = repr(value)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 3] + "..."


@dataclass
class FindingLog:
    """Append-only; a finding seen again only counts one more occurrence."""

    _found: dict[tuple[str, str, str], Finding] = field(default_factory=dict)
    _count: dict[tuple[str, str, str], int] = field(default_factory=dict)

    def add(
        self,
        kind: Kind,
        check: str,
        operation: str,
        title: str,
        expected: str,
        received: str,
        reproduce: str = "",
        status: int | None = None,
        response: str = "",
    ) -> None:
        key = (check, operation, title)
        self._count[key] = self._count.get(key, 0) + 1
        if key not in self._found:
            message = f"Expected: {expected}\nReceived: {received}"
            self._found[key] = Finding(
                kind=kind,
                check=check,
                operation=operation,
                title=title,
                message=message,
                reproduce=reproduce,
                status=status,
                response=response,
            )

    def extend(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            key = (finding.check, finding.operation, finding.title)
            self._count[key] = self._count.get(key, 0) + 1
            self._found.setdefault(key, finding)

    def findings(self) -> tuple[Finding, ...]:
        """Each finding, with how many responses or requests showed it when more than one did."""
        result = []
        for key, finding in self._found.items():
            count = self._count[key]
            suffix = f"\nSeen in {count} responses or requests; the first is shown." if count > 1 else ""
            result.append(replace(finding, message=finding.message + suffix))
        return tuple(result)
