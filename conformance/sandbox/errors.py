"""Voucherify-shaped error bodies: code, key, message, details and request_id."""

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
