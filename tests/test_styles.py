"""Every paging style, end to end: on a correct sandbox our checks stay silent; with each fault the right one fires.

One official spec operation per style. The faults come from the sandbox's catalogue (`sandbox/faults.py`);
the few it lacks are small wraps at the end of this file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from conformance.checks import CHECKS
from conformance.engine.run import run
from conformance.probes import PROBE_CHECKS
from conformance.profile import ListStyle
from conformance.result import Kind, RunResult
from conformance.sandbox import Credentials, Sandbox
from conformance.sandbox.fault import STYLE_LISTS
from conformance.sandbox.faults import get_fault
from conformance.sandbox.http import App, Request, Response
from conformance.sandbox.rewrites import items_key, items_of, params_of, query
from conformance.selection import parse_selection
from conformance.settings import resolve_settings
from tests.shared import shared_path

CREDENTIALS = Credentials("styles-app", "styles-token")
# Enough for every probe step; it also keeps Schemathesis from generating for minutes on a faulty server.
BUDGET = 400
OURS = frozenset({*CHECKS, *PROBE_CHECKS})
LISTS = STYLE_LISTS  # one official list per paging style
P, D, IC, C, U = ListStyle.PAGE, ListStyle.DATE_CURSOR, ListStyle.ID_CURSOR, ListStyle.CURSOR, ListStyle.UNPAGED
# (fault, style, the check that must fire): every check of ours, on every style where the fault shows.
CATALOGUE = [
    ("page-off-by-one", P, "list_page_walk"),
    ("page-off-by-one", D, "list_page_walk"),
    ("page-past-end-repeats", P, "list_page_walk"),
    ("limit-ignored", P, "list_page_size"),
    ("limit-ignored", IC, "list_page_size"),
    ("limit-ignored", C, "list_page_size"),
    ("limit-ignored", U, "list_page_size"),
    ("order-inverted", P, "list_sort_order"),
    ("order-inverted", D, "list_sort_order"),
    ("order-inverted", IC, "list_sort_order"),
    ("order-inverted", C, "list_sort_order"),
    ("order-inverted", U, "list_sort_order"),
    ("total-of-page", P, "list_counts"),
    ("total-of-page", D, "list_counts"),
    ("has-more-always-true", D, "list_counts"),
    ("has-more-always-true", IC, "list_counts"),
    ("has-more-always-true", C, "list_cursor_walk"),
    ("cursor-inclusive", D, "list_cursor_walk"),
    ("cursor-inclusive", IC, "list_cursor_walk"),
    ("cursor-inclusive", IC, "list_id_cursor"),
    ("cursor-inclusive", C, "list_cursor_walk"),
    ("more-starting-after-first", IC, "list_cursor_walk"),
    ("email-filter-ignored", D, "list_filters"),
    ("created-before-ignored", P, "list_filters"),
    ("required-field-missing", IC, "list_shape"),
    ("required-field-missing", C, "list_shape"),
    # Issue #21 item 4: the cells the mutation table showed missed.
    ("total-unfiltered", IC, "list_counts"),  # a whole first page, where both meanings of bin's total agree
    ("object-outside-enum", U, "list_shape"),  # items served where data_ref says, held to the array's items
    ("null-item", U, "list_shape"),
    ("datetime-without-zone", U, "list_shape"),
    ("default-limit-5", U, "list_counts"),
    ("default-limit-5", C, "list_cursor_walk"),  # the default order's steps, at the default limit
    ("descending-order-refused", C, "positive_data_acceptance"),  # `order` is one of an array, an enum or null
    ("cursor-skips-ties", C, "list_order_across_pages"),  # order steps end page 1 inside a tie
]


def _without(request: Request, names: tuple[str, ...]) -> Request:
    return replace(request, query=urlencode([(k, v) for k, v in params_of(request) if k not in names]))


def unknown_cursor_ignored(app: App) -> App:
    """A cursor the server refuses, or after which nothing comes, is dropped instead: the first page comes back."""
    cursors = ("starting_after_id", "cursor")

    def faulty(request: Request) -> Response:
        response = app(request)
        if not any(name in cursors for name, _ in params_of(request)):
            return response
        if 400 <= response.status < 500 or (response.status == 200 and not items_of(response.payload())):
            return app(_without(request, cursors))
        return response

    return faulty


def email_substring(app: App) -> App:
    """`email` matches every customer whose address contains it."""

    def faulty(request: Request) -> Response:
        wanted = dict(params_of(request)).get("email")
        if not wanted:
            return app(request)
        response = app(_without(request, ("email",)))
        if response.status != 200:
            return response
        body = response.payload()
        key = items_key(body)
        body[key] = [item for item in body[key] if wanted.casefold() in str(item.get("email") or "").casefold()]
        return response.with_payload(body)

    return faulty


filters_ignored = query(lambda params: {k: v for k, v in params.items() if not k.startswith("filters[")})
# With a cursor, `order=-id` reads upwards: the next page holds ids above the cursor.
id_cursor_ignores_descending = query(
    lambda params: (
        {**params, "order": "id"} if "starting_after_id" in params and params.get("order") == "-id" else params
    )
)


# Faults the catalogue lacks: (name, wrap, style, check).
OWN: list[tuple[str, Callable[[App], App], ListStyle, str]] = [
    ("unknown id cursor served", unknown_cursor_ignored, IC, "list_unknown_cursor"),
    ("unknown v2 cursor served", unknown_cursor_ignored, C, "list_unknown_cursor"),
    ("email matched as a substring", email_substring, D, "list_filters"),
    ("filters object ignored", filters_ignored, IC, "list_filters"),
    ("filters object ignored", filters_ignored, U, "list_filters"),
    ("id cursor ignores -id", id_cursor_ignores_descending, IC, "list_id_cursor"),
]


def raw_spec(style: ListStyle) -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(shared_path("voucherify", "openapi", LISTS[style][0]).read_text())
    return spec


def run_style(style: ListStyle, report_dir: Path, server: Sandbox | None = None) -> RunResult:
    file, path = LISTS[style]
    target: dict[str, Any] = {}
    if server is not None:
        target = {"base_url": server.url, "app_id": CREDENTIALS.app_id, "app_token": CREDENTIALS.app_token}
    return run(
        resolve_settings(
            spec=shared_path("voucherify", "openapi", file),
            report_dir=report_dir,
            max_examples=1,
            max_requests=BUDGET,
            selection=parse_selection({"path": [path]}, {}, None),
            **target,
        )
    )


def run_faulty(style: ListStyle, wrap: Callable[[App], App], report_dir: Path) -> RunResult:
    with Sandbox(spec=raw_spec(style), credentials=CREDENTIALS, wrap=wrap) as server:
        return run_style(style, report_dir, server)


def our_defects(result: RunResult) -> list[str]:
    return [f"{f.check}: {f.title}" for f in result.findings if f.kind is Kind.DEFECT and f.check in OURS]


def fired(result: RunResult) -> set[str]:
    return {f.check for f in result.findings if f.kind is Kind.DEFECT}


@pytest.mark.parametrize("style", list(LISTS), ids=str)
def test_correct_sandbox_is_silent(style: ListStyle, tmp_path: Path) -> None:
    result = run_style(style, tmp_path)
    assert not result.errors, [e.message for e in result.errors]
    assert our_defects(result) == []
    operation = next(op for op in result.operations if op.operation == f"GET {LISTS[style][1]}")
    assert operation.list_style == style.value
    paged = {"list_page_walk", "list_cursor_walk"} & set(operation.checked)
    assert bool(paged) is (style != ListStyle.UNPAGED), operation.checked


@pytest.mark.parametrize(("fault", "style", "check"), CATALOGUE, ids=[f"{f}-{s}-{c}" for f, s, c in CATALOGUE])
def test_catalogue_fault_fires(fault: str, style: ListStyle, check: str, tmp_path: Path) -> None:
    result = run_faulty(style, get_fault(fault).wrap, tmp_path)
    assert not result.errors, [e.message for e in result.errors]
    assert check in fired(result), our_defects(result)


@pytest.mark.parametrize(("name", "wrap", "style", "check"), OWN, ids=[f"{n}-{s}" for n, _, s, _ in OWN])
def test_own_fault_fires(name: str, wrap: Callable[[App], App], style: ListStyle, check: str, tmp_path: Path) -> None:
    result = run_faulty(style, wrap, tmp_path)
    assert not result.errors, [e.message for e in result.errors]
    assert check in fired(result), our_defects(result)
