"""Building blocks for faults: wrappers that rewrite a request's query, a response's body or its page window."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qsl, urlencode

from conformance.sandbox.http import App, Request, Response

Wrapper = Callable[[App], App]
Params = list[tuple[str, str]]


def params_of(request: Request) -> Params:
    return parse_qsl(request.query, keep_blank_values=True)


def _with(request: Request, params: Params) -> Request:
    return replace(request, query=urlencode(params))


def query(rewrite: Callable[[dict[str, str]], dict[str, str]]) -> Wrapper:
    """A fault that edits the query before the correct app reads it (only when no name repeats)."""

    def wrap(app: App) -> App:
        def faulty(request: Request) -> Response:
            params = params_of(request)
            if len({name for name, _ in params}) != len(params):
                return app(request)
            return app(_with(request, list(rewrite(dict(params)).items())))

        return faulty

    return wrap


def payload(rewrite: Callable[[dict[str, Any], dict[str, str]], None]) -> Wrapper:
    """A fault that edits the body of successful list responses in place."""

    def wrap(app: App) -> App:
        def faulty(request: Request) -> Response:
            response = app(request)
            if response.status != 200 or request.method != "GET":
                return response
            body = response.payload()
            rewrite(body, dict(params_of(request)))
            return response.with_payload(body)

        return faulty

    return wrap


def items_of(body: dict[str, Any]) -> list[dict[str, Any]]:
    return list(body.get("customers", []))


def page_window(app: App, request: Request, start: int, count: int) -> list[dict[str, Any]]:
    """Items [start, start + count) of the filtered, ordered set, read through the correct app."""
    base = [(k, v) for k, v in params_of(request) if k not in ("limit", "page")]
    items: list[dict[str, Any]] = []
    for page in range(start // 100 + 1, min(99, (start + count) // 100 + 1) + 1):
        items += app(_with(request, [*base, ("limit", "100"), ("page", str(page))])).payload()["customers"]
    skip = start - (start // 100) * 100
    return items[skip : skip + count]


def windowed(select: Callable[[App, Request, int, int], list[dict[str, Any]]]) -> Wrapper:
    """A fault that serves a different slice of the set for valid paged requests."""

    def wrap(app: App) -> App:
        def faulty(request: Request) -> Response:
            response = app(request)
            params = dict(params_of(request))
            if response.status != 200 or request.method != "GET" or "starting_after" in params:
                return response
            body = response.payload()
            limit, page = int(params.get("limit", 10)), int(params.get("page", 1))
            body["customers"] = select(app, request, (page - 1) * limit, limit)
            return response.with_payload(body)

        return faulty

    return wrap


def response(rewrite: Callable[[Response, Request], Response]) -> Wrapper:
    """A fault that edits whatever the correct app answered."""

    def wrap(app: App) -> App:
        return lambda request: rewrite(app(request), request)

    return wrap
