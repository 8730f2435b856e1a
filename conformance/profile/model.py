"""The profile's values: a list operation's paging style, parameters, filters and path parameters."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ListStyle(StrEnum):
    """The five ways Voucherify lists page (docs/listing.mdx)."""

    PAGE = "page"
    DATE_CURSOR = "date_cursor"
    ID_CURSOR = "id_cursor"
    CURSOR = "cursor"
    UNPAGED = "unpaged"


@dataclass(frozen=True)
class IntParam:
    name: str
    minimum: int | None
    maximum: int | None
    default: int | None = None


@dataclass(frozen=True)
class PathParam:
    """Where a list under a parent gets a path value: `field` of an item of `parent_operation`'s list."""

    name: str
    # None when no list in the same spec can supply the value.
    parent_operation: str | None
    field: str | None


@dataclass(frozen=True)
class FilterParam:
    """A `filters` deepObject parameter: `filters[field][conditions][$is]=value`."""

    name: str
    # Item field -> the simple equality conditions ($is, $is_not, $in, $not_in) the spec lists for it.
    equality: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Item field -> the date conditions ($before, $after) the spec lists for it.
    dates: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Every field the spec names, with every condition, checked or not.
    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    junction: bool = False
    # Item field -> the schemas of its `$is` condition (an enum, a pattern): a value none of them admits is one the
    # spec refuses, whatever the items hold.
    is_schemas: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    # Item field -> the conditions whose value is a number of days (`$is`, `$more_than`, `$less_than` on a date field),
    # never judged as equality; and (field, condition) -> the spec's words that give it that meaning.
    relative: dict[str, tuple[str, ...]] = field(default_factory=dict)
    meanings: dict[tuple[str, str], str] = field(default_factory=dict)


@dataclass(frozen=True)
class ListProfile:
    """What the generic checks need to know about one list operation."""

    operation: str
    items_key: str
    limit: IntParam | None = None
    page: IntParam | None = None
    date_cursor: str | None = None
    id_cursor: str | None = None
    order: str | None = None
    order_values: tuple[str, ...] = ()
    default_order: str | None = None
    # Order values that make the date cursor return what lies *after* it, ascending (the spec's cursor table).
    ascending_cursor_orders: tuple[str, ...] = ()
    # Date cursor without one of those orders: the spec says items *before* it, descending.
    cursor_default_before: bool = False
    date_bounds: dict[str, tuple[str, str]] = field(default_factory=dict)
    text_filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    has_total: bool = False
    has_more: bool = False
    # Envelope fields (`total`, `has_more`) whose own description contradicts the listing docs, with that description:
    # neither meaning is checked (`profile/envelope.py`).
    redefined: dict[str, str] = field(default_factory=dict)
    list_object: str | None = None
    data_ref: str | None = None
    style: ListStyle = ListStyle.UNPAGED
    # Id cursor: the response field that names the next `starting_after_id`, when the body has it.
    more_starting_after: str | None = None
    # Loyalty v2 cursor: the request parameter, the path of the next token in the body, the token's pattern.
    cursor: str | None = None
    next_cursor: tuple[str, ...] = ()
    cursor_pattern: str | None = None
    # The order parameter also takes an array (`order=a&order=b`).
    multi_order: bool = False
    filters: FilterParam | None = None
    start_date: str | None = None
    end_date: str | None = None
    path_params: tuple[PathParam, ...] = ()
    item_required: tuple[str, ...] = ()
    item_objects: tuple[str, ...] = ()
    # What the profile read but nothing checks, and where the spec contradicts itself; each a sentence.
    unchecked: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def default_limit(self) -> int | None:
        return self.limit.default if self.limit else None


@dataclass(frozen=True)
class OperationProfile:
    """One GET operation: a list with its profile, not a list, or a list the profile cannot classify."""

    operation: str
    kind: str  # "list" | "not a list" | "unclassified"
    profile: ListProfile | None = None
    reason: str = ""

    @property
    def label(self) -> str:
        return "list" if self.kind == "list" else f"{self.kind}: {self.reason}" if self.reason else self.kind
