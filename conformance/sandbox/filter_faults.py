"""Faults from the field in how a filter and the paging combine, each citing its public bug report."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from conformance.sandbox.fault import Fault
from conformance.sandbox.field_faults import date_param
from conformance.sandbox.http import App, Request, Response
from conformance.sandbox.rewrites import Params, items_key, items_of, params_of, profile_of
from conformance.sandbox.shape import ListShape

# The most pages of the filtered set the fault reads through the correct app to know which items it selects.
MAX_PAGES = 50


def _filtering(name: str, profile: ListShape | None) -> bool:
    """A parameter that filters the list: a date bound or range, a `filters` condition, a text filter."""
    texts = profile.text_filters if profile else ("email", "city", "name")
    return date_param(name) or name.startswith("filters[") or name in texts


def _paging(profile: ListShape | None) -> set[str]:
    names = {"page", "starting_after", "starting_after_id", "cursor", "limit"}
    if profile is not None:
        names |= {n for n in (profile.date_cursor, profile.id_cursor, profile.cursor) if n}
        names |= {p.name for p in (profile.page, profile.limit) if p is not None}
    return names


def _key(item: Any) -> str:
    return str(item.get("id")) if isinstance(item, dict) and "id" in item else json.dumps(item, sort_keys=True)


def _without(request: Request, params: Params, names: set[str]) -> Request:
    return replace(request, query=urlencode([(n, v) for n, v in params if n not in names]))


def selected(app: App, request: Request, profile: ListShape | None) -> set[str]:
    """The items the request's filters select, read page by page from the correct app at the largest limit."""
    limit = profile.limit if profile else None
    base = [(n, v) for n, v in params_of(request) if n not in _paging(profile)]
    base.append((limit.name if limit else "limit", str(limit.maximum if limit and limit.maximum else 100)))
    keys: set[str] = set()
    more: Params = []
    for number in range(2, MAX_PAGES + 2):
        answer = app(replace(request, query=urlencode([*base, *more])))
        if answer.status != 200:
            break
        body = answer.payload()
        keys |= {_key(item) for item in items_of(body)}
        following = (body.get("cursor") or {}).get("next")
        if following and profile is not None and profile.cursor:
            more = [(profile.cursor, following)]
        elif body.get("has_more") and body.get("more_starting_after") and profile and profile.id_cursor:
            more = [(profile.id_cursor, body["more_starting_after"])]
        elif body.get("has_more") and (profile is None or profile.page is not None):
            more = [(profile.page.name if profile and profile.page else "page", str(number))]
        else:
            break
    return keys


def filter_after_paging(app: App) -> App:
    """Each page is cut from the unfiltered list, then filtered: short pages, and the items of the others lost."""

    def faulty(request: Request) -> Response:
        params, profile = params_of(request), profile_of(app, request)
        filters = {name for name, _ in params if _filtering(name, profile)}
        if request.method != "GET" or not filters:
            return app(request)
        # The filter values are valid (the correct app takes them without the pointer, issued for the unfiltered list).
        if app(_without(request, params, _paging(profile) - {"limit"})).status != 200:
            return app(request)
        unfiltered = app(_without(request, params, filters))
        if unfiltered.status != 200:
            return app(request)
        keep = selected(app, request, profile)
        body = unfiltered.payload()
        body[items_key(body)] = [item for item in items_of(body) if _key(item) in keep]
        if "total" in body:
            body["total"] = len(keep)  # the count query filters; only the page query filters after the cut
        return unfiltered.with_payload(body)

    return faulty


FILTER_FAULTS: tuple[Fault, ...] = (
    # get-convex/convex-helpers#381, cleverage/eav-manager#54: the page is read first and the filter applied to it,
    # so a page holds fewer items than the limit and matching items on other pages are never returned with it.
    Fault(
        "filter-after-paging",
        "filter",
        "list_equivalent_requests",
        "each page is cut from the unfiltered list, then filtered",
        filter_after_paging,
        applies=lambda p: bool(p.limit and (p.date_bounds or p.start_date or (p.filters and p.filters.dates))),
        also=("list_page_walk", "list_cursor_walk", "list_filter_finds", "list_filters"),
    ),
)
