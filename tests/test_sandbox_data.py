"""The sandbox's data lets every GET list be checked whole: the values its filters name are in it, the fields its
text filters match are on the first page, and its items are told apart, on every official file."""

from __future__ import annotations

import functools
import json
from typing import Any
from urllib.parse import urlencode

import pytest

from conformance.documents import value_at
from conformance.openapi import properties
from conformance.sandbox import Credentials
from conformance.sandbox.dataset import identity, item_schema
from conformance.sandbox.spec_app import SpecApp
from conformance.timestamps import parse_full_date
from tests.shared import official_specs, shared_path

FILES = [path.name for path in official_specs()]
# Every version of the customers contract too: its text filters moved (`city` matches `address.city`).
HISTORY = [f"{path.parent.name}/{path.name}" for path in sorted(shared_path("spec-history").glob("*/*.json"))]


@functools.cache
def app(name: str) -> SpecApp:
    path = shared_path("spec-history", name) if "/" in name else shared_path("voucherify", "openapi", name)
    return SpecApp(json.loads(path.read_text()), Credentials("data-app", "data-token"), 0)


def first_pages(name: str) -> dict[str, list[dict[str, Any]]]:
    """Every served list's first page, as a request without parameters gets it."""
    served = app(name)
    return {op: served.lists[op].respond("")[served.lists[op].profile.items_key] for op in sorted(served.lists)}


@pytest.mark.parametrize("name", FILES)
def test_every_value_a_filter_names_is_on_the_first_page(name: str) -> None:
    """`filters[redeemable_object][conditions][$is]` admits only `voucher`: some item holds it, or no value the
    filter takes could ever find an item."""
    served, missing = app(name), []
    for operation, page in first_pages(name).items():
        profile = served.lists[operation].profile
        fields = properties(served.spec, item_schema(served.spec, profile))
        for field, values in (profile.filters.values if profile.filters else {}).items():
            if field in fields and not any(item.get(field) in values for item in page):
                missing.append((operation, field, values))
    assert not missing


@pytest.mark.parametrize("name", FILES)
def test_a_date_range_bounds_the_day_the_item_defines(name: str) -> None:
    """`start_date`/`end_date` of a daily report bound its `date`: the range of one item's day finds that item."""
    served, lost = app(name), []
    for operation, page in first_pages(name).items():
        profile = served.lists[operation].profile
        days = (item for item in page if profile.range_field and isinstance(item.get(profile.range_field), str))
        dated = [item for item in days if parse_full_date(item[profile.range_field])]  # a day, not an instant
        if not (profile.start_date and profile.end_date and dated):
            continue
        day = dated[0][profile.range_field][:10]
        query = urlencode({profile.start_date: day, profile.end_date: day})
        if dated[0] not in served.lists[operation].respond(query)[profile.items_key]:
            lost.append((operation, profile.range_field, day))
    assert not lost


@pytest.mark.parametrize("name", FILES + HISTORY)
def test_every_field_a_text_filter_matches_is_on_the_first_page(name: str) -> None:
    served, missing = app(name), []
    for operation, page in first_pages(name).items():
        for parameter, path in served.lists[operation].profile.text_filters.items():
            if page and not any(value_at(item, path) is not None for item in page):
                missing.append((operation, parameter, path))
    assert not missing


@pytest.mark.parametrize("name", FILES)
def test_the_items_of_a_list_are_told_apart(name: str) -> None:
    """No id twice in a list (a program's earning rules have `earning_rule_id` and no `id`), and no page shows one
    document twice."""
    served, repeated = app(name), []
    for operation, page in first_pages(name).items():
        profile = served.lists[operation].profile
        table = served.dataset.tables[operation].name
        items = [json.loads(row[0]) for row in served.dataset.query(f"SELECT document FROM {table}", [])]
        key = identity(items[0], properties(served.spec, item_schema(served.spec, profile))) if items else None
        keys = [str(item.get(key)) for item in items if key and item.get(key) is not None]
        documents = [json.dumps(item, sort_keys=True) for item in page]
        if len(set(keys)) < len(keys) or len(set(documents)) < len(documents):
            repeated.append((operation, key))
    assert not repeated
