"""Typed views of a list request and a list response, as one profile reads them."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from conformance.documents import value_at
from conformance.json_body import parse_json
from conformance.profile import IntParam, ListProfile
from conformance.timestamps import parse_full_date, parse_iso8601

# `filters[email][conditions][$is]=x`, and `...[$in][0]=x` for the array conditions.
FILTER_KEY = re.compile(r"^(?P<param>\w+)\[(?P<field>[\w.]+)\]\[conditions\]\[(?P<cond>\$\w+)\](?:\[\d*\])?$")
MICROS_PER_DAY = 86_400_000_000


@dataclass(frozen=True)
class Condition:
    """One condition of the `filters` object: `field` `op` (`$is`, `$in`, `$before`, ...) `values`."""

    field: str
    op: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class ListRequest:
    """The list parameters a request sent, already validated against the profile."""

    limit: int | None
    page: int
    order: str | None
    cursor: int | None
    bounds: dict[str, int]
    text: dict[str, str]
    # Id cursor (`starting_after_id`) and Loyalty v2 cursor token, as sent.
    id_cursor: str | None = None
    token: str | None = None
    conditions: tuple[Condition, ...] = ()
    # `filters[junction]=OR`: a condition alone no longer has to hold for every item.
    junction_or: bool = False
    # start_date / end_date as sent, by parameter name.
    dates: dict[str, str] | None = None

    def effective_limit(self, profile: ListProfile) -> int | None:
        return self.limit if self.limit is not None else profile.default_limit

    def effective_order(self, profile: ListProfile) -> str | None:
        return self.order if self.order is not None else profile.default_order

    @property
    def resumes(self) -> bool:
        """The request continues from a cursor of any kind: page position and `total` are then open."""
        return self.cursor is not None or bool(self.id_cursor) or bool(self.token)


@dataclass(frozen=True)
class ListResponse:
    body: dict[str, Any]
    items: list[dict[str, Any]]
    total: int | None
    has_more: bool | None


def read_request(profile: ListProfile, query: dict[str, Any] | None) -> ListRequest | None:
    """None when any list parameter is invalid: what a server does then is for other checks to judge."""
    query = query or {}
    try:
        limit = _int(profile.limit, query)
        page = _int(profile.page, query)
        order = _order(profile, query)
        cursor = _date(query.get(profile.date_cursor)) if profile.date_cursor in query else None
        bounds = {name: _date(query[name]) for name in profile.date_bounds if name in query}
        dates = {n: _text(query[n]) for n in (profile.start_date, profile.end_date) if n and n in query}
        conditions, junction_or = _conditions(profile, query)
    except ValueError:
        return None
    text = {name: query[name] for name in profile.text_filters if isinstance(query.get(name), str) and query[name]}
    return ListRequest(
        limit,
        page or 1,
        order,
        cursor,
        bounds,
        text,
        id_cursor=_optional(query, profile.id_cursor),
        token=_optional(query, profile.cursor),
        conditions=conditions,
        junction_or=junction_or,
        dates=dates,
    )


class NotJson:
    """What `parse_body` returns for a body that is not JSON."""


NOT_JSON = NotJson()


def parse_body(content: bytes) -> Any:
    """The response body as JSON, parsed once however many readers ask (`json_body`); NOT_JSON when it is not
    UTF-8 JSON. Shared: no reader may change it."""
    try:
        return parse_json(content)
    except ValueError:
        return NOT_JSON


def read_response(profile: ListProfile, status: int, content: bytes) -> ListResponse | None:
    """None unless this is a 2xx JSON object whose items array holds objects. A `total` or `has_more` that the spec's
    own words redefine (`ListProfile.redefined`) is left unread: no check derives anything from either meaning
    where they differ (`pagination._whole_first_page` judges the one page where they agree)."""
    if not 200 <= status < 300:
        return None
    body = parse_body(content)
    items = body.get(profile.items_key) if isinstance(body, dict) else None
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        return None
    total = body.get("total") if "total" not in profile.redefined else None
    has_more = body.get("has_more") if "has_more" not in profile.redefined else None
    return ListResponse(
        body=body,
        items=items,
        total=total if isinstance(total, int) and not isinstance(total, bool) else None,
        has_more=has_more if isinstance(has_more, bool) else None,
    )


def next_token(profile: ListProfile, body: dict[str, Any]) -> str | None:
    """The Loyalty v2 `cursor.next` of a body; None when the cursor is null or has no next."""
    node = value_at(body, profile.next_cursor)
    return node if isinstance(node, str) and node else None


def timestamp(item: dict[str, Any], field: str) -> int | None:
    value = item.get(field)
    return instant(value) if isinstance(value, str) else None


def instant(value: str) -> int | None:
    """Microseconds of a date or date-time, read as Voucherify's docs say the API reads them (ISO 8601: an RFC 3339
    date-time, `+0000` offsets, a plain date as its midnight in UTC); None for what is no calendar date."""
    return parse_iso8601(value)


def is_day(value: str) -> bool:
    """A plain calendar date (`2016-11-16`), which a server may read in its own time zone."""
    return parse_full_date(value) is not None


def _order(profile: ListProfile, query: dict[str, Any]) -> str | None:
    """The order in force; with several keys (`order=a&order=b`), the first, which must hold on its own."""
    raw = query.get(profile.order) if profile.order else None
    values = raw if isinstance(raw, list) else [raw] if raw is not None else []
    if any(value not in profile.order_values for value in values):
        raise ValueError(raw)
    return str(values[0]) if values else None


def _conditions(profile: ListProfile, query: dict[str, Any]) -> tuple[tuple[Condition, ...], bool]:
    spec = profile.filters
    if spec is None:
        return (), False
    flat: dict[tuple[str, str], list[str]] = {}
    junction: Any = query.get(f"{spec.name}[junction]")
    for key, value in query.items():
        match = FILTER_KEY.match(key)
        if match and match["param"] == spec.name:
            flat.setdefault((match["field"], match["cond"]), []).extend(_values(value))
    nested = query.get(spec.name)
    if isinstance(nested, dict):
        junction = nested.get("junction", junction)
        for field, node in nested.items():
            conditions = node.get("conditions") if isinstance(node, dict) else None
            for op, value in (conditions or {}).items() if isinstance(conditions, dict) else ():
                flat.setdefault((field, str(op)), []).extend(_values(value))
    found = tuple(Condition(field, op, tuple(values)) for (field, op), values in flat.items())
    return found, isinstance(junction, str) and junction.upper() == "OR"


def _values(value: Any) -> list[str]:
    if isinstance(value, list):
        return [_scalar(v) for v in value]
    if isinstance(value, dict):
        return [_scalar(v) for v in value.values()]
    return [_scalar(value)]


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else json.dumps(value)


def _optional(query: dict[str, Any], name: str | None) -> str | None:
    value = query.get(name) if name else None
    return value if isinstance(value, str) and value else None


def _text(raw: Any) -> str:
    if not isinstance(raw, str) or instant(raw) is None:
        raise ValueError(raw)
    return raw


def _int(param: IntParam | None, query: dict[str, Any]) -> int | None:
    if param is None or param.name not in query:
        return None
    raw = query[param.name]
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise ValueError(raw)
    value = int(raw)
    if (param.minimum is not None and value < param.minimum) or (param.maximum is not None and value > param.maximum):
        raise ValueError(raw)
    return value


def _date(raw: Any) -> int:
    micros = instant(raw) if isinstance(raw, str) else None
    if micros is None:
        raise ValueError(raw)
    return micros
