"""The sandbox reads a query string as OpenAPI serializes it (form style, explode; deepObject) and refuses, with
Voucherify's error body, every value the parameter's schema refuses: an empty value, an enum, a pattern, a type, a
range, an array sent whole; and accepts every schema-valid one, with the ISO 8601 dates the docs promise."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from conformance.query_values import parameter_mismatch
from conformance.sandbox import Credentials, Sandbox
from conformance.sandbox.own_findings import SPEC_PRESCRIBED
from tests.shared import shared_path

CREDENTIALS = Credentials("query-app", "query-token")
AUTH = {"X-App-Id": CREDENTIALS.app_id, "X-App-Token": CREDENTIALS.app_token}
EARNING_RULES = "GET /v2/loyalties/programs/{programId}/earning-rules"
MEMBERS = "GET /v2/loyalties/programs/{programId}/members"
TIER_STRUCTURES = "GET /v2/loyalties/programs/{programId}/tier-structures"
PROGRAMS = "GET /v2/loyalties/programs"
CARD_DEFINITIONS = "GET /v2/loyalties/card-definitions"
# Loyalty v2's `order`: one value or an array of them, from an enum, or null (`oneOf: [array, string, null]`).
ORDERED = (EARNING_RULES, MEMBERS, TIER_STRUCTURES)


@pytest.fixture(scope="module")
def loyalties() -> Iterator[tuple[Sandbox, dict[str, Any]]]:
    spec = json.loads(shared_path("voucherify", "openapi", "loyalties-v2.json").read_text())
    with Sandbox(spec=spec, credentials=CREDENTIALS) as sandbox:
        yield sandbox, spec


def status(loyalties: tuple[Sandbox, dict[str, Any]], operation: str, query: list[tuple[str, str]]) -> int:
    sandbox, _ = loyalties
    assert sandbox.spec_app is not None and operation in sandbox.spec_app.lists
    response = requests.get(sandbox.url + sandbox.spec_app.concrete_path(operation), params=query, headers=AUTH)
    if response.status_code != 200:
        assert set(response.json()) >= {"code", "key", "message", "details"}, response.text
    return response.status_code


@pytest.mark.parametrize("operation", ORDERED)
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ([("order", "")], 400),  # the empty string: no enum value, no array item, no null (#21 item 5)
        ([("order", "nope")], 400),
        ([("order", "created_at")], 200),
        ([("order", "-created_at")], 200),
        ([("order", "null")], 200),
        ([("order", "created_at"), ("order", "")], 400),  # an array whose second item is no enum value
        ([("order", "-created_at"), ("order", "null")], 400),  # null is no item of the array
        ([("cursor", "")], 400),  # its pattern refuses the empty string
        ([("cursor", "null")], 200),
    ],
)
def test_a_query_value_is_refused_exactly_when_its_schema_refuses_it(
    loyalties: tuple[Sandbox, dict[str, Any]], operation: str, query: list[tuple[str, str]], expected: int
) -> None:
    assert status(loyalties, operation, query) == expected


@pytest.mark.parametrize(
    ("operation", "query", "expected"),
    [
        (EARNING_RULES, [("limit", "")], 200),  # `number | string | null`: the empty string is a string
        (EARNING_RULES, [("limit", "ten")], 200),
        (EARNING_RULES, [("limit", "2.5")], 200),
        (MEMBERS, [("limit", "")], 400),  # `integer | null`
        (MEMBERS, [("limit", "0")], 400),
        (MEMBERS, [("limit", "101")], 400),
        (MEMBERS, [("limit", "1.5")], 400),
        (MEMBERS, [("limit", "100")], 200),
        (MEMBERS, [("limit", "null")], 200),
        (MEMBERS, [("limit", "5"), ("limit", "6")], 400),  # a scalar sent twice is no value of its schema
        (MEMBERS, [("order", "status"), ("order", "-created_at")], 200),
        (MEMBERS, [("order", "status"), ("order", "-status")], 400),  # both directions, as its words say
        (MEMBERS, [("filters", "null")], 200),
        (PROGRAMS, [("limit", "1e-05")], 200),  # `number | string | null`: a small float, as Python writes it
        # `$has_value: string | array` with open items: an item may be an object, sent as keys beneath its index.
        (CARD_DEFINITIONS, [("filters[created_at][conditions][$has_value][0][k]", "v")], 200),
        (CARD_DEFINITIONS, [("filters[created_at][conditions][$after][0][k]", "v")], 400),  # items are strings
    ],
)
def test_types_ranges_and_arrays_are_read_as_form_style_serializes_them(
    loyalties: tuple[Sandbox, dict[str, Any]], operation: str, query: list[tuple[str, str]], expected: int
) -> None:
    assert status(loyalties, operation, query) == expected


ENUM = {"type": "string", "enum": ["a", "b"]}


@pytest.mark.parametrize(
    ("schema", "values", "fits"),
    [
        ({"type": "array", "items": ENUM}, [""], False),  # form style: `x=` is [""], never []
        ({"type": "array", "items": {"type": "string"}}, [""], True),
        ({"type": "array", "items": ENUM}, ["a", "b"], True),
        ({"type": "array", "items": ENUM, "maxItems": 1}, ["a", "b"], False),
        ({"type": "array", "items": ENUM, "minItems": 2}, ["a"], False),
        ({"type": "array", "items": ENUM, "uniqueItems": True}, ["a", "a"], False),
        ({"type": ["array", "null"], "items": ENUM}, ["null"], True),
        ({"type": ["array", "null"], "items": ENUM}, ["a", "null"], False),
        (ENUM, ["a", "b"], False),  # a scalar repeated
        ({"oneOf": [ENUM, {"type": "array", "items": ENUM}]}, ["a", "b"], True),
        # JSON Schema sets no size on a number, and a float may be written with an exponent.
        ({"type": "integer"}, ["-3090021814483"], True),
        ({"type": "integer", "minimum": 1}, ["-3090021814483"], False),
        ({"type": "number"}, ["1e-05"], True),
        ({"type": "number"}, ["1e"], False),
        ({"type": "integer"}, ["1e5"], False),
    ],
)
def test_one_parameter_s_values_are_one_value_or_one_array(
    schema: dict[str, Any], values: list[str], fits: bool
) -> None:
    assert (parameter_mismatch({}, schema, values) is None) is fits


def test_a_page_of_any_size_the_schema_admits_is_answered() -> None:
    """client-side's `page` is a bare integer: a 13-digit one is valid, and answered (an empty page)."""
    spec = json.loads(shared_path("voucherify", "openapi", "client-side.json").read_text())
    with Sandbox(spec=spec, credentials=CREDENTIALS) as sandbox:
        url = sandbox.url + "/client/v1/promotions/tiers"
        headers = {**AUTH, "origin": "example.com"}
        for page in ("-3090021814483", "3090021814483"):
            response = requests.get(url, params={"page": page}, headers=headers)
            assert response.status_code == 200, response.text
        assert response.json()["tiers"] == []


@pytest.mark.parametrize(
    ("query", "prescribed"),
    [
        ([("cursor", "lcrsmbr_0")], True),  # a cursor the list never issued: the server's data decides
        ([("order", "status"), ("order", "-status")], True),  # both directions: the order parameter's words
        ([("order", "")], False),  # its schema refuses it: the sandbox's own reading, judged as such
        ([("limit", "0")], False),
    ],
)
def test_a_refusal_the_spec_prescribes_has_its_own_error_key(
    loyalties: tuple[Sandbox, dict[str, Any]], query: list[tuple[str, str]], prescribed: bool
) -> None:
    sandbox, _ = loyalties
    assert sandbox.spec_app is not None
    url = sandbox.url + sandbox.spec_app.concrete_path(MEMBERS)
    response = requests.get(url, params=query, headers=AUTH)
    assert response.status_code == 400
    assert (response.json()["key"] in SPEC_PRESCRIBED) is prescribed
