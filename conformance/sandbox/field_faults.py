"""Faults from the field: paging, sorting and filtering defects of real APIs, each citing its public bug report.

Each works on any served list of the styles it names; `Fault.applies` says which lists have what it breaks.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from conformance.sandbox.fault import PAGED, Fault
from conformance.sandbox.http import App, Request, Response
from conformance.sandbox.list_faults import refusing
from conformance.sandbox.rewrites import (
    Wrapper,
    body_fault,
    items_key,
    items_of,
    params_of,
    profile_of,
    query,
    response,
)
from conformance.sandbox.shape import ListShape, ListStyle

# Elasticsearch's `index.max_result_window` (from + size <= 10,000) scaled to Voucherify's bounds: page 99 with the
# default limit stays inside it, the largest page with the largest limit does not.
RESULT_WINDOW = 1000
# The limit of GET /v1/customers, whose app has no profile to read it from.
CUSTOMERS_LIMIT_MAX = 100
_OFFSET = re.compile(r"^(?P<local>\d{4}-\d\d-\d\dT[\d:.]+)(?P<offset>[+-]\d\d(?::?\d\d)?)$")
_ZERO_OFFSETS = ("+00", "+0000", "+00:00", "-00", "-0000", "-00:00")


def date_param(name: str) -> bool:
    """A date bound of the query: `created_at[before]`, `filters[f][conditions][$after]`, `start_date`, ..."""
    return name.endswith(("[before]", "[after]", "[$before]", "[$after]")) or name in ("start_date", "end_date")


def _has_dates(profile: ListShape) -> bool:
    return bool(profile.date_bounds or profile.start_date or (profile.filters and profile.filters.dates))


def _order_field(params: dict[str, str], profile: ListShape | None) -> tuple[str, bool]:
    """The item field a request sorts by, and whether descending (the default order when it names none)."""
    order = params.get("order") or (profile.default_order if profile else None) or "-created_at"
    return order.lstrip("-"), order.startswith("-")


def _limit(params: dict[str, str], profile: ListShape | None) -> int | None:
    if params.get("limit", "").isdigit():
        return int(params["limit"])
    return profile.limit.default if profile and profile.limit else None


def has_more_on_full_last_page(body: dict[str, Any], request: Request, app: App) -> None:
    """`has_more = len(page) == limit`: an exactly full last page says there is more, and the next page is empty."""
    items = items_of(body)
    limit = _limit(dict(params_of(request)), profile_of(app, request))
    if body.get("has_more") is False and items and len(items) == limit:
        body["has_more"] = True
        if "more_starting_after" in body:
            body["more_starting_after"] = items[-1].get("id")


def cursor_skips_ties(app: App) -> App:
    """The next page reads `key > cursor's key`: items tied with the page's last item on the sort key are lost."""
    boundary: dict[str, tuple[str, Any]] = {}
    lock = threading.Lock()

    def faulty(request: Request) -> Response:
        answer = app(request)
        if answer.status != 200 or request.method != "GET":
            return answer
        params = dict(params_of(request))
        body = answer.payload()
        items = items_of(body)
        key, _ = _order_field(params, profile_of(app, request))
        following = (body.get("cursor") or {}).get("next") or body.get("more_starting_after")
        with lock:
            if following and items:
                boundary[str(following)] = (key, items[-1].get(key))
            tie = boundary.get(params.get("cursor") or params.get("starting_after_id") or "")
        if tie is None:
            return answer
        body[items_key(body)] = [item for item in items if item.get(tie[0]) != tie[1]]
        return answer.with_payload(body)

    return faulty


def validated(rewrite: Callable[[dict[str, str]], dict[str, str]]) -> Wrapper:
    """A query rewrite applied only to requests the correct app accepts: the fault keeps refusing invalid values."""
    rewritten = query(rewrite)

    def wrap(app: App) -> App:
        faulty = rewritten(app)

        def answer(request: Request) -> Response:
            first = app(request)
            return faulty(request) if first.status == 200 and request.method == "GET" else first

        return answer

    return wrap


def _past_first_page(params: dict[str, str]) -> bool:
    page = params.get("page", "1")
    return (page.isdigit() and int(page) > 1) or bool({"starting_after", "starting_after_id"} & set(params))


def sort_within_page(app: App) -> App:
    """The page is cut from the default order, and only then sorted by the requested one."""

    def faulty(request: Request) -> Response:
        params = params_of(request)
        orders = [value for name, value in params if name == "order"]
        # A v2 cursor is issued for the order the page was cut in (the default one): the order value is validated
        # without it, so that the next page is served past the cursor, cut in the default order too.
        cursor = getattr(profile_of(app, request), "cursor", None)
        checked = app(replace(request, query=urlencode([(name, value) for name, value in params if name != cursor])))
        if request.method != "GET" or len(orders) != 1 or checked.status != 200:
            return checked
        answer = app(replace(request, query=urlencode([(name, value) for name, value in params if name != "order"])))
        if answer.status != 200:
            return answer
        body = answer.payload()
        key, descending = orders[0].lstrip("-"), orders[0].startswith("-")
        present = [item for item in items_of(body) if item.get(key) is not None]
        absent = [item for item in items_of(body) if item.get(key) is None]
        present.sort(key=lambda item: (str(type(item[key])), item[key]), reverse=descending)
        body[items_key(body)] = [*present, *absent]
        return answer.with_payload(body)

    return faulty


def drop_offset(params: dict[str, str]) -> dict[str, str]:
    """A date bound's UTC offset is dropped: its local time is read as UTC."""
    for name, value in params.items():
        match = _OFFSET.match(value)
        if date_param(name) and match and match["offset"] not in _ZERO_OFFSETS:
            params[name] = match["local"] + "Z"
    return params


def limit_at_maximum(params: dict[str, str], request: Request, app: App) -> bool:
    profile = profile_of(app, request)
    maximum = profile.limit.maximum if profile and profile.limit else CUSTOMERS_LIMIT_MAX
    return params.get("limit") == str(maximum)


def date_time_bound(params: dict[str, str], request: Request, app: App) -> bool:
    return any(date_param(name) and "T" in value for name, value in params.items())


def sorted_pointer(params: dict[str, str], request: Request, app: App) -> bool:
    """A request with an `order` and a pointer (a v2 cursor, or `starting_after_id`) that the list issued."""
    return bool(params.get("order")) and bool(params.get("cursor") or params.get("starting_after_id"))


def deep_page_500(answer: Response, request: Request) -> Response:
    params = dict(params_of(request))
    page, limit = params.get("page", "1"), params.get("limit", "10")
    if answer.status == 200 and page.isdigit() and limit.isdigit() and int(page) * int(limit) > RESULT_WINDOW:
        return Response.json(500, {"code": 500, "message": "Result window is too large"})
    return answer


FIELD_FAULTS: tuple[Fault, ...] = (
    # Divkix/Logwell#62, webrenew/unicon#50: has_more is `len(rows) == limit`, true on an exactly full last page.
    Fault(
        "has-more-on-full-last-page",
        "pagination",
        "list_counts",
        "an exactly full last page says has_more (the next page is empty)",
        body_fault(has_more_on_full_last_page),
        frozenset({ListStyle.PAGE, ListStyle.DATE_CURSOR, ListStyle.ID_CURSOR}),
        lambda p: p.has_more,
        ("list_page_walk", "list_cursor_walk", "list_last_page"),
    ),
    # superplanehq/superplane#6627, lablup/backend.ai#14731: a keyset cursor compares the sort key only, so the
    # items tied with the cursor's item are skipped.
    Fault(
        "cursor-skips-ties",
        "cursor",
        "list_cursor_walk",
        "the next page drops the items tied with the cursor's item on the sort key",
        cursor_skips_ties,
        frozenset({ListStyle.CURSOR}),
        # Page 2 of an order does not continue page 1 when a page ends inside a tie (order_steps' tie limit).
        also=("list_page_walk", "list_order_across_pages"),
    ),
    # dynamicweb/Swift#28: the next page's link drops the sort; the second page comes in the default order.
    Fault(
        "order-lost-past-first-page",
        "sort",
        "list_sort_order",
        "pages after the first (and cursor pages) ignore order",
        validated(lambda p: {k: v for k, v in p.items() if k != "order"} if _past_first_page(p) else p),
        frozenset({ListStyle.PAGE, ListStyle.DATE_CURSOR, ListStyle.ID_CURSOR}),
        lambda p: bool(p.order_values),
        ("list_page_walk", "list_cursor_walk", "list_id_cursor"),
    ),
    # jfinkels/flask-restless#434: "order_by together with results_per_page will only order the visible page".
    Fault(
        "sort-within-page-only",
        "sort",
        "list_sort_order",
        "each page is cut in the default order, then sorted by order",
        sort_within_page,
        applies=lambda p: bool(p.order_values),
        also=("list_page_walk", "list_cursor_walk", "list_id_cursor", "list_order_across_pages"),
    ),
    # metabase/metabase#35153, nocodb/nocodb#2754, medplum/medplum#4058: a date filter with a UTC offset is read as
    # UTC; in every date filter style (`created_at[after]`, `filters[...][conditions][$after]`, `start_date`).
    Fault(
        "date-filter-offset-ignored",
        "filter",
        "list_filters",
        "a date bound with a non-zero UTC offset is read as if it were UTC",
        validated(drop_offset),
        applies=_has_dates,
        also=("list_equivalent_requests",),
    ),
    # Not in the catalogue: `date-bounds-inclusive` (api-platform/core#1326, SonarSource/sonarqube#98: `before`/`after`
    # filter on `<=`/`>=`). Those APIs document strict bounds; Voucherify's words never say whether an item at the
    # bound's own instant is in or out. listing.mdx and the `created_at`/`updated_at` parameters (vouchers.json,
    # promotions.json, ...) say only "a dictionary with the following options: `before`, `after`", with a plain date
    # as an example (`[created_at][after]=2017-09-08`); customers.json's `$before`/`$after` say "Value is before
    # (after) this date", loyalties-v2.json's "Field is before (after) the given date": no `<` or `<=`, no
    # "strictly", "inclusive" or "exclusive" (the one "inclusive" of the spec is a report's date range). An
    # inclusive bound breaks no word of the spec on any list, so it is no defect there, and no check may call it one.
    # nocodb/nocodb#33: "Max page size is actually 99, not 100" (a `<` where the docs say `<=`).
    Fault(
        "limit-max-refused",
        "pagination",
        "positive_data_acceptance",
        "the documented largest limit answers 400",
        refusing(limit_at_maximum),
        applies=lambda p: bool(p.limit and p.limit.maximum),
        also=("list_bounds",),
    ),
    # elastic/elasticsearch#26799, amcat/amcat#700: from + size past the result window is a 500.
    Fault(
        "deep-page-500",
        "server-error",
        "not_a_server_error",
        f"page x limit above {RESULT_WINDOW} answers 500 (both inside their documented ranges)",
        response(deep_page_500),
        PAGED,
        lambda p: bool(p.page and p.limit),
        ("list_largest_page",),
    ),
    # HeliosSoftware/hfs#1058, twentyhq/twenty#20109: a sorted list advertises a next cursor, and the same endpoint
    # refuses it together with the sort (400).
    Fault(
        "sorted-cursor-refused",
        "cursor",
        "list_order_across_pages",
        "the next cursor of a page in a documented order answers 400 with that order",
        refusing(sorted_pointer),
        frozenset({ListStyle.ID_CURSOR, ListStyle.CURSOR}),
        lambda p: bool(p.order_values),
    ),
    # akvo/akvo-rsr#1774: after a fix, date filters took plain dates only and refused valid date-times with 400.
    Fault(
        "datetime-filter-refused",
        "filter",
        "positive_data_acceptance",
        "a date filter with a time of day answers 400 (plain dates pass)",
        refusing(date_time_bound),
        applies=_has_dates,
        also=("list_filters", "list_filter_finds"),
    ),
)
