"""Faults that work on a list of any paging style, including the ones that break typed clients (issue #11)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from conformance.sandbox.errors import error
from conformance.sandbox.http import App, Request, Response
from conformance.sandbox.rewrites import items_key, items_of, params_of, profile_of
from conformance.sandbox.shape import cursor_prefix
from conformance.timestamps import parse_rfc3339


def cursor_inclusive(shift_date_cursor: Callable[[App], App]) -> Callable[[App], App]:
    """Date cursors move one millisecond back; id and v2 cursors repeat the item they point after."""

    def wrap(app: App) -> App:
        shifted = shift_date_cursor(app)
        last_item: dict[str, Any] = {}
        lock = threading.Lock()

        def faulty(request: Request) -> Response:
            params = dict(params_of(request))
            if "starting_after" in params:
                return shifted(request)
            response = app(request)
            if response.status != 200 or request.method != "GET":
                return response
            body = response.payload()
            items = items_of(body)
            following = body.get("more_starting_after") or (body.get("cursor") or {}).get("next")
            with lock:
                if following and items:
                    last_item[str(following)] = items[-1]
                repeated = last_item.get(params.get("starting_after_id") or params.get("cursor") or "")
            if repeated is None:
                return response
            body[items_key(body)] = [repeated, *items]
            return response.with_payload(body)

        return faulty

    return wrap


def more_starting_after_first(body: dict[str, Any], request: Request, app: App) -> None:
    items = items_of(body)
    if body.get("more_starting_after") and items:
        body["more_starting_after"] = items[0].get("id")


def has_more_always_true(body: dict[str, Any], request: Request, app: App) -> None:
    if "cursor" in body:
        # A v2 list never ends: the last page points at itself.
        if body["cursor"] is None:
            profile = profile_of(app, request)
            prefix = cursor_prefix(profile.cursor_pattern if profile else None)
            again = dict(params_of(request)).get("cursor") or prefix + "0" * 24
            body["cursor"] = {"next": again, "expires_at": "2030-01-01T00:00:00.000Z"}
        return
    body["has_more"] = True


def total_as_string(body: dict[str, Any], request: Request, app: App) -> None:
    if "total" in body:
        body["total"] = str(body["total"])


def object_outside_enum(body: dict[str, Any], request: Request, app: App) -> None:
    profile = profile_of(app, request)
    known = profile.item_objects[0] if profile and profile.item_objects else "item"
    for item in items_of(body):
        item["object"] = f"{item.get('object') or known}_unknown"


def null_item(body: dict[str, Any], request: Request, app: App) -> None:
    key = items_key(body)
    if body[key]:
        body[key] = [*body[key], None]


def datetime_without_zone(body: dict[str, Any], request: Request, app: App) -> None:
    for item in items_of(body):
        for name, value in item.items():
            if isinstance(value, str) and value.endswith("Z") and parse_rfc3339(value) is not None:
                item[name] = value[:-1]


def required_field_missing(body: dict[str, Any], request: Request, app: App) -> None:
    profile = profile_of(app, request)
    required = [n for n in (profile.item_required if profile else ("id",)) if n not in ("object",)] or ["object"]
    for item in items_of(body):
        for name in required:
            if name in item:
                del item[name]
                break


# Faults that refuse or lose valid input (issue #21): the spec defines the value as valid, or it was taken from a
# real item, so neither a refusal nor an empty answer is the spec's gap.
Wants = Callable[[dict[str, str], Request, App], bool]
# The text filters of GET /v1/customers, whose app has no profile to read them from.
CUSTOMER_TEXT_FILTERS = ("email", "city", "name")
LIMIT_REFUSED_ABOVE = 50  # the documented range is 1..100


def refusing(wants: Wants) -> Callable[[App], App]:
    """A fault that answers a GET whose query `wants` picks with a Voucherify 400 error, as if a value were invalid."""

    def wrap(app: App) -> App:
        def faulty(request: Request) -> Response:
            params = dict(params_of(request))
            if request.method == "GET" and wants(params, request, app):
                return error(400, "invalid_query_params", "Invalid query params", "the value is not allowed")
            return app(request)

        return faulty

    return wrap


def filters_by_value(params: dict[str, str], request: Request, app: App) -> bool:
    """The request filters by a text filter, or by a `filters[...][$is]` condition, with a value."""
    profile = profile_of(app, request)
    names = tuple(profile.text_filters) if profile else CUSTOMER_TEXT_FILTERS
    return any(params.get(name) for name in names) or any(
        value and name.startswith("filters[") and name.endswith("[$is]") for name, value in params.items()
    )


def limit_above_half(params: dict[str, str], request: Request, app: App) -> bool:
    limit = params.get("limit", "")
    return limit.isdigit() and int(limit) > LIMIT_REFUSED_ABOVE


def descending_order(params: dict[str, str], request: Request, app: App) -> bool:
    return params.get("order", "").startswith("-")


def filter_finds_nothing(body: dict[str, Any], request: Request, app: App) -> None:
    """A filtered list is empty, and its counts agree: only the item a filter value came from shows the fault."""
    if not filters_by_value(dict(params_of(request)), request, app):
        return
    body[items_key(body)] = []
    for name, empty in (("total", 0), ("has_more", False), ("more_starting_after", None), ("cursor", None)):
        if name in body:
            body[name] = empty
