"""One spec list operation answered in its own paging style: page, date cursor, id cursor, v2 cursor, unpaged."""

from __future__ import annotations

import hashlib
import json
import threading
from typing import Any

from conformance.sandbox import params as p
from conformance.sandbox.dataset import Dataset, Table
from conformance.sandbox.errors import InvalidQuery, SpecRule
from conformance.sandbox.shape import ListShape, ListStyle, cursor_prefix

# The refusal of a token the list never issued: the docs say to pass exactly `cursor.next`, and the probes require
# a 4xx there. A schema-valid request refused for the server's data, not for the sandbox's reading.
UNISSUED_CURSOR = "is not a cursor this list issued"
UNISSUED_CURSOR_KEY = "invalid_cursor"
# A cursor's validity window; fixed so that the same seed gives byte-identical responses.
CURSOR_EXPIRES_AT = "2030-01-01T00:00:00.000Z"


def columns_for(profile: ListShape, item_fields: set[str]) -> dict[str, tuple[str, ...]]:
    """Column key -> path in the item: sort fields, filter fields and the creation date."""
    wanted: dict[str, tuple[str, ...]] = {}
    for value in profile.order_values:
        if value.lstrip("-") in item_fields:
            wanted[value.lstrip("-")] = (value.lstrip("-"),)
    wanted.update(profile.text_filters)
    for field_name, _ in profile.date_bounds.values():
        wanted[field_name] = (field_name,)
    for name in ("created_at", "date"):
        if name in item_fields:
            wanted[name] = (name,)
    if profile.filters:
        for name, conditions in profile.filters.fields.items():
            if name in item_fields and set(conditions) & set(p.APPLIED_CONDITIONS):
                wanted[f"filters.{name}"] = (name,)
    return wanted


class SpecList:
    """The correct behaviour of one list; faults are wrappers elsewhere."""

    def __init__(
        self, profile: ListShape, dataset: Dataset, table: Table, seed: int, fields: dict[str, Any] | None = None
    ) -> None:
        self.profile = profile
        # What the body requires beside the list's own fields (`dataset.body_fields`), the same on every page.
        self.fields = dict(fields or {})
        self.dataset = dataset
        self.table = table
        self.seed = seed
        self._cursors: dict[str, tuple[str, int]] = {}
        self._lock = threading.Lock()

    def respond(self, raw_query: str) -> dict[str, Any]:
        profile = self.profile
        params = p.params_of(raw_query, profile.repeatable)
        one = {name: values[0] for name, values in params.items()}
        default = profile.default_limit or p.DEFAULT_LIMIT
        limit = p.integer(profile.limit, one.get(profile.limit.name) if profile.limit else None, default)
        if profile.style is ListStyle.UNPAGED and profile.limit is None:
            limit = self.table.count
        conditions = p.filters(profile, params, {k: v for k, v in self.table.columns.items()})
        order = p.orders(profile, params.get(profile.order) if profile.order else None)
        order_sql = self._order_sql(order)
        offset = 0
        if profile.page:
            page = p.integer(profile.page, one.get(profile.page.name), 1)
            offset = (page - 1) * limit
        if profile.style in (ListStyle.DATE_CURSOR, ListStyle.ID_CURSOR) and profile.date_cursor in one:
            self._date_cursor(one[profile.date_cursor], params.get(profile.order or ""), order, conditions)
        where = " AND ".join(["1 = 1", *conditions.sql])
        ids = [
            row[0]
            for row in self.dataset.query(
                f"SELECT id FROM {self.table.name} WHERE {where} {order_sql}", conditions.args
            )
        ]
        if profile.style is ListStyle.ID_CURSOR and one.get(profile.id_cursor or ""):
            offset = self._after_id(ids, one[profile.id_cursor or ""])
        signature = json.dumps([order, conditions.sql, conditions.args])
        if profile.style is ListStyle.CURSOR and one.get(profile.cursor or ""):
            offset = self._resume(one[profile.cursor or ""], signature)
        window = ids[offset : offset + limit]
        items = self._documents(window)
        more = offset + len(window) < len(ids)
        return self._body(items, len(ids), more, signature, offset + len(window))

    def _order_sql(self, order: list[str]) -> str:
        keys = []
        for value in order:
            column = self.table.columns.get(value.lstrip("-"), "id")
            keys.append(f"{column} {'DESC' if value.startswith('-') else 'ASC'}")
        # `id` breaks ties, in the direction of the first key.
        keys.append(f"id {'DESC' if order and order[0].startswith('-') else 'ASC'}")
        return "ORDER BY " + ", ".join(keys)

    def _date_cursor(self, raw: str, given: list[str] | None, order: list[str], conditions: p.Conditions) -> None:
        value = p.date(raw)
        field = order[0].lstrip("-")
        ascending = bool(given) and not order[0].startswith("-") and field in ("created_at", "updated_at")
        # As for customers: ascending date orders read after the cursor; anything else reads before it.
        column = self.table.columns.get(field if ascending else "created_at")
        if column is None or value is None:
            return
        conditions.sql.append(f"{column} {'>' if ascending else '<'} ?")
        conditions.args.append(value)

    def _after_id(self, ids: list[str], cursor: str) -> int:
        # An id no item of this list (filtered so) has: nothing comes after it. Any string is schema-valid there,
        # so refusing it would refuse a valid request; an empty last page says no more as well.
        return ids.index(cursor) + 1 if cursor in ids else len(ids)

    def _resume(self, token: str, signature: str) -> int:
        prefix = cursor_prefix(self.profile.cursor_pattern)
        with self._lock:
            known = self._cursors.get(token)
        if not token.startswith(prefix) or known is None:
            raise SpecRule(f"Parameter '{self.profile.cursor}' {UNISSUED_CURSOR}: {token!r}.", UNISSUED_CURSOR_KEY)
        if known[0] != signature:
            raise InvalidQuery(f"Parameter '{self.profile.cursor}' was issued for another order or filter.")
        return known[1]

    def _token(self, signature: str, offset: int) -> str:
        digest = hashlib.sha256(f"{self.seed}|{self.profile.operation}|{signature}|{offset}".encode()).hexdigest()
        token = cursor_prefix(self.profile.cursor_pattern) + digest[:24]
        with self._lock:
            self._cursors[token] = (signature, offset)
        return token

    def _documents(self, ids: list[str]) -> list[dict[str, Any]]:
        if not ids:
            return []
        marks = ", ".join("?" * len(ids))
        rows = self.dataset.query(f"SELECT id, document FROM {self.table.name} WHERE id IN ({marks})", ids)
        by_id = {row[0]: json.loads(row[1]) for row in rows}
        return [by_id[i] for i in ids]

    def _body(self, items: list[dict[str, Any]], total: int, more: bool, signature: str, end: int) -> dict[str, Any]:
        profile = self.profile
        body: dict[str, Any] = {**self.fields, "object": profile.list_object or "list"}
        if profile.data_ref:
            body["data_ref"] = profile.data_ref
        body[profile.items_key] = items
        if profile.style is ListStyle.CURSOR:
            body["cursor"] = {"next": self._token(signature, end), "expires_at": CURSOR_EXPIRES_AT} if more else None
        if profile.has_total:
            body["total"] = total
        if profile.has_more:
            body["has_more"] = more
        if profile.more_starting_after and more and items:
            body[profile.more_starting_after] = items[-1].get("id")
        return body
