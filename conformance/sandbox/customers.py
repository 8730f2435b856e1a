"""GET /v1/customers: its table, filters, cursor and response body."""

from __future__ import annotations

import json
from typing import Any

from conformance.sandbox.query import ListQuery, parse_query
from conformance.sandbox.seed import CustomerRecord
from conformance.sandbox.store import ListStore, Selection

COLUMNS = (
    "source_id TEXT NOT NULL",
    "name TEXT",
    "email TEXT",
    "city TEXT",
    "created_at INTEGER NOT NULL",
    "updated_at INTEGER NOT NULL",
)
_SEGMENTS = """
CREATE TABLE segment_members (segment_id TEXT NOT NULL, customer_id TEXT NOT NULL REFERENCES customers(id));
CREATE INDEX members_segment ON segment_members(segment_id);
"""
# Filter name -> SQL condition. Date bounds are exclusive: [before] is strictly earlier, [after] strictly later.
CONDITIONS = {
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


def customer_store(records: list[CustomerRecord]) -> ListStore:
    rows = [
        (r.id, r.source_id, r.name, r.email, r.city, r.created_at, r.updated_at, json.dumps(r.document))
        for r in records
    ]
    store = ListStore("customers", COLUMNS, rows, _SEGMENTS)
    store.insert("INSERT INTO segment_members VALUES (?, ?)", [(s, r.id) for r in records for s in r.segments])
    return store


def selection(query: ListQuery) -> Selection:
    conditions, args = [], []
    for name, value in [*query.strings.items(), *query.dates.items()]:
        conditions.append(CONDITIONS[name])
        args.append(value)
    if query.starting_after is not None:
        ascending = query.order_given and query.order in ASCENDING_CURSOR_ORDERS
        conditions.append(f"{query.order} > ?" if ascending else "created_at < ?")
        args.append(query.starting_after)
    order = query.order.lstrip("-")
    return Selection(conditions, args, order, query.order.startswith("-"), query.limit, query.offset)


def list_customers(store: ListStore, raw_query: str) -> dict[str, Any]:
    page = store.select(selection(parse_query(raw_query)))
    return {
        "object": "list",
        "data_ref": "customers",
        "customers": page.items,
        "total": page.total,
        "has_more": page.has_more,
    }
