"""The probe plan for one list operation: what to send, in what order, to prove the most per request.

Under a request budget the order matters; each step runs only while the budget lasts, and the steps it
could not afford are reported as not checked:

1. one request per `order` value (the default order's page is also the reference for the steps below);
2. a short page walk and a cursor walk over a small filtered set;
3. each filter once, with a value taken from the reference page (and the cursor once);
4. one invalid value per parameter, and the limit and page just outside their ranges;
5. requests without and with wrong credentials.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from conformance.credentials import APP_ID_HEADER, APP_TOKEN_HEADER
from conformance.findings import UNDOCUMENTED_STATUS_CHECK
from conformance.gate import BudgetExhausted
from conformance.probes.prober import Exchange, Prober
from conformance.probes.walks import CURSOR_WALK, PAGE_WALK, cursor_walk, page_walk, pick_limit, walk_filter
from conformance.result import Kind

BOUNDS = "list_bounds"
INVALID = "rejects_invalid"
AUTH = "auth_required"
REJECTED = range(400, 500)
WRONG = "conformance-wrong-credential"
INVALID_ENUM = "conformance-not-a-value"
INVALID_DATE = "not-a-date"
INVALID_INT = "ten"
# Under a tight budget the walks cover fewer items.
SMALL_BUDGET = 150
SMALL_WALK = 9


@dataclass(frozen=True)
class Step:
    """One step of an operation's plan: the probe checks it decides, and how to run it."""

    name: str
    checks: tuple[str, ...]
    run: Callable[[], None]


def plan_steps(prober: Prober, budget: int | None) -> list[Step]:
    """The operation's steps, most valuable first; the engine runs step k of every operation before step k+1."""
    state: dict[str, Any] = {}
    return [
        Step("one request per order value", (), lambda: _orders(prober, state)),
        Step("page walk and cursor walk", (PAGE_WALK, CURSOR_WALK), lambda: _walks(prober, state, budget)),
        Step("each filter once", (), lambda: _filters(prober, state)),
        Step(
            "one invalid value per parameter and the limit/page bounds", (INVALID, BOUNDS), lambda: _negatives(prober)
        ),
        Step("missing and wrong credentials", (AUTH,), lambda: probe_auth(prober)),
    ]


def run_step(prober: Prober, step: Step) -> bool:
    """Run one step and record which of its checks reached a verdict; False if the budget ran out."""
    log, operation = prober.exerciser.log, prober.operation.label
    try:
        step.run()
    except BudgetExhausted:
        for check in step.checks or ("probe",):
            log.not_checked(operation, check, f"the request budget ran out before the probe step: {step.name}")
        return False
    for check in step.checks:
        log.ran(operation, check, applied=check in prober.applied)
    return True


def run_plan(prober: Prober, budget: int | None) -> None:
    """Every step of one operation, in order (the engine interleaves operations with `plan_steps`)."""
    for step in plan_steps(prober, budget):
        run_step(prober, step)


def _largest(prober: Prober) -> dict[str, Any]:
    limit = prober.profile.limit
    return {limit.name: limit.maximum or 100} if limit else {}


def _orders(prober: Prober, state: dict[str, Any]) -> None:
    profile = prober.profile
    state["reference"] = prober.get(**_largest(prober))
    # Every value explicitly, the default one too: a server may sort the explicit default the wrong way.
    if profile.order is None:
        return
    for order in profile.order_values:
        prober.get(**{profile.order: order}, **_largest(prober))


def _reference_items(state: dict[str, Any]) -> list[dict[str, Any]]:
    reference: Exchange | None = state.get("reference")
    return reference.listing.items if reference is not None and reference.listing else []


def _walks(prober: Prober, state: dict[str, Any], budget: int | None) -> None:
    if "reference" not in state:
        return
    size = SMALL_WALK if budget is not None and budget <= SMALL_BUDGET else None
    walk = walk_filter(prober, state["reference"], size)
    if walk is None:
        return
    query, newest = walk
    limit = pick_limit(newest)
    found = page_walk(prober, query, limit)
    if found is not None:
        cursor_walk(prober, query, next(iter(query.values())), limit, found)


def _filters(prober: Prober, state: dict[str, Any]) -> None:
    items = _reference_items(state)
    for name, value in _filter_values(prober, items).items():
        prober.get(**{name: value}, **_largest(prober))
    cursor = prober.profile.date_cursor
    if cursor and items:
        prober.get(**{cursor: items[len(items) // 2].get("created_at")})


def _negatives(prober: Prober) -> None:
    probe_invalid_values(prober)
    probe_bounds(prober)


def probe_invalid_values(prober: Prober) -> None:
    """One value of the wrong type or outside the enum per parameter: the API must refuse (4xx)."""
    profile = prober.profile
    invalid: dict[str, str] = {}
    if profile.limit:
        invalid[profile.limit.name] = INVALID_INT
    if profile.order:
        invalid[profile.order] = INVALID_ENUM
    for name in [*profile.date_bounds, *([profile.date_cursor] if profile.date_cursor else [])]:
        invalid[name] = INVALID_DATE
    if invalid:
        prober.applied.add(INVALID)
    for name, value in invalid.items():
        status = prober.get(**{name: value}).response.status_code
        if status not in REJECTED:
            prober.fail(
                INVALID,
                f"Invalid `{name}` is accepted",
                f"a 4xx for {name}={value}",
                f"HTTP {status}",
                steps=[prober.sequence[-1]],
            )


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
        if outside:
            prober.applied.add(BOUNDS)
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
    prober.applied.add(AUTH)
    target = prober.exerciser.target
    url = prober.endpoint
    good = target.headers
    variants = {
        "without credentials": {},
        "with a wrong X-App-Token": {**good, APP_TOKEN_HEADER: WRONG},
        "with a wrong X-App-Id": {**good, APP_ID_HEADER: WRONG},
    }
    for label, headers in variants.items():
        # Sent outside Schemathesis: the session adds nothing, so exactly these headers go out.
        status = target.session.get(url, headers=headers).status_code
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


PROBE_CHECKS = ("list_page_walk", "list_cursor_walk", BOUNDS, INVALID, AUTH)
