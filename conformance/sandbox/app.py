"""The correct sandbox app: routing, auth, validation and the list responses."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from conformance.credentials import Credentials
from conformance.sandbox.errors import error
from conformance.sandbox.http import Request, Response
from conformance.sandbox.query import InvalidQuery

ALLOWED_METHODS = ("GET", "HEAD")
ALLOW_HEADER = ", ".join(ALLOWED_METHODS)

# A resource turns a raw query string into a list payload, or raises InvalidQuery.
ListResource = Callable[[str], dict[str, Any]]


class SandboxApp:
    """Route, authenticate, validate, answer: in that order, so 404 and 405 never need credentials."""

    def __init__(self, resources: Mapping[str, ListResource], credentials: Credentials) -> None:
        self.resources = dict(resources)
        self.credentials = credentials

    def __call__(self, request: Request) -> Response:
        resource = self.resources.get(request.path)
        if resource is None:
            return error(404, "not_found", "Resource not found", f"No route for {request.path}.")
        if request.method not in ALLOWED_METHODS:
            details = f"{request.method} is not supported by this endpoint. Did you mean GET?"
            return error(405, "method_not_allowed", "HTTP Method Not Allowed", details, {"Allow": ALLOW_HEADER})
        if not self.credentials.accepts(request.headers):
            details = "Send valid X-App-Id and X-App-Token headers."
            return error(401, "unauthorized", "Unauthorized", details)
        try:
            return Response.json(200, resource(request.query))
        except InvalidQuery as exc:
            return error(400, "invalid_query_params", "Invalid query params", str(exc))
