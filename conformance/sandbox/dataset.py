"""The spec sandbox's data: for each list operation, deterministic items generated from its item schema and
stored as SQLite rows, with the columns its sorts and filters need."""

from __future__ import annotations

import copy
import json
import random
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from conformance.documents import value_at
from conformance.openapi import json_response_schema, properties, resolve
from conformance.sandbox.instances import START, Instances
from conformance.sandbox.params import APPLIED_CONDITIONS
from conformance.sandbox.shape import ListShape, ListStyle
from conformance.sandbox.validation import SpecValidator
from conformance.timestamps import format_micros, parse_full_date, parse_rfc3339

ATTEMPTS = 8
VARIANTS = 3


class GenerationError(ValueError):
    """No item the generator could build validates against the item schema."""


@dataclass(frozen=True)
class Table:
    """Where one list's rows live: the SQLite table and, per item field or filter name, its column."""

    name: str
    columns: dict[str, str]
    count: int


def item_schema(spec: dict[str, Any], profile: ListShape) -> Any:
    """The schema of one item: the items of data_ref's array, else `data`'s, else the only array's."""
    path = profile.operation.split(" ", 1)[1]
    body = properties(spec, json_response_schema(spec, spec["paths"][path]["get"]))
    for name in (profile.items_key, "data", *body):
        node = resolve(spec, body.get(name, {}))
        for branch in [node, *(resolve(spec, b) for b in node.get("oneOf", []) + node.get("anyOf", []))]:
            if isinstance(branch, dict) and "items" in branch:
                return branch["items"]
    return {}


class Dataset:
    """One in-memory SQLite database holding every list's rows; reads are serialised by a lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.tables: dict[str, Table] = {}

    def add(self, profile: ListShape, items: list[dict[str, Any]], fields: dict[str, tuple[str, ...]]) -> Table:
        name = f"t{len(self.tables)}"
        columns = {key: f"c{index}" for index, key in enumerate(fields)}
        defined = "".join(f", {column}" for column in columns.values())
        self.db.execute(f"CREATE TABLE {name} (id TEXT{defined}, document TEXT NOT NULL)")
        rows = [(key, *(_column(item, fields[k]) for k in columns), json.dumps(item)) for key, item in _keyed(items)]
        marks = ", ".join("?" * (len(columns) + 2))
        with self.db:
            self.db.executemany(f"INSERT INTO {name} VALUES ({marks})", rows)
        self.tables[profile.operation] = table = Table(name, columns, len(items))
        return table

    def query(self, sql: str, args: Sequence[Any]) -> list[Any]:
        with self.lock:
            return self.db.execute(sql, list(args)).fetchall()

    def item(self, operation: str, key: str, value: str) -> dict[str, Any] | None:
        """The first of a list's items whose `key` holds `value`."""
        for (document,) in self.query(f"SELECT document FROM {self.tables[operation].name}", []):
            item: dict[str, Any] = json.loads(document)
            if str(item.get(key)) == value:
                return item
        return None


def _keyed(items: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """Each item with its row's key: its `id`, else its place in the list; never the same twice, since a page reads
    its documents back by key."""
    seen: set[str] = set()
    keyed = []
    for index, item in enumerate(items):
        key = str(item["id"]) if item.get("id") is not None else f"#{index}"
        key = key if key not in seen else f"{key}#{index}"
        seen.add(key)
        keyed.append((key, item))
    return keyed


def _column(item: dict[str, Any], path: tuple[str, ...]) -> Any:
    value = value_at(item, path)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    if isinstance(value, str) and (micros := parse_rfc3339(value) or parse_full_date(value)) is not None:
        return micros  # a day (`date` of a daily report) is its first instant, as date bounds read it
    return value


def body_fields(spec: dict[str, Any], profile: ListShape, rng: random.Random) -> dict[str, Any]:
    """What the list's body requires beside the fields every list answer computes (`GET /v1/vouchers/{code}/redemption`
    requires the voucher's `quantity`, `redeemed_quantity` and `url`): generated once, from their schemas."""
    path = profile.operation.split(" ", 1)[1]
    schema = json_response_schema(spec, spec["paths"][path]["get"])
    node = resolve(spec, schema)
    parts = [node, *(resolve(spec, part) for part in node.get("allOf", []))] if isinstance(node, dict) else []
    required = [name for part in parts if isinstance(part, dict) for name in part.get("required", [])]
    computed = {"object", "data_ref", "cursor", "total", "has_more", "more_starting_after", profile.items_key}
    fields = properties(spec, schema)
    instances = Instances(spec, rng)
    return {name: instances.value(fields[name], name) for name in required if name in fields and name not in computed}


def row_count(profile: ListShape, rng: random.Random) -> int:
    """Enough items for several pages; children smaller; a limit-only list fits in one response."""
    if profile.style is ListStyle.UNPAGED:
        bounds = [profile.default_limit, profile.limit.maximum if profile.limit else None, 10]
        # More than 5: a default limit of 5 (the catalogue's `default-limit-5`) cuts the list, as it would a real one.
        return min(int(min(b for b in bounds if b)), 6 + rng.randint(0, 3))
    return (24 if "{" not in profile.operation else 11) + rng.randint(0, 6)


def generate(
    spec: dict[str, Any], profile: ListShape, rng: random.Random, unique: set[str], checks: SpecValidator
) -> list[dict[str, Any]]:
    """Valid, varied items: a few validated variants, each copied with its own id, timestamps and sort values."""
    schema = item_schema(spec, profile)
    check = checks.validator(schema)
    instances = Instances(spec, rng)
    variants: list[dict[str, Any]] = []
    error = "no attempt"
    for _ in range(ATTEMPTS * VARIANTS):
        candidate = instances.value(schema)
        if isinstance(candidate, dict) and check.is_valid(candidate):
            variants.append(candidate)
            if len(variants) == VARIANTS:
                break
        elif isinstance(candidate, dict):
            error = str(next(iter(check.iter_errors(candidate))).message)[:200]
    if not variants:
        raise GenerationError(f"no generated item validates against the item schema ({error})")
    props = properties(spec, schema)
    filtered = profile.filters.fields if profile.filters else {}
    varied = {v.lstrip("-") for v in profile.order_values}
    varied |= {name for name, conditions in filtered.items() if set(conditions) & set(APPLIED_CONDITIONS)}
    varied |= {profile.range_field} if profile.range_field else set()
    named = profile.filters.values if profile.filters else {}
    items: list[dict[str, Any]] = []
    created = START
    # Every item gets a creation date when any variant has one, so that date orders and cursors see them all.
    stamped = any("created_at" in variant for variant in variants) or "created_at" in props
    for index in range(row_count(profile, rng)):
        # About one item in six shares its creation instant with the previous one (bulk imports).
        if index == 0 or rng.random() > 0.17:
            created += rng.randint(1, 36 * 3_600) * 1_000_000 + rng.randint(0, 999) * 1000
        base = copy.deepcopy(variants[index % len(variants)])
        item = _varied(instances, base, props, varied, created, unique)
        _name_filter_values(instances, item, props, named)
        _fill_text_filters(instances, item, props, profile.text_filters.values())
        if not check.is_valid(item):
            item = _with_identity(copy.deepcopy(base), props, instances, created, unique, stamped)
        items.append(item if check.is_valid(item) else _with_identity(base, props, instances, created, unique, False))
    return items


def _varied(
    instances: Instances, base: dict[str, Any], props: dict[str, Any], varied: set[str], created: int, unique: set[str]
) -> dict[str, Any]:
    item = _with_identity(copy.deepcopy(base), props, instances, created, unique, True)
    # Sort and filter fields are always present, so that every order and filter has something to act on.
    # In a fixed order: each draws from the seeded source, and a set's order changes with PYTHONHASHSEED.
    for name in sorted(varied & set(props) - {"id", "created_at"}):
        item[name] = instances.value(props[name], name)
    for name, value in item.items():
        if name not in ("created_at", "id") and isinstance(value, str) and parse_rfc3339(value) is not None:
            # Ties in other timestamps too: a third of them fall on the hour.
            moment = created + instances.rng.randint(0, 90 * 86_400) * 1_000_000
            item[name] = format_micros(moment - moment % 3_600_000_000 if instances.rng.random() < 0.33 else moment)
    return item


def _name_filter_values(
    instances: Instances, item: dict[str, Any], props: dict[str, Any], named: dict[str, tuple[str, ...]]
) -> None:
    """Two items in three hold a value the filter's equality conditions name (`$is` enum `["voucher"]`), where the
    item's own schema is wider: else no item could ever be found by the filter."""
    for name in sorted(set(named) & set(props)):
        if instances.rng.random() < 2 / 3:
            item[name] = instances.rng.choice(named[name])


def _fill_text_filters(
    instances: Instances, item: dict[str, Any], props: dict[str, Any], paths: Iterable[tuple[str, ...]]
) -> None:
    """Every item holds the fields its list's text filters match (`city` and `address.city`), so that the first
    page has values to filter by: a nullable parent left null, or an optional field left out, is filled in."""
    for path in sorted(paths):
        node, fields = item, props
        for step in path[:-1]:
            if step not in fields:
                break
            if not isinstance(node.get(step), dict):
                node[step] = {}
            node, fields = node[step], properties(instances.spec, fields[step])
        else:
            if path[-1] in fields and node.get(path[-1]) is None:
                node[path[-1]] = instances.value(fields[path[-1]], path[-1])


def _prefix(item: dict[str, Any]) -> str:
    kind = item.get("object")
    return "".join(ch for ch in kind if ch.isalpha())[:6] if isinstance(kind, str) and kind else "id"


def identity(item: dict[str, Any], props: dict[str, Any]) -> str | None:
    """The field that tells a list's items apart: `id`, else the item's only `*_id` (a program's earning rules are
    `{earning_rule_id, created_at, object}`); None when there is neither."""
    if "id" in item or "id" in props:
        return "id"
    named = [name for name in props if name.endswith("_id")]
    return named[0] if len(named) == 1 else None


def _with_identity(
    item: dict[str, Any],
    props: dict[str, Any],
    instances: Instances,
    created: int,
    unique: set[str],
    stamped: bool,
) -> dict[str, Any]:
    key = identity(item, props)
    if key is not None:
        id_schema = resolve(instances.spec, props.get(key, {}))
        for _ in range(100):
            candidate = instances.value(id_schema, key)
            if isinstance(id_schema, dict) and not {"pattern", "enum", "const", "format"} & set(id_schema):
                # No pattern to follow: Voucherify-like `prefix_hex` ids, never free text.
                candidate = f"{_prefix(item)}_{instances.rng.getrandbits(72):018x}"
            if isinstance(candidate, str) and candidate not in unique:
                break
        unique.add(candidate)
        item[key] = candidate
    if "code" in item and isinstance(item["code"], str):
        item["code"] = f"{item['code'][:20]}-{len(unique):04d}"
    if "created_at" in item or stamped:
        item["created_at"] = format_micros(created)
    return item
