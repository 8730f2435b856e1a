"""The sandbox's SQLite store: customers, segment membership, and the list query."""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from typing import Any

from conformance.sandbox.query import ListQuery
from conformance.sandbox.seed import CustomerRecord

_SCHEMA = """
CREATE TABLE customers (
    id TEXT PRIMARY KEY, source_id TEXT NOT NULL, name TEXT, email TEXT, city TEXT,
    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, document TEXT NOT NULL
);
CREATE TABLE segment_members (segment_id TEXT NOT NULL, customer_id TEXT NOT NULL REFERENCES customers(id));
CREATE INDEX customers_created ON customers(created_at, id);
CREATE INDEX customers_updated ON customers(updated_at, id);
CREATE INDEX members_segment ON segment_members(segment_id);
"""
# Filter name -> SQL condition. Date bounds are exclusive: [before] is strictly earlier, [after] strictly later.
_CONDITIONS = {
    "email": "email = ? COLLATE NOCASE",
    "city": "city = ?",
    "name": "name = ?",
    "segment_id": "id IN (SELECT customer_id FROM segment_members WHERE segment_id = ?)",
    "created_at[before]": "created_at < ?",
    "created_at[after]": "created_at > ?",
    "updated_at[before]": "updated_at < ?",
    "updated_at[after]": "updated_at > ?",
}
# Orders for which `starting_after` returns what lies *after* the cursor, ascending (the spec's table).
ASCENDING_CURSOR_ORDERS = ("created_at", "updated_at")


@dataclass(frozen=True)
class Page:
    """One page of a list: the items and the size of the filtered set."""

    items: list[dict[str, Any]]
    total: int
    has_more: bool


class CustomerStore:
    """Customers in an in-memory SQLite database, safe to share between server threads."""

    def __init__(self, records: list[CustomerRecord]) -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.executescript(_SCHEMA)
        with self._db:
            self._db.executemany(
                "INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (r.id, r.source_id, r.name, r.email, r.city, r.created_at, r.updated_at, json.dumps(r.document))
                    for r in records
                ],
            )
            self._db.executemany(
                "INSERT INTO segment_members VALUES (?, ?)",
                [(segment, r.id) for r in records for segment in r.segments],
            )

    def list(self, query: ListQuery) -> Page:
        """Run a validated list query: filter, cursor, order with an id tie-break, then page."""
        where, args = _where(query)
        field, descending = _order(query)
        direction = "DESC" if descending else "ASC"
        order_by = f"{field} {direction}, id {direction}"
        with self._lock:
            total = self._db.execute(f"SELECT COUNT(*) FROM customers WHERE {where}", args).fetchone()[0]
            rows = self._db.execute(
                f"SELECT document FROM customers WHERE {where} ORDER BY {order_by} LIMIT ? OFFSET ?",
                [*args, query.limit, query.offset],
            ).fetchall()
        items = [json.loads(row[0]) for row in rows]
        return Page(items=items, total=total, has_more=query.offset + len(items) < total)


def _where(query: ListQuery) -> tuple[str, list[Any]]:
    conditions, args = ["1 = 1"], []
    for name, value in [*query.strings.items(), *query.dates.items()]:
        conditions.append(_CONDITIONS[name])
        args.append(value)
    if query.starting_after is not None:
        if query.order in ASCENDING_CURSOR_ORDERS and query.order_given:
            conditions.append(f"{query.order} > ?")
        else:
            conditions.append("created_at < ?")
        args.append(query.starting_after)
    return " AND ".join(conditions), args


def _order(query: ListQuery) -> tuple[str, bool]:
    return query.order.lstrip("-"), query.order.startswith("-")
