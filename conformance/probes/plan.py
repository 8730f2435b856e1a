"""The probe plan for one list operation: what to send, in what order, to prove the most per request.

Under a request budget the order matters; each step runs only while the budget lasts, and the steps it
could not afford are reported as not checked:

1. one request per `order` value (the default order's page is also the reference for the steps below);
2. the walks of the list's paging style over one set: by page, by date cursor, by id cursor or v2 cursor;
3. id and v2 cursors: one step per `order` value, and a cursor the server never issued;
4. invariants across pages and requests (`invariants`, `ends`): each order across a page boundary, the last page
   and the one after it, the largest page and limit together, and requests that must agree;
5. each filter once, with a value taken from the reference page (exact ones also with a fragment);
6. one invalid value per parameter, and the limit and page just outside their ranges;
7. requests without and with wrong credentials.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from conformance.checks.pagination import list_counts
from conformance.credentials import CREDENTIAL_HEADERS
from conformance.gate import BudgetExhausted
from conformance.leniency import POSITIVE, Sent, depends_on_data
from conformance.openapi import resolve
from conformance.probes.date_walk import date_walk
from conformance.probes.ends import LARGEST, LAST_PAGE, largest_page, last_page
from conformance.probes.filter_walk import filtered_walk
from conformance.probes.filtering import FINDS, probe_filters
from conformance.probes.id_walk import UNKNOWN_CURSOR, large_walk, order_steps, pointer_walk, unknown_cursor
from conformance.probes.instants import other_instant
from conformance.probes.invariants import EQUIVALENT, ORDER_ACROSS, order_across_pages, reversed_orders, same_twice
from conformance.probes.negatives import AUTH, BOUNDS, INVALID, probe_auth, probe_negatives
from conformance.probes.page_walk import page_walk
from conformance.probes.prober import Exchange, Prober
from conformance.probes.walks import (
    CURSOR_WALK,
    PAGE_WALK,
    WALK_SET_SIZE,
    WalkSet,
    largest,
    pick_limit,
    walk_set,
    whole_set,
)
from conformance.profile import ListStyle
from conformance.profile.envelope import DOCS

# Under a tight budget the walks cover fewer items.
SMALL_BUDGET = 150
SMALL_WALK = 9
SHORTENED = "Walk shortened by the budget"  # the note that says so
# A long list is also followed at the largest limit, this many pages past the first.
LARGE_PAGES = 3
POINTER_STYLES = (ListStyle.ID_CURSOR, ListStyle.CURSOR)
COUNTS = list_counts.__name__


@dataclass(frozen=True)
class Step:
    """One step of an operation's plan: the probe checks it decides, and how to run it."""

    name: str
    checks: tuple[str, ...]
    run: Callable[[], None]


def plan_steps(prober: Prober, budget: int | None) -> list[Step]:
    """The operation's steps, most valuable first; the engine runs step k of every operation before step k+1."""
    steps = _steps(prober, budget)
    unsent = unsent_required(prober.operation.schema.raw_schema, prober.operation.path, prober.operation.method)
    if not unsent:
        return steps
    checks = tuple(dict.fromkeys(check for step in steps for check in step.checks))
    reason = (
        f"the probes send query parameters only, and the spec requires {', '.join(unsent)}: a refusal of such a "
        "request says nothing about the list (Schemathesis' generated cases send it)"
    )
    return [Step("no probe sends the required header", (), lambda: _unsendable(prober, checks, reason))]


CARRIED = frozenset(name.lower() for name in CREDENTIAL_HEADERS)


def unsent_required(raw: dict[str, Any], path: str, method: str) -> list[str]:
    """`header origin` for each required parameter outside the query and path, which the probes never send; not the
    credential headers old specs declare as parameters (`X-App-Id`), which every request of a run carries."""
    path_item = resolve(raw, raw.get("paths", {}).get(path, {}))
    operation = resolve(raw, path_item.get(method.lower(), {})) if isinstance(path_item, dict) else {}
    declared = [*(path_item.get("parameters") or []), *(operation.get("parameters") or [])]
    parameters = [resolve(raw, parameter) for parameter in declared]
    return [
        f"{parameter.get('in')} {parameter.get('name')}"
        for parameter in parameters
        if isinstance(parameter, dict)
        and parameter.get("required")
        and parameter.get("in") in ("header", "cookie")
        and str(parameter.get("name", "")).lower() not in CARRIED
    ]


def _unsendable(prober: Prober, checks: tuple[str, ...], reason: str) -> None:
    for check in checks:
        prober.not_checked(check, reason)


def _steps(prober: Prober, budget: int | None) -> list[Step]:
    state: dict[str, Any] = {}
    return [
        Step("one request per order value", (), lambda: _orders(prober, state)),
        Step("the walks of the paging style", (PAGE_WALK, CURSOR_WALK), lambda: _walks(prober, state, budget)),
        Step("each cursor order and an unknown cursor", (UNKNOWN_CURSOR,), lambda: _cursors(prober, state)),
        Step(
            "invariants across pages and requests",
            (ORDER_ACROSS, LAST_PAGE, LARGEST, EQUIVALENT),
            lambda: _invariants(prober, state),
        ),
        Step("each filter once", (FINDS,), lambda: probe_filters(prober, _reference_items(state))),
        Step(
            "one invalid value per parameter and the limit/page bounds",
            (INVALID, BOUNDS),
            lambda: probe_negatives(prober),
        ),
        Step("missing and wrong credentials", (AUTH,), lambda: probe_auth(prober)),
    ]


def run_step(prober: Prober, step: Step) -> bool:
    """Run one step and record which of its checks reached a verdict; False if the budget ran out."""
    log, operation = prober.exerciser.log, prober.operation.label
    try:
        with log.timing(operation, step.checks):
            step.run()
    except BudgetExhausted as exc:
        for check in step.checks or ("probe",):
            log.not_checked(operation, check, exc.why(f"the request budget ran out before the probe step: {step.name}"))
        return False
    for check in step.checks:
        log.ran(operation, check, applied=check in prober.applied)
    return True


def run_plan(prober: Prober, budget: int | None) -> None:
    """Every step of one operation, in order (the engine interleaves operations with `plan_steps`)."""
    for step in plan_steps(prober, budget):
        run_step(prober, step)


def _orders(prober: Prober, state: dict[str, Any]) -> None:
    profile = prober.profile
    _report_redefined(prober)
    state["reference"] = _accepted(prober, prober.get(**largest(prober)))
    # Every value explicitly, the default one too: a server may sort the explicit default the wrong way.
    if profile.order is None:
        return
    state["orders"] = {
        order: _accepted(prober, prober.get(**{profile.order: order}, **largest(prober)))
        for order in profile.order_values
    }
    # One response serves several checks: the invariants ask for these very pages again (order=f against order=-f
    # over a set one page shows whole), and take them instead of a second request.
    for exchange in state["orders"].values():
        prober.offer(exchange)


def _accepted(prober: Prober, exchange: Exchange) -> Exchange:
    """A page asked for with values the spec itself defines as valid (the largest limit, a documented order) must not
    be refused: that is a defect of the rule Schemathesis' positive_data_acceptance names, whatever the server holds."""
    status = exchange.response.status_code
    operation = prober.operation
    definition = operation.schema.raw_schema.get("paths", {}).get(operation.path, {}).get(operation.method.lower(), {})
    query = {name: str(value) for name, value in exchange.query.items()}
    if 400 <= status < 500 and not depends_on_data(Sent(query), definition, operation.schema.raw_schema):
        prober.fail(
            POSITIVE,
            "Documented values are refused",
            f"a 2xx for {', '.join(f'{k}={v}' for k, v in query.items())}, values the spec defines as valid",
            f"HTTP {status}",
            steps=[prober.sequence[-1]],
        )
    return exchange


def _report_redefined(prober: Prober) -> None:
    """An envelope field whose own words contradict the listing docs: neither meaning is checked, on every run."""
    for name, description in prober.profile.redefined.items():
        prober.cannot_judge(
            f"{COUNTS}[{name}]",
            f"`{name}` is described as {description[:100]!r}, against the listing docs ({DOCS[name]!r}): "
            "no check derives anything from either meaning where they differ (a spec finding, see `conformance lint`)",
        )


def _reference_items(state: dict[str, Any]) -> list[dict[str, Any]]:
    reference: Exchange | None = state.get("reference")
    return reference.listing.items if reference is not None and reference.listing else []


def _walks(prober: Prober, state: dict[str, Any], budget: int | None) -> None:
    reference: Exchange | None = state.get("reference")
    if reference is None:
        return
    profile = prober.profile
    paged = profile.page is not None or profile.style in POINTER_STYLES or profile.date_cursor is not None
    if reference.listing is None:
        if paged:
            reason = f"the first page could not be read (HTTP {reference.response.status_code})"
            for check in (PAGE_WALK, CURSOR_WALK):
                prober.not_checked(check, reason)
        return
    size = SMALL_WALK if budget is not None and budget <= SMALL_BUDGET else None
    chosen = walk_set(prober, reference, size)
    if chosen is None or not paged or profile.limit is None:
        return
    state["walk_set"] = chosen
    limit = pick_limit(chosen.items)
    page_walk(prober, chosen, limit)
    date_walk(prober, chosen, limit)
    pointer_walk(prober, chosen, limit)
    if profile.style in POINTER_STYLES:
        large_walk(prober, reference, LARGE_PAGES)
    for check in (PAGE_WALK, CURSOR_WALK):
        if check not in prober.applied:
            continue
        if not chosen.complete:
            prober.note(check, "Walked a prefix only", f"the walk covered {chosen.description}")
        if size is not None:
            prober.note(
                check,
                SHORTENED,
                f"--max-requests {budget} (at most {SMALL_BUDGET}): the walk covered {chosen.description}, "
                f"at most {size} items instead of {WALK_SET_SIZE}",
            )
    state["walk_limit"] = limit


def _cursors(prober: Prober, state: dict[str, Any]) -> None:
    if prober.profile.style not in POINTER_STYLES or prober.profile.limit is None:
        return
    state["order_pages"] = order_steps(prober, state.get("walk_limit", pick_limit([])))
    unknown_cursor(prober, _reference_items(state))


def _invariants(prober: Prober, state: dict[str, Any]) -> None:
    """What holds across the walk's pages and across requests that must agree (`invariants`, `ends`)."""
    reference: Exchange | None = state.get("reference")
    if reference is None or reference.listing is None:
        return
    chosen: WalkSet | None = state.get("walk_set")
    whole = whole_set(prober, chosen, reference)
    order_across_pages(
        prober, state.get("orders", {}), state.get("walk_limit", pick_limit([])), state.get("order_pages", {})
    )
    last_page(prober, whole, reference)
    largest_page(prober)
    same_twice(prober, reference)
    reversed_orders(prober, whole)
    other_instant(prober, chosen, reference.listing.items)
    filtered_walk(prober, whole, reference, state.get("walk_limit", pick_limit([])))


PROBE_CHECKS = (
    "list_page_walk",
    "list_cursor_walk",
    UNKNOWN_CURSOR,
    ORDER_ACROSS,
    LAST_PAGE,
    LARGEST,
    EQUIVALENT,
    FINDS,
    BOUNDS,
    INVALID,
    AUTH,
)
