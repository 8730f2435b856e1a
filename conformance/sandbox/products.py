"""GET /v1/products: a second list endpoint, to show that the checks are generic (specs/voucherify/products.json)."""

from __future__ import annotations

import json
import random
import string
from typing import Any

from conformance.sandbox.query import InvalidQuery, date_param, integer_param, unique_params
from conformance.sandbox.store import ListStore, Selection
from conformance.timestamps import format_micros, parse_rfc3339

DEFAULT_PRODUCTS = 150
LIMIT_RANGE = (1, 100)
PAGE_RANGE = (1, 100)
ORDER_VALUES = tuple(
    v for f in ("created_at", "updated_at", "type", "code", "campaign", "category") for v in (f, "-" + f)
)
# The spec's response description: "sorted by creation date by default, with the most recent products appearing last".
DEFAULT_ORDER = "created_at"
# The shared order enum also lists voucher fields that products do not have; those fall back to creation date.
SORTABLE = {"created_at", "updated_at"}
COLUMNS = ("created_at INTEGER NOT NULL", "updated_at INTEGER")
_START = parse_rfc3339("2022-05-23T06:52:55.008Z") or 0
_NAMES = ("T-shirt", "Apple iPhone 8", "Mug", "Sneakers", "Backpack", "Jeans", "Headphones", "Lamp")


def product_store(count: int = DEFAULT_PRODUCTS, seed: int = 1) -> ListStore:
    rng = random.Random(seed)
    rows, created = [], _START
    for index in range(count):
        if index == 0 or rng.random() > 0.15:
            created += rng.randint(1, 10**10)
        document = _product(rng, index, created)
        updated = parse_rfc3339(document["updated_at"]) if document["updated_at"] else None
        rows.append((document["id"], created, updated, json.dumps(document)))
    return ListStore("products", COLUMNS, rows)


def _product(rng: random.Random, index: int, created: int) -> dict[str, Any]:
    product_id = "prod_" + "".join(rng.choices(string.hexdigits.lower(), k=18))
    updated = None if rng.random() < 0.3 else format_micros(created + rng.randint(0, 10**11))
    return {
        "id": product_id,
        "source_id": f"productSourceID{index}" if rng.random() > 0.2 else None,
        "name": f"{rng.choice(_NAMES)} {index}" if rng.random() > 0.05 else None,
        "price": rng.randint(100, 100000) if rng.random() > 0.2 else None,
        "attributes": rng.sample(["color", "size", "memory", "ranking"], rng.randint(0, 3)),
        "metadata": {"test": rng.random() < 0.5},
        "image_url": f"https://images.example/{product_id}.jpg" if rng.random() > 0.5 else None,
        "created_at": format_micros(created),
        "updated_at": updated,
        "object": "product",
        "skus": {"object": "list", "data_ref": "data", "data": [], "total": 0},
    }


def list_products(store: ListStore, raw_query: str) -> dict[str, Any]:
    params = unique_params(raw_query)
    limit = integer_param("limit", params.get("limit"), LIMIT_RANGE, 10)
    page = integer_param("page", params.get("page"), PAGE_RANGE, 1)
    order = params.get("order", DEFAULT_ORDER)
    if order not in ORDER_VALUES:
        raise InvalidQuery(f"Parameter 'order' must be one of {', '.join(ORDER_VALUES)}; got {order!r}.")
    conditions, args = [], []
    # start_date / end_date bound the creation date, inclusively.
    for name, condition in (("start_date", "created_at >= ?"), ("end_date", "created_at <= ?")):
        if name in params:
            conditions.append(condition)
            args.append(date_param(name, params[name]))
    field = order.lstrip("-")
    column = field if field in SORTABLE else "created_at"
    result = store.select(Selection(conditions, args, column, order.startswith("-"), limit, (page - 1) * limit))
    return {"object": "list", "data_ref": "products", "products": result.items, "total": result.total}
