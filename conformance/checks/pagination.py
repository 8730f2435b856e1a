"""Single-response pagination checks: page size, and total / has_more against the page's position."""

from __future__ import annotations

from conformance.checks.failures import PaginationFailure
from conformance.checks.registry import list_check
from conformance.checks.view import ListRequest, ListResponse
from conformance.profile import ListProfile


@list_check
def list_page_size(profile: ListProfile, request: ListRequest, response: ListResponse) -> None:
    """A page never holds more than `limit` items, or than the documented default when limit is absent."""
    limit = request.effective_limit(profile)
    if limit is None or len(response.items) <= limit:
        return
    source = f"limit={request.limit}" if request.limit is not None else f"the documented default of {limit}"
    raise PaginationFailure(
        operation=profile.operation,
        title="Page holds more items than the limit",
        expected=f"at most {limit} items ({source})",
        received=f"{len(response.items)} items in `{profile.items_key}`",
        key=f"size>{'limit' if request.limit is not None else 'default'}",
    )


@list_check
def list_counts(profile: ListProfile, request: ListRequest, response: ListResponse) -> None:
    """`total` and `has_more` agree with the items returned and with the page's position."""
    limit = request.effective_limit(profile)
    if limit is None:
        return
    count = len(response.items)
    if response.has_more is True and count < limit:
        _fail(
            profile,
            "has_more is true on a short page",
            f"has_more=false, as only {count} of {limit} slots are filled",
            "has_more=true",
            "short-page-has-more",
        )
    if response.total is None or request.cursor is not None:
        # With a cursor, whether `total` counts the set before or after it is left open by the spec.
        return
    offset = (request.page - 1) * limit
    expected = max(0, min(limit, response.total - offset))
    position = f"total={response.total}, page={request.page}, limit={limit}"
    if count != expected:
        _fail(
            profile,
            "Item count disagrees with total and page",
            f"{expected} items ({position})",
            f"{count} items",
            "count",
        )
    if response.has_more is not None and response.has_more != (offset + count < response.total):
        _fail(
            profile,
            "has_more disagrees with total and page",
            f"has_more={offset + count < response.total} ({position}, {count} items)",
            f"has_more={response.has_more}",
            "has_more",
        )


def _fail(profile: ListProfile, title: str, expected: str, received: str, key: str) -> None:
    raise PaginationFailure(operation=profile.operation, title=title, expected=expected, received=received, key=key)
