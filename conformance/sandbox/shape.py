"""What the sandbox serves for one list operation, in its own words: the paging style, the parameters that page,
sort and filter, and where the items go. `shape_reading` reads it from the spec and listing.mdx without the
checks' `profile/`, so that a misreading on either side shows up as a finding instead of agreeing with itself."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

_TOKEN_PREFIX = re.compile(r"^\^(\w+_)")
EQUALITY = ("$is", "$is_not", "$in", "$not_in")


class ListStyle(StrEnum):
    """How a list pages, as listing.mdx tells them apart (the values are the names a run reports)."""

    PAGE = "page"
    DATE_CURSOR = "date_cursor"
    ID_CURSOR = "id_cursor"
    CURSOR = "cursor"
    UNPAGED = "unpaged"


@dataclass(frozen=True)
class Bounds:
    """An integer query parameter (`limit`, `page`): its name, the range its schema allows, its default."""

    name: str
    minimum: int | float | None = None
    maximum: int | float | None = None
    default: int | None = None
    # Typed `number` (Loyalty v2): a fractional value is schema-valid, and is rounded.
    fractional: bool = False


@dataclass(frozen=True)
class FilterObject:
    """The `filters` deepObject parameter: every field it names, with the conditions the spec lists for it."""

    name: str
    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Field -> the only values its equality conditions admit (`$is` enum `["voucher"]`), where they name any.
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def equality(self) -> dict[str, tuple[str, ...]]:
        """Field -> its equality conditions (`$is`, `$is_not`, `$in`, `$not_in`), where it has any."""
        return self._having(EQUALITY)

    @property
    def dates(self) -> dict[str, tuple[str, ...]]:
        """Field -> its date conditions (`$before`, `$after`), where it has any."""
        return self._having(("$before", "$after"))

    def _having(self, wanted: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
        found = {name: tuple(c for c in wanted if c in conditions) for name, conditions in self.fields.items()}
        return {name: conditions for name, conditions in found.items() if conditions}


@dataclass(frozen=True)
class ListShape:
    """One list operation as the sandbox answers it."""

    operation: str
    items_key: str
    style: ListStyle = ListStyle.UNPAGED
    list_object: str | None = None
    data_ref: str | None = None
    has_total: bool = False
    # `total`'s own description: the fault catalogue reads in it whether `total` counts the page (bin.json's does).
    total_words: str = ""
    has_more: bool = False
    more_starting_after: str | None = None
    limit: Bounds | None = None
    page: Bounds | None = None
    date_cursor: str | None = None
    id_cursor: str | None = None
    cursor: str | None = None
    cursor_pattern: str | None = None
    order: str | None = None
    order_values: tuple[str, ...] = ()
    default_order: str | None = None
    # The order parameter takes an array (`order=a&order=-b`).
    multi_order: bool = False
    # Parameter -> the item field it must equal (`city` -> `address.city`).
    text_filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # `created_at[before]` -> (`created_at`, `before`).
    date_bounds: dict[str, tuple[str, str]] = field(default_factory=dict)
    start_date: str | None = None
    end_date: str | None = None
    # The item field `start_date`/`end_date` bound: `created_at`, else a daily report's `date`.
    range_field: str | None = None
    filters: FilterObject | None = None
    # Query parameters whose schema is an array: each may be sent more than once (`ids=a&ids=b`).
    repeatable: frozenset[str] = frozenset()
    item_required: tuple[str, ...] = ()
    item_objects: tuple[str, ...] = ()

    @property
    def default_limit(self) -> int | None:
        return self.limit.default if self.limit else None


def cursor_prefix(pattern: str | None) -> str:
    """`^lcrsmbr_[a-f0-9]+$` -> `lcrsmbr_`: the prefix every token of a Loyalty v2 cursor carries."""
    match = _TOKEN_PREFIX.match(pattern or "")
    return match.group(1) if match else ""
