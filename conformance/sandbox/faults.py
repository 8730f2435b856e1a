"""Realistic defects, each a wrapper around the correct app: the correct code path never tests for a fault.

Each fault names the check that must catch it; tests run `conformance run` against every one.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from conformance.sandbox.http import App, Request, Response
from conformance.sandbox.rewrites import Wrapper, items_of, page_window, params_of, payload, query, response, windowed
from conformance.timestamps import format_micros, parse_rfc3339


@dataclass(frozen=True)
class Fault:
    name: str
    category: str
    catches: str
    description: str
    wrap: Wrapper


def _overlap(app: App, request: Request, offset: int, limit: int) -> list[dict[str, Any]]:
    return page_window(app, request, max(0, offset - 1), limit)


def _unstable_ties(app: App, request: Request, offset: int, limit: int) -> list[dict[str, Any]]:
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


def _status_500(r: Response, req: Request) -> Response:
    return replace(r, status=500) if r.status == 400 else r


def _crash_past_end(r: Response, req: Request) -> Response:
    if r.status == 200 and req.method == "GET" and not r.payload()["customers"] and "page=" in req.query:
        return Response.json(500, {"code": 500, "message": "Internal Server Error"})
    return r


def _shift_cursor(params: dict[str, str]) -> dict[str, str]:
    micros = parse_rfc3339(params.get("starting_after", ""))
    if micros is not None:
        ascending = params.get("order") in ("created_at", "updated_at")
        params["starting_after"] = format_micros(micros - 1000 if ascending else micros + 1000)
    return params


def _without(*names: str) -> Callable[[dict[str, str]], dict[str, str]]:
    return lambda p: {k: v for k, v in p.items() if k not in names}


def _invert_order(p: dict[str, str]) -> dict[str, str]:
    if "order" in p:
        p["order"] = p["order"][1:] if p["order"].startswith("-") else "-" + p["order"]
    return p


def _clamp(name: str, high: int) -> Callable[[dict[str, str]], dict[str, str]]:
    def rewrite(p: dict[str, str]) -> dict[str, str]:
        if p.get(name, "").isdigit() and int(p[name]) > high:
            p[name] = str(high)
        return p

    return rewrite


def _set_default(name: str, value: str) -> Callable[[dict[str, str]], dict[str, str]]:
    return lambda p: p if name in p else {**p, name: value}


def _swap_order(old: str, new: str) -> Callable[[dict[str, str]], dict[str, str]]:
    return lambda p: {**p, "order": p["order"].replace(old, new)} if "order" in p else p


def _drop_nested(body: dict[str, Any], _: dict[str, str]) -> None:
    for item in items_of(body):
        if item.get("summary"):
            item["summary"]["redemptions"]["gift"].pop("amount_to_go", None)


def _set(field: str, value: Any) -> Callable[[dict[str, Any], dict[str, str]], None]:
    return lambda body, _: body.__setitem__(field, value)


def _total(compute: Callable[[dict[str, Any]], int]) -> Callable[[dict[str, Any], dict[str, str]], None]:
    return lambda body, _: body.__setitem__("total", compute(body))


def _total_unfiltered(app: App) -> App:
    def faulty(request: Request) -> Response:
        result = app(request)
        if result.status != 200 or request.method != "GET":
            return result
        body = result.payload()
        body["total"] = app(replace(request, query="limit=1")).payload()["total"]
        return result.with_payload(body)

    return faulty


def _bad_timestamps(body: dict[str, Any], _: dict[str, str]) -> None:
    for item in items_of(body):
        item["created_at"] = item["created_at"].replace("T", " ").removesuffix("Z")


def _text_plain(r: Response, req: Request) -> Response:
    return replace(r, headers={**r.headers, "Content-Type": "text/plain"}) if r.status == 200 else r


def _page_past_end(app: App, request: Request, offset: int, limit: int) -> list[dict[str, Any]]:
    items = page_window(app, request, offset, limit)
    return items or page_window(app, request, max(0, offset - limit), limit)


FAULTS: tuple[Fault, ...] = (
    Fault("limit-ignored", "pagination", "list_page_size", "limit is ignored; pages hold 10", query(_without("limit"))),
    Fault(
        "default-limit-25", "pagination", "list_page_size", "25 items without limit", query(_set_default("limit", "25"))
    ),
    Fault("default-limit-5", "pagination", "list_counts", "5 items without limit", query(_set_default("limit", "5"))),
    Fault("total-unfiltered", "pagination", "list_counts", "total counts every customer", _total_unfiltered),
    Fault(
        "total-of-page",
        "pagination",
        "list_counts",
        "total counts the page only",
        payload(_total(lambda b: len(items_of(b)))),
    ),
    Fault(
        "has-more-always-true", "pagination", "list_counts", "has_more is always true", payload(_set("has_more", True))
    ),
    Fault(
        "has-more-always-false",
        "pagination",
        "list_counts",
        "has_more is always false",
        payload(_set("has_more", False)),
    ),
    Fault(
        "page-off-by-one",
        "pagination",
        "list_page_walk",
        "page N serves page N+1",
        windowed(lambda a, r, o, lim: page_window(a, r, o + lim, lim)),
    ),
    Fault("page-overlap", "pagination", "list_page_walk", "pages overlap by one item", windowed(_overlap)),
    Fault(
        "unstable-tie-order",
        "pagination",
        "list_page_walk",
        "ties in random order per request",
        windowed(_unstable_ties),
    ),
    Fault(
        "page-past-end-repeats",
        "pagination",
        "list_page_walk",
        "past the end repeats the last page",
        windowed(_page_past_end),
    ),
    Fault("page-max-unenforced", "pagination", "list_bounds", "page above 99 is served", query(_clamp("page", 99))),
    Fault(
        "limit-max-unenforced", "pagination", "list_bounds", "limit above 100 is clamped", query(_clamp("limit", 100))
    ),
    Fault("order-ignored", "sort", "list_sort_order", "order is ignored", query(_without("order"))),
    Fault("order-inverted", "sort", "list_sort_order", "every order sorts the other way", query(_invert_order)),
    Fault(
        "default-order-ascending",
        "sort",
        "list_sort_order",
        "oldest first by default",
        query(_set_default("order", "created_at")),
    ),
    Fault(
        "source-id-sorted-by-date",
        "sort",
        "list_sort_order",
        "order=source_id sorts by created_at",
        query(_swap_order("source_id", "created_at")),
    ),
    Fault(
        "updated-sorted-by-created",
        "sort",
        "list_sort_order",
        "order=updated_at sorts by created_at",
        query(_swap_order("updated_at", "created_at")),
    ),
    Fault("cursor-ignored", "cursor", "list_cursor", "starting_after is ignored", query(_without("starting_after"))),
    Fault(
        "cursor-wrong-direction",
        "cursor",
        "list_cursor",
        "starting_after alone returns newer items",
        query(lambda p: {**p, "order": "created_at"} if "starting_after" in p and "order" not in p else p),
    ),
    Fault(
        "cursor-inclusive",
        "cursor",
        "list_cursor_walk",
        "the item at the cursor is returned again",
        query(_shift_cursor),
    ),
    Fault("email-filter-ignored", "filter", "list_filters", "email filter is ignored", query(_without("email"))),
    Fault("city-filter-ignored", "filter", "list_filters", "city filter is ignored", query(_without("city"))),
    Fault("name-filter-ignored", "filter", "list_filters", "name filter is ignored", query(_without("name"))),
    Fault(
        "created-before-ignored",
        "filter",
        "list_filters",
        "created_at[before] is ignored",
        query(_without("created_at[before]")),
    ),
    Fault(
        "updated-after-as-before",
        "filter",
        "list_filters",
        "updated_at[after] acts as [before]",
        query(lambda p: {("updated_at[before]" if k == "updated_at[after]" else k): v for k, v in p.items()}),
    ),
    Fault(
        "nested-required-missing",
        "shape",
        "list_shape",
        "summary.redemptions.gift lacks amount_to_go",
        payload(_drop_nested),
    ),
    Fault("data-ref-wrong", "shape", "list_shape", "data_ref says 'data'", payload(_set("data_ref", "data"))),
    Fault("list-object-wrong", "shape", "list_shape", "object says 'customers'", payload(_set("object", "customers"))),
    Fault("timestamp-not-rfc3339", "shape", "list_shape", "created_at without T and zone", payload(_bad_timestamps)),
    Fault("auth-ignored", "auth", "auth_required", "no credentials needed", auth_ignored),
    Fault("token-unchecked", "auth", "auth_required", "any X-App-Token passes", token_unchecked),
    Fault(
        "content-type-text",
        "content-type",
        "content_type_conformance",
        "JSON sent as text/plain",
        response(_text_plain),
    ),
    Fault("invalid-input-500", "server-error", "not_a_server_error", "invalid input gives 500", response(_status_500)),
    Fault(
        "crash-past-last-page", "server-error", "not_a_server_error", "an empty page crashes", response(_crash_past_end)
    ),
)
FAULT_NAMES = tuple(fault.name for fault in FAULTS)


def get_fault(name: str) -> Fault:
    """The fault called `name`, or a ValueError that suggests the closest name."""
    for fault in FAULTS:
        if fault.name == name:
            return fault
    close = difflib.get_close_matches(name, FAULT_NAMES, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise ValueError(f"Unknown fault {name!r}.{hint} See 'conformance sandbox --list-faults'.")
