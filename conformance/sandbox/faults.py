"""Realistic defects, each a wrapper around the correct app: the correct code path never tests for a fault.

Each fault names the check that must catch it; tests run `conformance run` against every one.
"""

from __future__ import annotations

import difflib
import re

from conformance.sandbox import list_faults as lf
from conformance.sandbox.answer_faults import ANSWER_FAULTS
from conformance.sandbox.defects import (
    clamp,
    invert_order,
    overlap,
    page_past_end,
    set_default,
    set_field,
    shift_cursor,
    swap_order,
    total,
    total_unfiltered,
    unstable_ties,
    without,
)
from conformance.sandbox.fault import PAGED, PAGED_CURSORS, WITH_TOTAL, Applies, Fault, with_pages
from conformance.sandbox.field_faults import FIELD_FAULTS
from conformance.sandbox.filter_faults import FILTER_FAULTS
from conformance.sandbox.rewrites import body_fault, items_of, page_window, payload, query, windowed
from conformance.sandbox.shape import ListShape, ListStyle


def _order(value: str) -> Applies:
    return lambda p: value in p.order_values


def _limit(p: ListShape) -> bool:
    return p.limit is not None


def _ordered(p: ListShape) -> bool:
    return bool(p.order_values)


# A `total` whose own words make it the page's count: bin.json's "This is the number of the entries returned in the
# array, not the number of all matching results" (GET /v1/trash-bin). A field's own description outranks the listing
# docs (issue #21), so a total of the page is what that list promises, and no defect there.
_PAGE_COUNT = re.compile(r"entries returned in the array|not the number of all matching", re.IGNORECASE)


def _counts_the_page(p: ListShape) -> bool:
    # getattr: tests/test_budget_detection.py asks `shows_on` of the client's ListProfile, which has no total_words
    # (its customers list keeps the docs' meaning of total).
    return bool(_PAGE_COUNT.search(getattr(p, "total_words", "")))


FAULTS: tuple[Fault, ...] = (
    Fault(
        "limit-ignored",
        "pagination",
        "list_page_size",
        "limit is ignored; pages hold 10",
        query(without("limit")),
        applies=_limit,
    ),
    Fault(
        "default-limit-25",
        "pagination",
        "list_page_size",
        "25 items without limit",
        query(set_default("limit", "25")),
        # An unpaged list holds no more than its default limit: a larger default changes nothing there.
        frozenset(ListStyle) - {ListStyle.UNPAGED},
        _limit,
    ),
    Fault(
        "default-limit-5",
        "pagination",
        "list_counts",
        "5 items without limit",
        query(set_default("limit", "5")),
        applies=_limit,
        # Without `total` (Loyalty v2), the pointer styles' default-order steps see a short page that more follow.
        also=("list_page_size", "list_cursor_walk"),
    ),
    Fault(
        "total-unfiltered",
        "pagination",
        "list_counts",
        "total counts every customer",
        total_unfiltered,
        WITH_TOTAL,
        lambda p: p.has_total and bool(p.text_filters or p.date_bounds or p.filters),
    ),
    Fault(
        "total-of-page",
        "pagination",
        "list_counts",
        "total counts the page only",
        payload(total(lambda b: len(items_of(b)))),
        WITH_TOTAL - {ListStyle.UNPAGED},  # an unpaged page is the whole list
        lambda p: p.has_total and not _counts_the_page(p),
    ),
    Fault(
        "has-more-always-true",
        "pagination",
        "list_counts",
        "has_more is always true (v2: the last cursor points at itself)",
        body_fault(lf.has_more_always_true),
        applies=lambda p: p.has_more or p.style is ListStyle.CURSOR,
        also=("list_cursor_walk", "list_page_walk"),
    ),
    Fault(
        "has-more-always-false",
        "pagination",
        "list_counts",
        "has_more is always false",
        payload(set_field("has_more", False)),
        applies=lambda p: p.has_more,
        also=("list_cursor_walk", "list_page_walk"),
    ),
    Fault(
        "page-off-by-one",
        "pagination",
        "list_page_walk",
        "page N serves page N+1",
        windowed(lambda a, r, o, lim: page_window(a, r, o + lim, lim)),
        PAGED,
        with_pages,
    ),
    Fault(
        "page-overlap",
        "pagination",
        "list_page_walk",
        "pages overlap by one item",
        windowed(overlap),
        PAGED,
        with_pages,
    ),
    Fault(
        "unstable-tie-order",
        "pagination",
        "list_page_walk",
        "ties in random order per request",
        windowed(unstable_ties),
        PAGED,
        with_pages,
    ),
    Fault(
        "page-past-end-repeats",
        "pagination",
        "list_page_walk",
        "past the end repeats the last page",
        windowed(page_past_end),
        PAGED,
        with_pages,
    ),
    Fault(
        "page-max-unenforced",
        "pagination",
        "list_bounds",
        "page above 99 is served",
        query(clamp("page", 99)),
        PAGED,
        lambda p: p.page is not None and p.page.maximum == 99,
    ),
    Fault(
        "limit-max-unenforced",
        "pagination",
        "list_bounds",
        "limit above 100 is clamped",
        query(clamp("limit", 100)),
        applies=lambda p: p.limit is not None and p.limit.maximum == 100,
    ),
    Fault("order-ignored", "sort", "list_sort_order", "order is ignored", query(without("order")), applies=_ordered),
    Fault(
        "order-inverted",
        "sort",
        "list_sort_order",
        "every order sorts the other way",
        query(invert_order),
        applies=_ordered,
    ),
    Fault(
        "default-order-ascending",
        "sort",
        "list_sort_order",
        "oldest first by default",
        query(set_default("order", "created_at")),
        # Where the spec names no default order, oldest first is no defect.
        applies=lambda p: "created_at" in p.order_values and p.default_order not in (None, "created_at"),
    ),
    Fault(
        "source-id-sorted-by-date",
        "sort",
        "list_sort_order",
        "order=source_id sorts by created_at",
        query(swap_order("source_id", "created_at")),
        applies=_order("source_id"),
    ),
    Fault(
        "updated-sorted-by-created",
        "sort",
        "list_sort_order",
        "order=updated_at sorts by created_at",
        query(swap_order("updated_at", "created_at")),
        applies=_order("updated_at"),
    ),
    Fault(
        "cursor-ignored",
        "cursor",
        "list_cursor",
        "starting_after is ignored",
        query(without("starting_after")),
        frozenset({ListStyle.DATE_CURSOR}),
    ),
    Fault(
        "cursor-wrong-direction",
        "cursor",
        "list_cursor",
        "starting_after alone returns newer items",
        query(lambda p: {**p, "order": "created_at"} if "starting_after" in p and "order" not in p else p),
        frozenset({ListStyle.DATE_CURSOR}),
    ),
    Fault(
        "cursor-inclusive",
        "cursor",
        "list_cursor_walk",
        "the item at the cursor is returned again",
        lf.cursor_inclusive(query(shift_cursor)),
        PAGED_CURSORS,
        also=("list_id_cursor", "list_cursor"),
    ),
    *ANSWER_FAULTS,
    *FIELD_FAULTS,
    *FILTER_FAULTS,
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
