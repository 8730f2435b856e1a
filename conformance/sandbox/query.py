"""Query-string parsing and validation for GET /v1/customers, mirroring the spec's parameter rules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from conformance.timestamps import parse_iso8601

DEFAULT_LIMIT = 10
LIMIT_RANGE = (1, 100)
PAGE_RANGE = (1, 99)
ORDER_VALUES = ("created_at", "-created_at", "updated_at", "-updated_at", "source_id", "-source_id")
DEFAULT_ORDER = "-created_at"
STRING_FILTERS = ("email", "city", "name", "segment_id")
DATE_FILTERS = ("created_at[before]", "created_at[after]", "updated_at[before]", "updated_at[after]")
_INTEGER = re.compile(r"^[+-]?\d{1,12}$", re.ASCII)


class InvalidQuery(ValueError):
    """A query parameter that the spec does not allow; the message names it and the valid values."""

    key = "invalid_query_params"  # the error body's `key`


class SpecRule(InvalidQuery):
    """A refusal that the spec's words prescribe though the schema admits the value, answered under its own error
    `key`: whoever reads the answer tells it from a value the schema refuses without reading its words."""

    def __init__(self, message: str, key: str) -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class ListQuery:
    """A validated list request: limit, page, filters, order and the optional date cursor."""

    limit: int = DEFAULT_LIMIT
    page: int = 1
    order: str = DEFAULT_ORDER
    order_given: bool = False
    strings: dict[str, str] = field(default_factory=dict)
    dates: dict[str, int] = field(default_factory=dict)
    starting_after: int | None = None

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit


def parse_query(raw_query: str) -> ListQuery:
    """Validate the raw query string, or raise InvalidQuery saying what was expected."""
    params = unique_params(raw_query)
    strings = {name: params[name] for name in STRING_FILTERS if params.get(name)}
    dates = {name: date_param(name, params[name]) for name in DATE_FILTERS if name in params}
    order = params.get("order")
    if order is not None and order not in ORDER_VALUES:
        raise InvalidQuery(f"Parameter 'order' must be one of {', '.join(ORDER_VALUES)}; got {order!r}.")
    cursor = params.get("starting_after")
    return ListQuery(
        limit=integer_param("limit", params.get("limit"), LIMIT_RANGE, DEFAULT_LIMIT),
        page=integer_param("page", params.get("page"), PAGE_RANGE, 1),
        order=order or DEFAULT_ORDER,
        order_given=order is not None,
        strings=strings,
        dates=dates,
        starting_after=None if cursor is None else date_param("starting_after", cursor),
    )


def unique_params(raw_query: str) -> dict[str, str]:
    """The query as a dict; a name sent twice is an error, not a silent choice."""
    params: dict[str, str] = {}
    for name, value in parse_qsl(raw_query, keep_blank_values=True):
        if name in params:
            raise InvalidQuery(f"Parameter '{name}' was given more than once; send it once.")
        params[name] = value
    return params


def integer_param(name: str, raw: str | None, bounds: tuple[int, int], default: int) -> int:
    if raw is None:
        return default
    low, high = bounds
    if not _INTEGER.match(raw) or not low <= int(raw) <= high:
        raise InvalidQuery(f"Parameter '{name}' must be an integer from {low} to {high}; got {raw!r}.")
    return int(raw)


def date_param(name: str, raw: str) -> int:
    """A date filter or cursor in ISO 8601, as Voucherify's listing docs say the API takes it (`+0000`, plain dates)."""
    micros = parse_iso8601(raw)
    if micros is None:
        raise InvalidQuery(
            f"Parameter '{name}' must be an ISO 8601 date such as 2023-12-22T10:13:06.487Z or 2023-12-22; got {raw!r}."
        )
    return micros
