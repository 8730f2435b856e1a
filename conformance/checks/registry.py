"""Our list checks as plain functions in our own registry: never in Schemathesis' global one.

A check has Schemathesis' signature `(ctx, response, case)` and returns True when it does not apply. The
engine passes `CHECKS` explicitly to each run, so importing this package changes nobody's pytest session.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from conformance.checks.failures import ListCheckFailure
from conformance.checks.meaning import FilterMeaning, read_meaning
from conformance.checks.view import ListRequest, ListResponse, read_request, read_response
from conformance.profile import ListProfile, list_profile

if TYPE_CHECKING:
    from schemathesis import Case, CheckContext, Response

# Like the outer checks, a list check returns True when it could not judge the response (not applicable).
ListCheck = Callable[[ListProfile, ListRequest, ListResponse], bool | None]
MeaningCheck = Callable[[ListProfile, FilterMeaning, ListRequest, ListResponse], bool | None]
CheckFunction = Callable[..., bool | None]
# Our checks by name, in definition order; the suite reports a verdict for each.
CHECKS: dict[str, CheckFunction] = {}
T = TypeVar("T")


class OperationCache(Generic[T]):
    """One value per (spec document, operation), computed once; the document is kept, so its id is not reused."""

    def __init__(self, compute: Callable[[Case[Any]], T]) -> None:
        self._compute = compute
        self._values: dict[tuple[int, str], tuple[object, T]] = {}

    def __call__(self, case: Case[Any]) -> T:
        raw = case.operation.schema.raw_schema
        key = (id(raw), case.operation.label)
        if key not in self._values or self._values[key][0] is not raw:
            self._values[key] = (raw, self._compute(case))
        return self._values[key][1]


profile_of = OperationCache(
    lambda case: list_profile(case.operation.schema.raw_schema, case.operation.method, case.operation.path)
)


meaning_of = OperationCache(
    lambda case: read_meaning(case.operation.schema.raw_schema, profile) if (profile := profile_of(case)) else None
)


def run_check(
    check: CheckFunction, ctx: Any, response: Any, case: Any, record: Callable[[str, ListCheckFailure], None]
) -> bool:
    """One of our checks, called as Schemathesis calls a check; True when it applied. Its failure reaches `record`
    whole; anything else it raises propagates (a crash, for the caller to report)."""
    try:
        outcome = check(ctx, response, case)
    except ListCheckFailure as failure:
        record(check.__name__, failure)
        return True
    return outcome is not True


def _add(check: CheckFunction) -> CheckFunction:
    CHECKS[check.__name__] = check
    return check


def list_check(func: ListCheck) -> CheckFunction:
    """A check of valid list requests with list responses; not applicable to anything else."""
    return _listing(func, lambda profile, case, request, listing: func(profile, request, listing))


def meaning_check(func: MeaningCheck) -> CheckFunction:
    """A list check that also needs what the spec's words say the filters mean (`checks/meaning.py`)."""
    return _listing(func, lambda profile, case, request, listing: func(profile, _meaning(case), request, listing))


def _meaning(case: Case[Any]) -> FilterMeaning:
    meaning = meaning_of(case)
    assert meaning is not None, "a list check runs on list operations only"
    return meaning


def _listing(func: Callable[..., bool | None], judge: Callable[..., bool | None]) -> CheckFunction:
    @functools.wraps(func)
    def check(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
        profile = profile_of(case)
        if profile is None or case.method.upper() != "GET":
            return True
        listing = _read_once(profile, response)
        request = _request_once(profile, case) if listing is not None else None
        if request is None or listing is None:
            return True
        return True if judge(profile, case, request, listing) else None

    return _add(check)


# The checks of one response run one after the other: its body is parsed once for all of them.
_last_read: list[tuple[ListProfile, bytes, ListResponse | None]] = []


def _read_once(profile: ListProfile, response: Response) -> ListResponse | None:
    if _last_read and _last_read[0][0] is profile and _last_read[0][1] is response.content:
        return _last_read[0][2]
    listing = read_response(profile, response.status_code, response.content)
    _last_read[:] = [(profile, response.content, listing)]
    return listing


_last_request: list[tuple[ListProfile, Any, ListRequest | None]] = []


def _request_once(profile: ListProfile, case: Case[Any]) -> ListRequest | None:
    """The case's list parameters, read once for all the checks of its response."""
    if _last_request and _last_request[0][0] is profile and _last_request[0][1] is case:
        return _last_request[0][2]
    request = read_request(profile, case.query)
    _last_request[:] = [(profile, case, request)]
    return request


def response_check(func: Callable[[ListProfile, Case[Any], Response], None]) -> CheckFunction:
    """A check that needs the raw 2xx response (shape checks), on list operations only."""

    @functools.wraps(func)
    def check(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
        profile = profile_of(case)
        if profile is None or case.method.upper() != "GET" or not 200 <= response.status_code < 300:
            return True
        func(profile, case, response)
        return None

    return _add(check)
