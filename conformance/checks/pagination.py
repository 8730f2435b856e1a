"""Single-response pagination checks: page size, and total / has_more against the page's position."""

from __future__ import annotations

from conformance.checks.failures import PaginationFailure
from conformance.checks.registry import list_check
from conformance.checks.view import ListRequest, ListResponse
from conformance.profile import ListProfile


@list_check
def list_page_size(profile: ListProfile, request: ListRequest, response: ListResponse) -> bool | None:
    """A page never holds more than `limit` items, or than the documented default when limit is absent."""
    limit = request.effective_limit(profile)
    if limit is None:
        return True
    if len(response.items) <= limit:
        return None
    source = f"limit={request.limit}" if request.limit is not None else f"the documented default of {limit}"
    raise PaginationFailure(
        operation=profile.operation,
        title="Page holds more items than the limit",
        expected=f"at most {limit} items ({source})",
        received=f"{len(response.items)} items in `{profile.items_key}`",
        key=f"size>{'limit' if request.limit is not None else 'default'}",
    )


@list_check
def list_counts(profile: ListProfile, request: ListRequest, response: ListResponse) -> bool | None:
    """`total`, `has_more` and `more_starting_after` agree with the items returned and with the page's position."""
    _next_id(profile, response)
    _whole_first_page(profile, request, response)
    limit = request.effective_limit(profile)
    if limit is None or (response.total is None and response.has_more is None):
        return True
    count = len(response.items)
    if response.has_more is True and count < limit:
        _fail(
            profile,
            "has_more is true on a short page",
            f"has_more=false, as only {count} of {limit} slots are filled",
            "has_more=true",
            "short-page-has-more",
        )
    if response.total is None or request.resumes or request.page < 1:
        # With a cursor, whether `total` counts the set before or after it is left open by the spec; so is the
        # position of a page below 1 that the schema admits (client-side's `page` has no minimum).
        return None
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
    return None


def _whole_first_page(profile: ListProfile, request: ListRequest, response: ListResponse) -> None:
    """Where `total`'s own words redefine it (bin.json: "the number of the entries returned in the array"), neither
    meaning is judged, except on the one page where both give the same number: a first page that says nothing more
    follows holds every item the query selects, so the docs' total (all matches) and the field's (the entries of
    the array) are both its item count."""
    total = response.body.get("total")
    if "total" not in profile.redefined or not isinstance(total, int) or isinstance(total, bool):
        return
    if response.has_more is not False or request.resumes or request.page != 1 or total == len(response.items):
        return
    _fail(
        profile,
        "total disagrees with a page that holds the whole list",
        f"total={len(response.items)}: this first page says nothing more follows, so both meanings of `total` (the "
        "listing docs' and its own description) count its items",
        f"total={total}",
        "whole-page-total",
    )


def _next_id(profile: ListProfile, response: ListResponse) -> None:
    """Id cursor lists: `more_starting_after` is there exactly when `has_more` is true (docs/listing.mdx)."""
    name = profile.more_starting_after
    if name is None or response.has_more is None:
        return
    following = response.body.get(name)
    if response.has_more and not following and response.items:
        _fail(profile, f"has_more without {name}", f"{name} naming the next page's start", "none", "next-id-missing")
    if not response.has_more and following:
        _fail(profile, f"{name} on the last page", f"no {name} with has_more=false", f"{name}={following!r}", "next-id")


def _fail(profile: ListProfile, title: str, expected: str, received: str, key: str) -> None:
    raise PaginationFailure(operation=profile.operation, title=title, expected=expected, received=received, key=key)
