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


Rewrite = Callable[[dict[str, Any], Request, App], None]


def body_fault(rewrite: Rewrite) -> Wrapper:
    """A fault that edits successful list bodies in place, knowing the request and the app (for its profile)."""

    def wrap(app: App) -> App:
        def faulty(request: Request) -> Response:
            response = app(request)
            if response.status != 200 or request.method != "GET":
                return response
            body = response.payload()
            if not isinstance(body, dict) or not isinstance(body.get(items_key(body)), list):
                return response
            rewrite(body, request, app)
            return response.with_payload(body)

        return faulty

    return wrap


def payload(rewrite: Callable[[dict[str, Any], dict[str, str]], None]) -> Wrapper:
    """`body_fault` for a rewrite that needs only the list body and the query."""
    return body_fault(lambda body, request, _app: rewrite(body, dict(params_of(request))))


def items_key(body: dict[str, Any]) -> str:
    """Where a list body keeps its items: data_ref's property, else `data`, else the first array."""
    ref = body.get("data_ref")
    if isinstance(ref, str) and isinstance(body.get(ref), list):
        return ref
    if isinstance(body.get("data"), list):
        return "data"
    return next((name for name, value in body.items() if isinstance(value, list)), "data")


def items_of(body: dict[str, Any]) -> list[dict[str, Any]]:
    return list(body.get(items_key(body), []))


def page_window(app: App, request: Request, start: int, count: int) -> list[dict[str, Any]]:
    """Items [start, start + count) of the filtered, ordered set, read through the correct app."""
    base = [(k, v) for k, v in params_of(request) if k not in ("limit", "page")]
    items: list[dict[str, Any]] = []
    for page in range(start // 100 + 1, min(99, (start + count) // 100 + 1) + 1):
        items += items_of(app(_with(request, [*base, ("limit", "100"), ("page", str(page))])).payload())
    skip = start - (start // 100) * 100
    return items[skip : skip + count]


def profile_of(app: App, request: Request) -> Any:
    """The ListProfile of the route, when the app knows it (the spec-driven app does); else None."""
    lookup = getattr(app, "profile_for", None)
    return lookup(request.path) if lookup else None


def pages(app: App, request: Request) -> bool:
    profile = profile_of(app, request)
    return profile is None or profile.page is not None


def windowed(select: Callable[[App, Request, int, int], list[dict[str, Any]]]) -> Wrapper:
    """A fault that serves a different slice of the set for valid paged requests."""

    def wrap(app: App) -> App:
        def faulty(request: Request) -> Response:
            response = app(request)
            params = dict(params_of(request))
            cursors = {"starting_after", "starting_after_id", "cursor"}
            if response.status != 200 or request.method != "GET" or cursors & set(params) or not pages(app, request):
                return response
            body = response.payload()
            limit, page = int(params.get("limit", 10)), int(params.get("page", 1))
            body[items_key(body)] = select(app, request, (page - 1) * limit, limit)
            return response.with_payload(body)

        return faulty

    return wrap


def response(rewrite: Callable[[Response, Request], Response]) -> Wrapper:
    """A fault that edits whatever the correct app answered."""

    def wrap(app: App) -> App:
        return lambda request: rewrite(app(request), request)

    return wrap
