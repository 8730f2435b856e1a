"""Realistic defects, each a wrapper around the correct app: the correct code path never tests for a fault.

Each fault names the check that must catch it; tests run `conformance run` against every one.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from conformance.profile import ListStyle
from conformance.sandbox import list_faults as lf
from conformance.sandbox.defects import (
    auth_ignored,
    bad_timestamps,
    clamp,
    crash_past_end,
    drop_nested,
    invert_order,
    overlap,
    page_past_end,
    set_default,
    set_field,
    shift_cursor,
    status_500,
    swap_order,
    text_plain,
    token_unchecked,
    total,
    total_unfiltered,
    unstable_ties,
    without,
)
from conformance.sandbox.rewrites import Wrapper, items_of, page_window, payload, query, response, windowed

PAGED = frozenset({ListStyle.PAGE, ListStyle.DATE_CURSOR})
PAGED_CURSORS = frozenset({ListStyle.DATE_CURSOR, ListStyle.ID_CURSOR, ListStyle.CURSOR})
# Loyalty v2 bodies have no total.
WITH_TOTAL = frozenset(ListStyle) - {ListStyle.CURSOR}


@dataclass(frozen=True)
class Fault:
    name: str
    category: str
    catches: str
    description: str
    wrap: Wrapper
    # The paging styles on which the fault shows; the customers list is date_cursor (it pages too).
    styles: frozenset[ListStyle] = frozenset(ListStyle)


FAULTS: tuple[Fault, ...] = (
    Fault("limit-ignored", "pagination", "list_page_size", "limit is ignored; pages hold 10", query(without("limit"))),
    Fault(
        "default-limit-25", "pagination", "list_page_size", "25 items without limit", query(set_default("limit", "25"))
    ),
    Fault("default-limit-5", "pagination", "list_counts", "5 items without limit", query(set_default("limit", "5"))),
    Fault("total-unfiltered", "pagination", "list_counts", "total counts every customer", total_unfiltered),
    Fault(
        "total-of-page",
        "pagination",
        "list_counts",
        "total counts the page only",
        payload(total(lambda b: len(items_of(b)))),
        WITH_TOTAL,
    ),
    Fault(
        "has-more-always-true",
        "pagination",
        "list_counts",
        "has_more is always true (v2: the last cursor points at itself)",
        lf.body_fault(lf.has_more_always_true),
    ),
    Fault(
        "has-more-always-false",
        "pagination",
        "list_counts",
        "has_more is always false",
        payload(set_field("has_more", False)),
    ),
    Fault(
        "page-off-by-one",
        "pagination",
        "list_page_walk",
        "page N serves page N+1",
        windowed(lambda a, r, o, lim: page_window(a, r, o + lim, lim)),
        PAGED,
    ),
    Fault("page-overlap", "pagination", "list_page_walk", "pages overlap by one item", windowed(overlap)),
    Fault(
        "unstable-tie-order",
        "pagination",
        "list_page_walk",
        "ties in random order per request",
        windowed(unstable_ties),
    ),
    Fault(
        "page-past-end-repeats",
        "pagination",
        "list_page_walk",
        "past the end repeats the last page",
        windowed(page_past_end),
    ),
    Fault("page-max-unenforced", "pagination", "list_bounds", "page above 99 is served", query(clamp("page", 99))),
    Fault(
        "limit-max-unenforced", "pagination", "list_bounds", "limit above 100 is clamped", query(clamp("limit", 100))
    ),
    Fault("order-ignored", "sort", "list_sort_order", "order is ignored", query(without("order"))),
    Fault("order-inverted", "sort", "list_sort_order", "every order sorts the other way", query(invert_order)),
    Fault(
        "default-order-ascending",
        "sort",
        "list_sort_order",
        "oldest first by default",
        query(set_default("order", "created_at")),
    ),
    Fault(
        "source-id-sorted-by-date",
        "sort",
        "list_sort_order",
        "order=source_id sorts by created_at",
        query(swap_order("source_id", "created_at")),
    ),
    Fault(
        "updated-sorted-by-created",
        "sort",
        "list_sort_order",
        "order=updated_at sorts by created_at",
        query(swap_order("updated_at", "created_at")),
    ),
    Fault("cursor-ignored", "cursor", "list_cursor", "starting_after is ignored", query(without("starting_after"))),
    Fault(
        "cursor-wrong-direction",
        "cursor",
        "list_cursor",
        "starting_after alone returns newer items",
        query(lambda p: {**p, "order": "created_at"} if "starting_after" in p and "order" not in p else p),
    ),
    Fault(
        "cursor-inclusive",
        "cursor",
        "list_cursor_walk",
        "the item at the cursor is returned again",
        lf.cursor_inclusive(query(shift_cursor)),
        PAGED_CURSORS,
    ),
    Fault("email-filter-ignored", "filter", "list_filters", "email filter is ignored", query(without("email"))),
    Fault("city-filter-ignored", "filter", "list_filters", "city filter is ignored", query(without("city"))),
    Fault("name-filter-ignored", "filter", "list_filters", "name filter is ignored", query(without("name"))),
    Fault(
        "created-before-ignored",
        "filter",
        "list_filters",
        "created_at[before] is ignored",
        query(without("created_at[before]")),
    ),
    Fault(
        "updated-after-as-before",
        "filter",
        "list_filters",
        "updated_at[after] acts as [before]",
        query(lambda p: {("updated_at[before]" if k == "updated_at[after]" else k): v for k, v in p.items()}),
    ),
    Fault(
        "nested-required-missing",
        "shape",
        "list_shape",
        "summary.redemptions.gift lacks amount_to_go",
        payload(drop_nested),
    ),
    Fault("data-ref-wrong", "shape", "list_shape", "data_ref says 'data'", payload(set_field("data_ref", "data"))),
    Fault(
        "list-object-wrong", "shape", "list_shape", "object says 'customers'", payload(set_field("object", "customers"))
    ),
    Fault("timestamp-not-rfc3339", "shape", "list_shape", "created_at without T and zone", payload(bad_timestamps)),
    Fault("auth-ignored", "auth", "auth_required", "no credentials needed", auth_ignored),
    Fault("token-unchecked", "auth", "auth_required", "any X-App-Token passes", token_unchecked),
    Fault(
        "content-type-text",
        "content-type",
        "content_type_conformance",
        "JSON sent as text/plain",
        response(text_plain),
    ),
    Fault("invalid-input-500", "server-error", "not_a_server_error", "invalid input gives 500", response(status_500)),
    Fault(
        "crash-past-last-page", "server-error", "not_a_server_error", "an empty page crashes", response(crash_past_end)
    ),
    Fault(
        "more-starting-after-first",
        "cursor",
        "list_cursor_walk",
        "more_starting_after names the page's first item",
        lf.body_fault(lf.more_starting_after_first),
        frozenset({ListStyle.ID_CURSOR}),
    ),
    Fault(
        "required-field-missing",
        "shape",
        "list_shape",
        "items lack a required field",
        lf.body_fault(lf.required_field_missing),
    ),
    # Faults that refuse or lose valid input (issue #21), each modelled on a public bug report.
    # zitadel/zitadel#9017: a list filtered by a value a real user has returns no results.
    Fault(
        "filter-finds-nothing",
        "filter",
        "list_filter_finds",
        "a filter by a real item's value answers an empty list",
        lf.body_fault(lf.filter_finds_nothing),
    ),
    # tektoncd/results#560: a LIST with a valid filter answers an error status instead of the items.
    Fault(
        "filter-refuses-valid-value",
        "filter",
        "list_filter_finds",
        "a filter by a real item's value answers 400",
        lf.refusing(lf.filters_by_value),
    ),
    # Giphy/GiphyAPI#7: limit=100 is documented, and anything above 75 gives 400 Bad Request.
    Fault(
        "limit-refused-in-range",
        "pagination",
        "positive_data_acceptance",
        f"limit above {lf.LIMIT_REFUSED_ABOVE} answers 400 (documented: up to 100)",
        lf.refusing(lf.limit_above_half),
    ),
    # HealthIntersections/fhirserver#99: sorting by -lastUpdated fails; the ascending value is accepted.
    Fault(
        "descending-order-refused",
        "sort",
        "positive_data_acceptance",
        "a documented descending order (`-created_at`) answers 400",
        lf.refusing(lf.descending_order),
    ),
    # Faults that break typed clients (issue #11); their names are shared with the SDK gate.
    Fault("total-as-string", "shape", "list_shape", "total is a string", lf.body_fault(lf.total_as_string), WITH_TOTAL),
    Fault(
        "object-outside-enum",
        "shape",
        "list_shape",
        "item object outside its enum",
        lf.body_fault(lf.object_outside_enum),
    ),
    Fault("null-item", "shape", "list_shape", "a null item in the list", lf.body_fault(lf.null_item)),
    Fault(
        "datetime-without-zone",
        "shape",
        "list_shape",
        "date-time values without a zone",
        lf.body_fault(lf.datetime_without_zone),
    ),
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
