"""Issue #21 item 4: invariants over the whole walk, for every paging style, within the default budget.

Each invariant fires on a server that breaks it (the sandbox's faults from public bug reports, and small wraps here
for the equivalences no catalogue fault breaks) and stays silent on the correct sandbox of every style.
"""

from __future__ import annotations

import itertools
import json
import threading
from pathlib import Path
from typing import Any

import pytest

from conformance.engine.run import run
from conformance.probes.ends import LARGEST, LAST_PAGE
from conformance.probes.filter_walk import TITLE as FILTERED_WALK
from conformance.probes.instants import at_offset, offset
from conformance.probes.invariants import EQUIVALENT, ORDER_ACROSS, _groups
from conformance.profile import ListProfile, ListStyle, list_profile
from conformance.result import RunResult
from conformance.sandbox import Sandbox
from conformance.sandbox.faults import get_fault
from conformance.sandbox.field_faults import drop_offset, validated
from conformance.sandbox.http import App, Request, Response
from conformance.sandbox.rewrites import items_key, params_of, query
from conformance.selection import parse_selection
from conformance.settings import resolve_settings
from conformance.timestamps import parse_iso8601, parse_rfc3339
from tests.conftest import CREDENTIALS, run_against
from tests.shared import shared_path
from tests.test_styles import CREDENTIALS as STYLE_CREDENTIALS
from tests.test_styles import LISTS, raw_spec, run_style

INVARIANTS = (ORDER_ACROSS, LAST_PAGE, LARGEST, EQUIVALENT)
# The catalogue's faults (sandbox/field_faults.py, filter_faults.py) whose rule an invariant of the walk names, with
# that invariant; and the faults that refuse documented values, which the orders step catches within the budget.
BY_INVARIANT = (
    (ORDER_ACROSS, "sort-within-page-only"),
    (ORDER_ACROSS, "sorted-cursor-refused"),
    (LAST_PAGE, "has-more-on-full-last-page"),
    (LARGEST, "deep-page-500"),
    (EQUIVALENT, "date-filter-offset-ignored"),
    (EQUIVALENT, "filter-after-paging"),
)
REFUSING = ("limit-refused-in-range", "descending-order-refused")
BUDGET = 100
P, D, IC, C, U = ListStyle.PAGE, ListStyle.DATE_CURSOR, ListStyle.ID_CURSOR, ListStyle.CURSOR, ListStyle.UNPAGED
# What each style's representative list lets the invariants judge on the correct sandbox: pages with a page number,
# totals and date bounds give all four; pointer styles have no page number; an unpaged list has one page, cut at a
# limit in each order.
APPLIES = {
    P: set(INVARIANTS),
    D: set(INVARIANTS),
    IC: {ORDER_ACROSS, LAST_PAGE, EQUIVALENT},
    C: {ORDER_ACROSS, LAST_PAGE, EQUIVALENT},
    U: {ORDER_ACROSS, LAST_PAGE, EQUIVALENT},
}
T = "2022-10-25T13:48:29.867Z"


def test_every_invariant_names_the_rule_of_a_fault_in_the_catalogue() -> None:
    assert {check for check, _ in BY_INVARIANT} == set(INVARIANTS)
    assert all(check in get_fault(name).rule_checks for check, name in BY_INVARIANT)


@pytest.mark.parametrize(
    ("neighbours", "sign"),
    [
        (["2022-10-25T12:00:00.000Z", "2022-10-26T20:00:00.000Z"], -1),  # the nearest lies before: a negative offset
        (["2022-10-25T14:00:00.000Z"], 1),
        ([], -1),  # none near: the largest offset
    ],
)
def test_another_offset_writes_the_same_instant_past_the_nearest_item(neighbours: list[str], sign: int) -> None:
    moment = parse_rfc3339(T)
    assert moment is not None
    minutes = offset(moment, neighbours)
    written = at_offset(moment, minutes)
    assert parse_rfc3339(written) == parse_iso8601(written) == moment and not written.endswith("Z")
    assert (minutes > 0) is (sign > 0)
    stamps = [s for s in map(parse_rfc3339, neighbours) if s is not None]
    wall_clock_as_utc = parse_rfc3339(written[:23] + "Z")
    assert wall_clock_as_utc is not None
    if stamps:  # read as UTC, the wall clock lies beyond the nearest item: a server that ignores the offset shows it
        nearest = min(stamps, key=lambda s: abs(s - moment))
        assert min(moment, wall_clock_as_utc) < nearest < max(moment, wall_clock_as_utc)


@pytest.mark.parametrize(
    ("rising", "falling", "reversed_"),
    [
        ("a1 b2 c2 d3", "d3 c2 b2 a1", True),  # tied items may swap
        ("a1 b2 c3", "c3 a1 b2", False),
        ("a- b1 c2", "c2 b1 a-", True),  # nulls may go to either end
        ("a1 b2", "b2 x1", False),  # another item
    ],
)
def test_reversal_is_judged_up_to_ties(rising: str, falling: str, reversed_: bool) -> None:
    def items(text: str) -> list[dict[str, Any]]:
        return [{"id": word[0], "f": None if word[1] == "-" else int(word[1])} for word in text.split()]

    assert (_groups(items(rising), "f") == _groups(items(falling), "f")[::-1]) is reversed_


# The faults of the invariants that show on GET /v1/customers (sorted-cursor-refused needs a pointer style), and
# those that refuse documented values.
ON_CUSTOMERS = [(check, name) for check, name in BY_INVARIANT if name != "sorted-cursor-refused"] + [
    (get_fault(name).catches, name) for name in REFUSING
]


@pytest.mark.slow
@pytest.mark.parametrize("budget", [None, BUDGET], ids=["full", "budget"])
@pytest.mark.parametrize(("wanted", "name"), ON_CUSTOMERS, ids=[name for _, name in ON_CUSTOMERS])
def test_the_default_run_catches_the_fault_within_the_budget(
    tmp_path: Path, wanted: str, name: str, budget: int | None
) -> None:
    options = {"max_requests": budget} if budget else {}
    with Sandbox(credentials=CREDENTIALS, wrap=get_fault(name).wrap) as server:
        summary = run_against(server, tmp_path, **options)
    assert wanted in {d.check for d in summary.defects}, [f"{d.check}: {d.title}" for d in summary.defects]


@pytest.mark.slow
def test_the_correct_sandbox_meets_every_invariant(tmp_path: Path) -> None:
    with Sandbox(credentials=CREDENTIALS) as server:
        summary = run_against(server, tmp_path)
    customers = next(op for op in summary.operations if op.operation == "GET /v1/customers")
    assert set(INVARIANTS) <= set(customers.checked)
    assert summary.defects == [], [f"{d.check}: {d.title}" for d in summary.defects]


def _fired(result: RunResult) -> dict[str, list[str]]:
    fired: dict[str, list[str]] = {}
    for finding in result.defects:
        fired.setdefault(finding.check, []).append(finding.title)
    return fired


@pytest.mark.slow
@pytest.mark.parametrize("style", list(LISTS), ids=str)
def test_every_style_is_judged_and_silent_when_correct(style: ListStyle, tmp_path: Path) -> None:
    result = run_style(style, tmp_path)
    operation = next(op for op in result.operations if op.operation == f"GET {LISTS[style][1]}")
    assert {check for check in INVARIANTS if check in operation.checked} == APPLIES[style]
    assert not set(_fired(result)) & set(INVARIANTS), _fired(result)


# Where an invariant can see its fault: a last page that names the page after it (on an id cursor, the fault sets
# has_more without more_starting_after: list_counts catches that); a date filter (a bound, the `filters` object's
# `$after`/`$before`). The order across pages is seen on every style.
COVERS: dict[str, Any] = {
    LAST_PAGE: lambda p: p.style is not IC,
    EQUIVALENT: lambda p: bool(p.date_bounds or (p.filters and p.filters.dates)),
}


def _profile(style: ListStyle) -> ListProfile:
    found = list_profile(raw_spec(style), "GET", LISTS[style][1])
    assert found is not None
    return found


def _shows(check: str, name: str, style: ListStyle) -> bool:
    profile = _profile(style)
    return get_fault(name).shows_on(profile) and COVERS.get(check, lambda p: True)(profile)  # type: ignore[arg-type]


# Each invariant's faults on every style whose representative list they change and the invariant can see, in full
# and within the budget of 100 requests.
STYLED = [(check, name, style) for check, name in BY_INVARIANT for style in ListStyle if _shows(check, name, style)]


def run_list(file: str, path: str, wrap: Any, report_dir: Path, budget: int | None = None) -> RunResult:
    """A default run of one official list against the embedded sandbox of its file, serving `wrap`'s fault."""
    spec = shared_path("voucherify", "openapi", file)
    with Sandbox(spec=json.loads(spec.read_text()), credentials=STYLE_CREDENTIALS, wrap=wrap) as server:
        return run(
            resolve_settings(
                spec=spec,
                base_url=server.url,
                app_id=STYLE_CREDENTIALS.app_id,
                app_token=STYLE_CREDENTIALS.app_token,
                report_dir=report_dir,
                max_requests=budget,
                selection=parse_selection({"path": [path]}, {}, None),
            )
        )


def test_every_style_with_a_fault_of_the_invariants_is_scored() -> None:
    assert {style for _, _, style in STYLED} == set(ListStyle)
    assert {(check, name) for check, name, _ in STYLED} == set(BY_INVARIANT)


@pytest.mark.slow
@pytest.mark.parametrize("budget", [None, BUDGET], ids=["full", "budget"])
@pytest.mark.parametrize(("check", "name", "style"), STYLED, ids=[f"{n}-{s}" for _, n, s in STYLED])
def test_every_style_catches_the_fault(
    check: str, name: str, style: ListStyle, budget: int | None, tmp_path: Path
) -> None:
    result = run_list(*LISTS[style], get_fault(name).wrap, tmp_path, budget)
    assert check in _fired(result), _fired(result)


@pytest.mark.slow
@pytest.mark.parametrize("style", [s for _, n, s in STYLED if n == "filter-after-paging"], ids=str)
def test_filtering_then_walking_is_what_catches_a_filter_applied_after_the_cut(
    style: ListStyle, tmp_path: Path
) -> None:
    result = run_list(*LISTS[style], get_fault("filter-after-paging").wrap, tmp_path)
    assert FILTERED_WALK in _fired(result).get(EQUIVALENT, []), _fired(result)


def _filter_lost_past_first_page(params: dict[str, str]) -> dict[str, str]:
    """Pages after the first (by number or by pointer) drop every date filter."""
    page = params.get("page", "1")
    later = (page.isdigit() and int(page) > 1) or bool({"starting_after_id", "cursor"} & set(params))
    return {k: v for k, v in params.items() if not (later and (k.endswith("]") and "created_at" in k))}


@pytest.mark.slow
def test_filtering_then_walking_finds_items_the_filter_excludes(tmp_path: Path) -> None:
    result = run_list(*LISTS[P], validated(_filter_lost_past_first_page), tmp_path)
    titles = _fired(result).get(EQUIVALENT, [])
    assert FILTERED_WALK in titles, _fired(result)


def _offset_dropped_for(kind: Any) -> Any:
    """The date-filter-offset-ignored fault, for the parameters of one filter style only."""
    return validated(lambda p: {**p, **{k: v for k, v in drop_offset(dict(p)).items() if kind(k)}})


# Each style of date filter of listing.mdx, on an official list that has it: the offset is dropped there only, and
# the finding names a parameter of that style.
FILTER_STYLES = [
    ("bound", LISTS[P], lambda k: k.endswith(("[before]", "[after]")), "created_at["),
    ("filters-object", LISTS[C], lambda k: k.startswith("filters["), "filters["),
    ("range", ("validation-rules.json", "/v1/validation-rules"), lambda k: k in ("start_date", "end_date"), "_date"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("where", "kind", "named"), [s[1:] for s in FILTER_STYLES], ids=[s[0] for s in FILTER_STYLES])
def test_the_same_instant_is_checked_in_every_date_filter_style(
    where: tuple[str, str], kind: Any, named: str, tmp_path: Path
) -> None:
    titles = _fired(run_list(*where, _offset_dropped_for(kind), tmp_path)).get(EQUIVALENT, [])
    assert any(named in title and "another offset" in title for title in titles), titles
    assert not _fired(run_list(*where, None, tmp_path / "correct"))


def tie_order_flips(app: App) -> App:
    """Items sharing a `created_at` come in another order each time a request is sent again: no page is stable."""
    seen: dict[str, int] = {}
    lock = threading.Lock()

    def faulty(request: Request) -> Response:
        response = app(request)
        with lock:
            seen[request.query] = seen.get(request.query, 0) + 1
            flip = seen[request.query] % 2 == 0
        order = dict(params_of(request)).get("order", "-created_at")
        if response.status != 200 or not flip or order.lstrip("-") != "created_at":
            return response
        body = response.payload()
        items = body[items_key(body)]
        groups = [list(group)[::-1] for _, group in itertools.groupby(items, key=lambda i: i.get("created_at"))]
        body[items_key(body)] = [item for group in groups for item in group]
        return response.with_payload(body)

    return faulty


# A descending order drops the date bound: order=-f is no longer order=f reversed over the same set.
descending_unbounded = query(
    lambda p: {k: v for k, v in p.items() if not (k.endswith("[after]") and p.get("order", "").startswith("-"))}
)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("wrap", "title"),
    [(tie_order_flips, "The same request gives another page"), (descending_unbounded, "is not order=")],
    ids=["same-twice", "reversed"],
)
def test_the_equivalences_fire_on_a_server_that_breaks_them(wrap: Any, title: str, tmp_path: Path) -> None:
    with Sandbox(credentials=CREDENTIALS, wrap=wrap) as server:
        summary = run_against(server, tmp_path)
    assert any(title in t for t in _fired(summary).get(EQUIVALENT, [])), _fired(summary)
