"""The catalogue's faults in what a list filters and answers: filters, shapes, auth, content type, server errors,
refusals of valid input (issue #21) and bodies that break typed clients (issue #11)."""

from __future__ import annotations

from conformance.sandbox import list_faults as lf
from conformance.sandbox.defects import (
    auth_ignored,
    bad_timestamps,
    crash_past_end,
    drop_nested,
    set_field,
    status_500,
    text_plain,
    token_unchecked,
    without,
)
from conformance.sandbox.fault import PAGED, WITH_TOTAL, Applies, Fault, with_pages
from conformance.sandbox.rewrites import body_fault, payload, query, response
from conformance.sandbox.shape import ListShape, ListStyle

# What GET /v1/customers of the hand-written app serves, and the customers.json list has too.
_CUSTOMERS = "GET /v1/customers"


def _text_filter(name: str) -> Applies:
    return lambda p: name in p.text_filters


def _bound(name: str) -> Applies:
    return lambda p: name in p.date_bounds


def _filters_by_value(profile: ListShape) -> bool:
    return bool(profile.text_filters or (profile.filters and profile.filters.equality))


ANSWER_FAULTS: tuple[Fault, ...] = (
    Fault(
        "email-filter-ignored",
        "filter",
        "list_filters",
        "email filter is ignored",
        query(without("email")),
        applies=_text_filter("email"),
    ),
    Fault(
        "city-filter-ignored",
        "filter",
        "list_filters",
        "city filter is ignored",
        query(without("city")),
        applies=_text_filter("city"),
    ),
    Fault(
        "name-filter-ignored",
        "filter",
        "list_filters",
        "name filter is ignored",
        query(without("name")),
        applies=_text_filter("name"),
    ),
    Fault(
        "created-before-ignored",
        "filter",
        "list_filters",
        "created_at[before] is ignored",
        query(without("created_at[before]")),
        applies=_bound("created_at[before]"),
    ),
    Fault(
        "updated-after-as-before",
        "filter",
        "list_filters",
        "updated_at[after] acts as [before]",
        query(lambda p: {("updated_at[before]" if k == "updated_at[after]" else k): v for k, v in p.items()}),
        applies=_bound("updated_at[after]"),
    ),
    Fault(
        "nested-required-missing",
        "shape",
        "list_shape",
        "summary.redemptions.gift lacks amount_to_go",
        payload(drop_nested),
        applies=lambda p: p.operation == _CUSTOMERS,
    ),
    Fault(
        "data-ref-wrong",
        "shape",
        "list_shape",
        "data_ref says 'data'",
        payload(set_field("data_ref", "data")),
        applies=lambda p: p.data_ref not in (None, "data"),
    ),
    Fault(
        "list-object-wrong",
        "shape",
        "list_shape",
        "object says 'customers'",
        payload(set_field("object", "customers")),
        applies=lambda p: p.list_object not in (None, "customers"),
    ),
    Fault(
        "timestamp-not-rfc3339",
        "shape",
        "list_shape",
        "created_at without T and zone",
        payload(bad_timestamps),
        applies=lambda p: p.operation == _CUSTOMERS,
    ),
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
        "crash-past-last-page",
        "server-error",
        "not_a_server_error",
        "an empty page crashes",
        response(crash_past_end),
        PAGED,
        with_pages,
    ),
    Fault(
        "more-starting-after-first",
        "cursor",
        "list_cursor_walk",
        "more_starting_after names the page's first item",
        body_fault(lf.more_starting_after_first),
        frozenset({ListStyle.ID_CURSOR}),
    ),
    Fault(
        "required-field-missing",
        "shape",
        "list_shape",
        "items lack a required field",
        body_fault(lf.required_field_missing),
        applies=lambda p: bool(p.item_required),
    ),
    # Faults that refuse or lose valid input (issue #21), each modelled on a public bug report.
    # zitadel/zitadel#9017: a list filtered by a value a real user has returns no results.
    Fault(
        "filter-finds-nothing",
        "filter",
        "list_filter_finds",
        "a filter by a real item's value answers an empty list",
        body_fault(lf.filter_finds_nothing),
        applies=_filters_by_value,
    ),
    # tektoncd/results#560: a LIST with a valid filter answers an error status instead of the items.
    Fault(
        "filter-refuses-valid-value",
        "filter",
        "list_filter_finds",
        "a filter by a real item's value answers 400",
        lf.refusing(lf.filters_by_value),
        applies=_filters_by_value,
    ),
    # Giphy/GiphyAPI#7: limit=100 is documented, and anything above 75 gives 400 Bad Request.
    Fault(
        "limit-refused-in-range",
        "pagination",
        "positive_data_acceptance",
        f"limit above {lf.LIMIT_REFUSED_ABOVE} answers 400 (documented: up to 100)",
        lf.refusing(lf.limit_above_half),
        applies=lambda p: p.limit is not None and (p.limit.maximum or 0) > lf.LIMIT_REFUSED_ABOVE,
        also=("list_bounds",),
    ),
    # HealthIntersections/fhirserver#99: sorting by -lastUpdated fails; the ascending value is accepted.
    Fault(
        "descending-order-refused",
        "sort",
        "positive_data_acceptance",
        "a documented descending order (`-created_at`) answers 400",
        lf.refusing(lf.descending_order),
        applies=lambda p: any(value.startswith("-") for value in p.order_values),
        also=("list_sort_order",),
    ),
    # Faults that break typed clients (issue #11); their names are shared with the SDK gate.
    Fault("total-as-string", "shape", "list_shape", "total is a string", body_fault(lf.total_as_string), WITH_TOTAL),
    # Only where the item schema lists the `object` values (an enum or const): vouchers.json's `VoucherBase.object`
    # is a plain string ("Default is `voucher`", no enum), so another value breaks no word of the spec there.
    Fault(
        "object-outside-enum",
        "shape",
        "list_shape",
        "item object outside its enum",
        body_fault(lf.object_outside_enum),
        applies=lambda p: bool(p.item_objects),
    ),
    Fault("null-item", "shape", "list_shape", "a null item in the list", body_fault(lf.null_item)),
    Fault(
        "datetime-without-zone",
        "shape",
        "list_shape",
        "date-time values without a zone",
        body_fault(lf.datetime_without_zone),
    ),
)
