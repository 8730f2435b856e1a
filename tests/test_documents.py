"""The one dotted-path getter."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.documents import value_at

ITEM = {"id": "c1", "address": {"city": "Oslo", "geo": None}, "tags": ["a"], "metadata": {"a.b": 1}}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("id", "c1"),
        ("address.city", "Oslo"),
        (("address", "city"), "Oslo"),
        ("address.geo", None),
        ("address.geo.lat", None),
        ("address.street", None),
        ("tags.0", None),  # a name never reaches into an array: "0" is a key
        (("tags", 0), "a"),  # an int does
        (("tags", 1), None),
        (("address", 0), None),  # an index on an object is a missing step
        (("id", 0), None),
        (("metadata", "a.b"), 1),  # a tuple keeps a dotted key whole
        ("metadata.a.b", None),
        ((), ITEM),
    ],
)
def test_a_name_reaches_into_objects_and_an_index_into_arrays(path: Any, expected: Any) -> None:
    assert value_at(ITEM, path) == expected
