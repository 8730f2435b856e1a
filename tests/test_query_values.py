"""The one request validator, as the sandbox reads dates (the docs) and as the SDK gate judges them (the spec)."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.query_values import DOCUMENTED_DATES, SPEC_DATES, mismatch
from conformance.sdk.operations import Param
from conformance.sdk.wire import _format_problem

DATE_TIME = {"type": "string", "format": "date-time"}
DATE = {"type": "string", "format": "date"}
SPEC: dict[str, Any] = {"components": {"schemas": {"When": DATE_TIME, "Day": DATE}}}
WHEN, DAY = {"$ref": "#/components/schemas/When"}, {"$ref": "#/components/schemas/Day"}


@pytest.mark.parametrize(
    ("schema", "value", "documented", "specified"),
    [
        (WHEN, "2016-11-16T14:14:31Z", True, True),
        (WHEN, "2016-11-16T14:14:31.000+00:00", True, True),
        (WHEN, "2016-11-16T14:14:31.000+0000", True, False),  # the official SDK's offset: ISO 8601, not RFC 3339
        (WHEN, "2016-11-16", True, False),  # a plain date, as the docs allow
        (WHEN, "2023-02-31T00:00:00Z", False, False),
        (WHEN, "2023-13-45", False, False),
        (WHEN, "yesterday", False, False),
        (DAY, "2016-11-16", True, True),
        (DAY, "2023-02-31", False, False),
        (DAY, "2023-13-45", False, False),
        ({"type": "array", "items": WHEN}, "2016-11-16T14:14:31+0000", True, False),
        ({"oneOf": [DAY, {"type": "integer"}]}, "2023-02-31", False, False),
    ],
)
def test_dates_are_read_by_the_rule_each_side_passes(
    schema: dict[str, Any], value: str, documented: bool, specified: bool
) -> None:
    assert (mismatch(SPEC, schema, value, DOCUMENTED_DATES) is None) is documented
    assert (mismatch(SPEC, schema, value, SPEC_DATES) is None) is specified


@pytest.mark.parametrize(
    ("schema", "value", "problem"),
    [
        ({"type": "integer", "maximum": 100}, "ten", "must be an integer"),
        ({"type": "integer", "maximum": 100}, "101", "must be from None to 100"),
        ({"type": "boolean"}, "yes", "must be true or false"),
        ({"type": "string", "enum": ["a", "b"]}, "c", "must be one of a, b"),
        ({"type": "string", "enum": ["a", None]}, "null", None),
        ({"type": "string", "pattern": "^c_"}, "x", "must match ^c_"),
        ({"type": "string"}, "", None),
        ({"type": "integer"}, "", "must not be empty"),
    ],
)
def test_schemas_are_read_the_same_on_both_sides(schema: dict[str, Any], value: str, problem: str | None) -> None:
    assert mismatch(SPEC, schema, value, DOCUMENTED_DATES) == problem
    assert mismatch(SPEC, schema, value, SPEC_DATES) == problem


def _param(schema: dict[str, Any], explode: bool = True, style: str = "form") -> Param:
    return Param("p", "p", "query", schema, style=style, explode=explode)


@pytest.mark.parametrize(
    ("param", "value", "problem"),
    [
        (_param(DATE_TIME), "2016-11-16T14:14:31.000000+0000", "not an RFC 3339 date-time"),
        (_param(DATE_TIME), "2016-11-16T14:14:31.000Z", None),
        (_param(DATE), "2023-02-31", "not an RFC 3339 full-date"),
        (_param(DATE), "2023-02-28", None),
        (_param({"type": "integer"}), "1.5", "not an integer"),
        (_param({"type": "string", "enum": ["a", "b"]}), "c", "not one of a, b"),
        (_param({"type": "array", "items": {"type": "string", "enum": ["a", "b"]}}, explode=False), "a,b", None),
        (
            _param({"type": "array", "items": {"type": "string", "enum": ["a", "b"]}}, explode=False),
            "a,c",
            "not one of a, b",
        ),
        (_param({"type": "object"}, style="deepObject"), "anything", None),
    ],
)
def test_the_sdk_gate_judges_what_an_sdk_sends_by_the_spec(param: Param, value: str, problem: str | None) -> None:
    found = _format_problem(SPEC, param, value)
    assert (found.split(" (")[0] if found else None) == problem
