"""Typed views of a list request and a list response, as one profile reads them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from conformance.profile import IntParam, ListProfile
from conformance.timestamps import parse_rfc3339


@dataclass(frozen=True)
class ListRequest:
    """The list parameters a request sent, already validated against the profile."""

    limit: int | None
    page: int
    order: str | None
    cursor: int | None
    bounds: dict[str, int]
    text: dict[str, str]

    def effective_limit(self, profile: ListProfile) -> int | None:
        return self.limit if self.limit is not None else profile.default_limit

    def effective_order(self, profile: ListProfile) -> str | None:
        return self.order if self.order is not None else profile.default_order


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
        order = query.get(profile.order) if profile.order else None
        if order is not None and order not in profile.order_values:
            return None
        cursor = _date(query.get(profile.date_cursor)) if profile.date_cursor in query else None
        bounds = {name: _date(query[name]) for name in profile.date_bounds if name in query}
    except ValueError:
        return None
    text = {name: query[name] for name in profile.text_filters if isinstance(query.get(name), str) and query[name]}
    return ListRequest(limit, page or 1, order, cursor, bounds, text)


def read_response(profile: ListProfile, status: int, content: bytes) -> ListResponse | None:
    """None unless this is a 2xx JSON object whose items array holds objects."""
    if not 200 <= status < 300:
        return None
    try:
        body = json.loads(content)
    except ValueError:
        return None
    items = body.get(profile.items_key) if isinstance(body, dict) else None
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        return None
    total = body.get("total")
    has_more = body.get("has_more")
    return ListResponse(
        body=body,
        items=items,
        total=total if isinstance(total, int) and not isinstance(total, bool) else None,
        has_more=has_more if isinstance(has_more, bool) else None,
    )


def timestamp(item: dict[str, Any], field: str) -> int | None:
    value = item.get(field)
    return parse_rfc3339(value) if isinstance(value, str) else None


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
    micros = parse_rfc3339(raw) if isinstance(raw, str) else None
    if micros is None:
        raise ValueError(raw)
    return micros
