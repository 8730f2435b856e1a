"""Each fault changes a list of each paging style the way its name says; the correct server does not."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import requests

from conformance.sandbox import Sandbox
from conformance.sandbox.fault import STYLE_LISTS as LISTS
from conformance.sandbox.faults import FAULTS, get_fault
from conformance.sandbox.shape import ListStyle
from conformance.sandbox.shape_reading import read_shape
from conformance.timestamps import parse_rfc3339
from tests.conftest import AUTH, CREDENTIALS
from tests.shared import official_spec

SPECS = {file: official_spec(file) for file, _ in LISTS.values()}
# The order value each style's predicates sort by.
ORDER = {style: "id" if style is ListStyle.ID_CURSOR else "created_at" for style in LISTS}
Get = Callable[[dict[str, Any]], dict[str, Any]]


def client(sandbox: Sandbox, style: ListStyle) -> Get:
    path = LISTS[style][1]

    def get(params: dict[str, Any]) -> dict[str, Any]:
        response = requests.get(sandbox.url + path, params=params, headers=AUTH)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    return get


def items(body: dict[str, Any]) -> list[Any]:
    return list(body[body.get("data_ref") or "data"])


def _last_page(get: Get, style: ListStyle) -> dict[str, Any]:
    return get({"limit": 100})  # every representative list fits in one page of 100


def _cursor_repeats(get: Get, style: ListStyle) -> bool:
    first = get({"limit": 4})
    if style is ListStyle.DATE_CURSOR:
        cursor = {"starting_after": items(first)[-1]["created_at"], "order": "created_at"}
        first = get({"limit": 4, "order": "created_at"})
        cursor["starting_after"] = items(first)[-1]["created_at"]
    elif style is ListStyle.ID_CURSOR:
        cursor = {"starting_after_id": first["more_starting_after"]}
    else:
        cursor = {"cursor": first["cursor"]["next"]}
    second = get({"limit": 4, **cursor, **({"order": "created_at"} if style is ListStyle.DATE_CURSOR else {})})
    return items(second)[0]["id"] == items(first)[-1]["id"]


def _inverted(get: Get, style: ListStyle) -> bool:
    order = ORDER[style]
    values = [(item.get(order) is not None, item.get(order)) for item in items(get({"limit": 100, "order": order}))]
    return values == sorted(values, reverse=True) and values != sorted(values)


# What each fault's name promises, as a predicate on the list it is applied to.
SAYS: dict[str, Callable[[Get, ListStyle], bool]] = {
    "page-off-by-one": lambda get, s: items(get({"limit": 5, "page": 1})) != items(get({"limit": 100}))[:5],
    "limit-ignored": lambda get, s: len(items(get({"limit": 3}))) != 3,
    "order-inverted": _inverted,
    "cursor-inclusive": _cursor_repeats,
    "more-starting-after-first": lambda get, s: (b := get({"limit": 4}))["more_starting_after"] == items(b)[0]["id"],
    "has-more-always-true": lambda get, s: (
        _last_page(get, s)["cursor"] is not None
        if s is ListStyle.CURSOR
        else _last_page(get, s).get("has_more") is True
    ),
    "total-of-page": lambda get, s: (b := get({"limit": 2}))["total"] == len(items(b)),
    "total-as-string": lambda get, s: isinstance(get({"limit": 2})["total"], str),
    "object-outside-enum": lambda get, s: any(
        str(i.get("object")).endswith("_unknown") for i in items(get({"limit": 5}))
    ),
    "null-item": lambda get, s: None in items(get({"limit": 5})),
    "datetime-without-zone": lambda get, s: any(
        isinstance(v, str) and parse_rfc3339(v + "Z") is not None for i in items(get({"limit": 5})) for v in i.values()
    ),
    "filter-finds-nothing": lambda get, s: items(get({"limit": 100, **_filter_value(get, s)})) == [],
    "required-field-missing": lambda get, s: any(
        set(_profile(s).item_required) - set(i) for i in items(get({"limit": 5}))
    ),
}


def _filter_value(get: Get, style: ListStyle) -> dict[str, str]:
    """A text filter, else a `filters` object's `$is`, with the value of the first item that has one."""
    profile = _profile(style)
    paths = {name: tuple(path) for name, path in profile.text_filters.items()}
    if profile.filters:
        paths |= {
            f"{profile.filters.name}[{field}][conditions][$is]": tuple(field.split("."))
            for field, conditions in profile.filters.equality.items()
            if "$is" in conditions
        }
    for name, path in paths.items():
        for item in items(get({"limit": 100})):
            value: Any = item
            for part in path:
                value = value.get(part) if isinstance(value, dict) else None
            if isinstance(value, str) and value:
                return {name: value}
    raise AssertionError("no item has a value for a filter")


def status_of(sandbox: Sandbox, style: ListStyle, params: dict[str, Any]) -> int:
    path = LISTS[style][1]
    if "{productCollectionId}" in path:
        parent = requests.get(sandbox.url + "/v1/product-collections", headers=AUTH).json()["data"][0]["id"]
        path = path.replace("{productCollectionId}", parent)
    return requests.get(sandbox.url + path, params=params, headers=AUTH).status_code


def _descending(style: ListStyle) -> str:
    return next(value for value in _profile(style).order_values if value.startswith("-"))


# What each refusing fault's name promises: a status other than 200 for a valid query (issue #21).
REFUSES: dict[str, Callable[[ListStyle, Get], dict[str, Any]]] = {
    "filter-refuses-valid-value": lambda s, get: _filter_value(get, s),
    "limit-refused-in-range": lambda s, get: {"limit": 100},
    "descending-order-refused": lambda s, get: {"order": _descending(s)},
}


def _profile(style: ListStyle) -> Any:
    file, path = LISTS[style]
    return read_shape(SPECS[file], path)  # the sandbox's reading, as bench/mutation.py asks `Fault.shows_on`


def cases(names: Any = SAYS) -> list[tuple[str, ListStyle]]:
    found = []
    for name in names:
        fault = get_fault(name)
        found += [(name, style) for style in LISTS if fault.shows_on(_profile(style))]
    return found


def test_the_issue_names_are_in_the_catalogue() -> None:
    names = {fault.name for fault in FAULTS}
    assert set(SAYS) | set(REFUSES) <= names


@pytest.mark.parametrize(("name", "style"), cases(), ids=[f"{n}-{s}" for n, s in cases()])
def test_fault_does_what_its_name_says_and_the_correct_server_does_not(
    name: str, style: ListStyle, correct: dict[ListStyle, Sandbox]
) -> None:
    spec = SPECS[LISTS[style][0]]
    assert not SAYS[name](client(correct[style], style), style)
    with Sandbox(spec=spec, credentials=CREDENTIALS, wrap=get_fault(name).wrap) as faulty:
        assert SAYS[name](client(faulty, style), style)


@pytest.mark.parametrize(("name", "style"), cases(REFUSES), ids=[f"{n}-{s}" for n, s in cases(REFUSES)])
def test_refusing_fault_refuses_a_valid_query_that_the_correct_server_answers(
    name: str, style: ListStyle, correct: dict[ListStyle, Sandbox]
) -> None:
    params = REFUSES[name](style, client(correct[style], style))
    assert status_of(correct[style], style, params) == 200
    with Sandbox(spec=SPECS[LISTS[style][0]], credentials=CREDENTIALS, wrap=get_fault(name).wrap) as faulty:
        assert status_of(faulty, style, params) == 400
