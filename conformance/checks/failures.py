"""Failure types of our checks: each says what was expected, what came back, and carries its own identity."""

from __future__ import annotations

from conformance.st import Failure, Severity


class ListCheckFailure(Failure):
    """A finding of one of our list checks; `key` tells distinct findings of one check apart."""

    code = "CF900"
    kind_title = "List semantics violated"

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
        super().__init__(
            operation=operation, title=title, message=f"Expected: {expected}\nReceived: {received}", severity=severity
        )
        self.key = key

    @property
    def _unique_key(self) -> str:
        return self.key


class PaginationFailure(ListCheckFailure):
    code = "CF901"
    kind_title = "Pagination is inconsistent"


class SortFailure(ListCheckFailure):
    code = "CF902"
    kind_title = "Items are out of order"


class FilterFailure(ListCheckFailure):
    code = "CF903"
    kind_title = "An item does not match the filter"


class CursorFailure(ListCheckFailure):
    code = "CF904"
    kind_title = "An item is not beyond the cursor"


class ShapeFailure(ListCheckFailure):
    code = "CF905"
    kind_title = "Response shape violates the spec"


class ProbeFailure(ListCheckFailure):
    """A finding of a multi-request probe: what a sequence of requests showed."""

    code = "CF910"
    kind_title = "A request sequence contradicts the spec"
