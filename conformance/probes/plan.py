"""The probe plan for one list operation: what to send, in what order, to prove the most per request.

1. one reference page at the largest limit (the default order);
2. one request per other `order` value;
3. each filter once, with a value taken from the reference page;
4. a page walk and a cursor walk over a small filtered set;
5. the limit and page bounds, just outside their ranges;
6. one request without credentials.
"""

from __future__ import annotations

from typing import Any

from conformance.findings import UNDOCUMENTED_STATUS_CHECK, Kind
from conformance.probes.prober import Prober
from conformance.probes.walks import cursor_walk, page_walk, pick_limit, walk_filter
from conformance.transport import APP_ID_HEADER, APP_TOKEN_HEADER

BOUNDS = "list_bounds"
AUTH = "auth_required"
REJECTED = range(400, 500)
WRONG = "conformance-wrong-credential"


def run_plan(prober: Prober) -> None:
    profile = prober.profile
    limit = {profile.limit.name: profile.limit.maximum or 100} if profile.limit else {}
    reference = prober.get(**limit)
    items = reference.listing.items if reference.listing else []
    for order in profile.order_values:
        if profile.order and order != profile.default_order:
            prober.get(**{profile.order: order}, **limit)
    for name, value in _filter_values(prober, items).items():
        prober.get(**{name: value}, **limit)
    if profile.date_cursor and items:
        prober.get(**{profile.date_cursor: items[len(items) // 2].get("created_at")})
    walk = walk_filter(prober, reference)
    if walk is not None:
        query, newest = walk
        size = pick_limit(newest)
        found = page_walk(prober, query, size)
        if found is not None:
            cursor_walk(prober, query, next(iter(query.values())), size, found)
    probe_bounds(prober)
    probe_auth(prober)


def _filter_values(prober: Prober, items: list[dict[str, Any]]) -> dict[str, str]:
    """One realistic value per filter: an existing email, city, name; the middle item's timestamps."""
    profile = prober.profile
    values: dict[str, str] = {}
    for name, path in profile.text_filters.items():
        for item in items:
            node: Any = item
            for part in path:
                node = node.get(part) if isinstance(node, dict) else None
            if isinstance(node, str) and node:
                values[name] = node
                break
    if items:
        middle = items[len(items) // 2]
        for name, (field, _side) in profile.date_bounds.items():
            if isinstance(middle.get(field), str):
                values[name] = middle[field]
    return values


def probe_bounds(prober: Prober) -> None:
    """Just outside the documented ranges of limit and page, the API must refuse (4xx)."""
    profile = prober.profile
    for param in (profile.limit, profile.page):
        if param is None:
            continue
        outside = [
            v
            for v in (
                param.minimum - 1 if param.minimum is not None else None,
                param.maximum + 1 if param.maximum is not None else None,
            )
            if v is not None
        ]
        for value in outside:
            exchange = prober.get(**{param.name: value})
            status = exchange.response.status_code
            if status not in REJECTED:
                prober.fail(
                    BOUNDS,
                    f"`{param.name}` outside {param.minimum}..{param.maximum} is accepted",
                    f"a 4xx for {param.name}={value}",
                    f"HTTP {status}",
                    steps=[prober.sequence[-1]],
                )


def probe_auth(prober: Prober) -> None:
    """Without credentials, or with either one wrong, the API must refuse (401 or 403)."""
    context = prober.exerciser.context
    url = context.base_url + prober.operation.path
    good = context.headers
    variants = {
        "without credentials": {},
        "with a wrong X-App-Token": {**good, APP_TOKEN_HEADER: WRONG},
        "with a wrong X-App-Id": {**good, APP_ID_HEADER: WRONG},
    }
    for label, headers in variants.items():
        # Sent outside Schemathesis: the session adds nothing, so exactly these headers go out.
        status = context.session.get(url, headers=headers).status_code
        if status not in (401, 403):
            prober.fail(
                AUTH,
                f"Request {label} is not refused",
                "HTTP 401 or 403",
                f"HTTP {status}",
                steps=[url],
                with_credentials=False,
            )
            continue
        if label == "without credentials" and str(status) not in prober.operation.definition.raw.get("responses", {}):
            prober.fail(
                UNDOCUMENTED_STATUS_CHECK,
                "Undocumented status code",
                "a status the spec documents",
                f"HTTP {status} {label}",
                steps=[url],
                kind=Kind.SPEC_GAP,
                with_credentials=False,
            )


PROBE_CHECKS = ("list_page_walk", "list_cursor_walk", BOUNDS, AUTH)
