"""The sandbox's SQLite store: one table per resource, queried with filters, an order and a page."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Page:
    """One page of a list: the items and the size of the filtered set."""

    items: list[dict[str, Any]]
    total: int
    has_more: bool


@dataclass(frozen=True)
class Selection:
    """SQL conditions with their arguments, an order column and direction, and a page window."""

    conditions: Sequence[str]
    args: Sequence[Any]
    order: str
    descending: bool
    limit: int
    offset: int


class ListStore:
    """Rows of (id, indexed columns..., document) in an in-memory SQLite table, shared by server threads."""

    def __init__(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], extra_sql: str = "") -> None:
        self.table = table
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        defined = ", ".join(columns)
        self._db.executescript(f"CREATE TABLE {table} (id TEXT PRIMARY KEY, {defined}, document TEXT NOT NULL);")
        if extra_sql:
            self._db.executescript(extra_sql)
        marks = ", ".join("?" * (len(columns) + 2))
        with self._db:
            self._db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)

    def insert(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._lock, self._db:
            self._db.executemany(sql, rows)

    def select(self, selection: Selection) -> Page:
        """Filter, order with `id` as the tie-break in the same direction, then page."""
        where = " AND ".join(["1 = 1", *selection.conditions])
        direction = "DESC" if selection.descending else "ASC"
        # NULLs sort as the smallest value in SQLite, on either direction consistently.
        order_by = f"{selection.order} {direction}, id {direction}"
        with self._lock:
            total = self._db.execute(f"SELECT COUNT(*) FROM {self.table} WHERE {where}", selection.args).fetchone()[0]
            rows = self._db.execute(
                f"SELECT document FROM {self.table} WHERE {where} ORDER BY {order_by} LIMIT ? OFFSET ?",
                [*selection.args, selection.limit, selection.offset],
            ).fetchall()
        items = [json.loads(row[0]) for row in rows]
        return Page(items=items, total=total, has_more=selection.offset + len(items) < total)
