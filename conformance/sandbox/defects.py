"""The defects the fault catalogue injects: request rewrites, body rewrites and page windows (faults.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from conformance.sandbox.http import App, Request, Response
from conformance.sandbox.rewrites import items_of, page_window, params_of
from conformance.timestamps import format_micros, parse_iso8601


def overlap(app: App, request: Request, offset: int, limit: int) -> list[dict[str, Any]]:
    return page_window(app, request, max(0, offset - 1), limit)


def unstable_ties(app: App, request: Request, offset: int, limit: int) -> list[dict[str, Any]]:
    start = max(0, offset - limit)
    window = page_window(app, request, start, 3 * limit)
    params = dict(params_of(request))
    key = params.get("order", "-created_at").lstrip("-")
    groups: dict[Any, list[dict[str, Any]]] = {}
    for item in window:
        groups.setdefault(item.get(key), []).append(item)
    # Like a sort without a tie-break whose plan changes between queries: ties flip on every other page.
    if params.get("page", "1").isdigit() and int(params.get("page", "1")) % 2 == 0:
        for group in groups.values():
            group.reverse()
    reordered = [item for value in dict.fromkeys(i.get(key) for i in window) for item in groups[value]]
    return reordered[offset - start : offset - start + limit]


def _credentials(app: App) -> Any:
    return app.credentials  # type: ignore[attr-defined]


def auth_ignored(app: App) -> App:
    def faulty(request: Request) -> Response:
        creds = _credentials(app)
        headers = {**request.headers, "x-app-id": creds.app_id, "x-app-token": creds.app_token}
        return app(replace(request, headers=headers))

    return faulty


def token_unchecked(app: App) -> App:
    def faulty(request: Request) -> Response:
        creds = _credentials(app)
        if request.headers.get("x-app-id") == creds.app_id:
            request = replace(request, headers={**request.headers, "x-app-token": creds.app_token})
        return app(request)

    return faulty


def status_500(r: Response, req: Request) -> Response:
    return replace(r, status=500) if r.status == 400 else r


def crash_past_end(r: Response, req: Request) -> Response:
    if r.status == 200 and req.method == "GET" and not items_of(r.payload()) and "page=" in req.query:
        return Response.json(500, {"code": 500, "message": "Internal Server Error"})
    return r


def shift_cursor(params: dict[str, str]) -> dict[str, str]:
    micros = parse_iso8601(params.get("starting_after", ""))
    if micros is not None:
        ascending = params.get("order") in ("created_at", "updated_at")
        params["starting_after"] = format_micros(micros - 1000 if ascending else micros + 1000)
    return params


def without(*names: str) -> Callable[[dict[str, str]], dict[str, str]]:
    return lambda p: {k: v for k, v in p.items() if k not in names}


def invert_order(p: dict[str, str]) -> dict[str, str]:
    if "order" in p:
        p["order"] = p["order"][1:] if p["order"].startswith("-") else "-" + p["order"]
    return p


def clamp(name: str, high: int) -> Callable[[dict[str, str]], dict[str, str]]:
    def rewrite(p: dict[str, str]) -> dict[str, str]:
        if p.get(name, "").isdigit() and int(p[name]) > high:
            p[name] = str(high)
        return p

    return rewrite


def set_default(name: str, value: str) -> Callable[[dict[str, str]], dict[str, str]]:
    return lambda p: p if name in p else {**p, name: value}


def swap_order(old: str, new: str) -> Callable[[dict[str, str]], dict[str, str]]:
    return lambda p: {**p, "order": p["order"].replace(old, new)} if "order" in p else p


def drop_nested(body: dict[str, Any], _: dict[str, str]) -> None:
    for item in items_of(body):
        if item.get("summary"):
            item["summary"]["redemptions"]["gift"].pop("amount_to_go", None)


def set_field(field: str, value: Any) -> Callable[[dict[str, Any], dict[str, str]], None]:
    return lambda body, _: body.__setitem__(field, value)


def total(compute: Callable[[dict[str, Any]], int]) -> Callable[[dict[str, Any], dict[str, str]], None]:
    return lambda body, _: body.__setitem__("total", compute(body))


def total_unfiltered(app: App) -> App:
    def faulty(request: Request) -> Response:
        result = app(request)
        if result.status != 200 or request.method != "GET":
            return result
        body = result.payload()
        body["total"] = app(replace(request, query="limit=1")).payload()["total"]
        return result.with_payload(body)

    return faulty


def bad_timestamps(body: dict[str, Any], _: dict[str, str]) -> None:
    for item in items_of(body):
        item["created_at"] = item["created_at"].replace("T", " ").removesuffix("Z")


def text_plain(r: Response, req: Request) -> Response:
    return replace(r, headers={**r.headers, "Content-Type": "text/plain"}) if r.status == 200 else r


def page_past_end(app: App, request: Request, offset: int, limit: int) -> list[dict[str, Any]]:
    items = page_window(app, request, offset, limit)
    return items or page_window(app, request, max(0, offset - limit), limit)
