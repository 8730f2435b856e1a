"""Our checks of list semantics, as plain functions in `CHECKS`; nothing is registered with Schemathesis."""

from conformance.checks import cursor, filters, id_cursor, pagination, shape, sorting
from conformance.checks.registry import CHECKS

LIST_CHECKS = tuple(CHECKS)

__all__ = ["CHECKS", "LIST_CHECKS", "cursor", "filters", "id_cursor", "pagination", "shape", "sorting"]
