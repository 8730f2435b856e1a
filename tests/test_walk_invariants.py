"""Issue #21 item 4: invariants over the whole walk, for every paging style, within the default budget.

Each invariant fires on a server that breaks it (the sandbox's faults from public bug reports, and small wraps here
for the equivalences no catalogue fault breaks) and stays silent on the correct sandbox of every style.
"""

from __future__ import annotations

import itertools
import threading
from pathlib import Path
from typing import Any

import pytest

from conformance.probes.ends import LARGEST, LAST_PAGE
from conformance.probes.invariants import EQUIVALENT, ORDER_ACROSS, _at_offset, _groups, _offset
from conformance.profile import ListStyle
from conformance.result import RunResult
from conformance.sandbox import Sandbox
from conformance.sandbox.faults import FAULTS, Fault, get_fault
from conformance.sandbox.http import App, Request, Response
from conformance.sandbox.rewrites import items_key, params_of, query
from conformance.timestamps import parse_iso8601, parse_rfc3339
from tests.conftest import CREDENTIALS, run_against
from tests.test_styles import LISTS, run_faulty, run_style

INVARIANTS = (ORDER_ACROSS, LAST_PAGE, LARGEST, EQUIVALENT)
# The catalogue's faults that only an invariant of the walk catches, and those that refuse documented values.
WALK_FAULTS = [fault for fault in FAULTS if fault.catches in INVARIANTS]
REFUSING = ("limit-refused-in-range", "descending-order-refused")
BUDGET = 100
P, D, IC, C, U = ListStyle.PAGE, ListStyle.DATE_CURSOR, ListStyle.ID_CURSOR, ListStyle.CURSOR, ListStyle.UNPAGED
# What each style's representative list lets the invariants judge on the correct sandbox: pages with a page number,
# totals and date bounds give all four; pointer styles have no page number; an unpaged list has one page.
APPLIES = {
    P: set(INVARIANTS),
    D: set(INVARIANTS),
    IC: {ORDER_ACROSS, LAST_PAGE, EQUIVALENT},
    C: {ORDER_ACROSS, LAST_PAGE, EQUIVALENT},
    U: {LAST_PAGE, EQUIVALENT},
}
T = "2022-10-25T13:48:29.867Z"


def test_every_invariant_has_a_fault_in_the_catalogue() -> None:
    assert {fault.catches for fault in WALK_FAULTS} == set(INVARIANTS)


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
    minutes = _offset(moment, neighbours)
    written = _at_offset(moment, minutes)
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


@pytest.mark.slow
@pytest.mark.parametrize("budget", [None, BUDGET], ids=["full", "budget"])
@pytest.mark.parametrize("fault", [*WALK_FAULTS, *map(get_fault, REFUSING)], ids=lambda f: f.name)
def test_the_default_run_catches_the_fault_within_the_budget(tmp_path: Path, fault: Fault, budget: int | None) -> None:
    options = {"max_requests": budget} if budget else {}
    with Sandbox(credentials=CREDENTIALS, wrap=fault.wrap) as server:
        summary = run_against(server, tmp_path, **options)
    assert fault.catches in {d.check for d in summary.defects}, [f"{d.check}: {d.title}" for d in summary.defects]


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


STYLED = [(fault, style) for fault in WALK_FAULTS for style in sorted(fault.styles)]


@pytest.mark.slow
@pytest.mark.parametrize(("fault", "style"), STYLED, ids=[f"{f.name}-{s}" for f, s in STYLED])
def test_every_style_catches_the_fault(fault: Fault, style: ListStyle, tmp_path: Path) -> None:
    assert fault.catches in _fired(run_faulty(style, fault.wrap, tmp_path))


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
