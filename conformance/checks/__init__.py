"""Our checks of list semantics. Importing this package registers them with Schemathesis."""

from conformance.checks import cursor, filters, pagination, shape, sorting
from conformance.checks.registry import LIST_CHECKS

__all__ = ["LIST_CHECKS", "cursor", "filters", "pagination", "shape", "sorting"]
