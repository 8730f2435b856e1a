"""Voucherify-shaped error bodies (code, key, message, details and request_id), and the refusals that become them."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Mapping

from conformance.sandbox.http import Response

_counter = itertools.count(1)
_lock = threading.Lock()


def error(status: int, key: str, message: str, details: str, headers: Mapping[str, str] | None = None) -> Response:
    """Build an error response the way Voucherify's docs describe it (docs/errors.mdx)."""
    with _lock:
        request_id = f"v-{next(_counter):018x}"
    payload = {"code": status, "key": key, "message": message, "details": details, "request_id": request_id}
    return Response.json(status, payload, headers)


class InvalidQuery(ValueError):
    """A query parameter that the spec does not allow; the message names it and the valid values."""

    key = "invalid_query_params"  # the error body's `key`


class SpecRule(InvalidQuery):
    """A refusal that the spec's words prescribe though the schema admits the value, answered under its own error
    `key`: whoever reads the answer tells it from a value the schema refuses without reading its words."""

    def __init__(self, message: str, key: str) -> None:
        super().__init__(message)
        self.key = key
