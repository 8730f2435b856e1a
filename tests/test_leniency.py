"""Where the API may rightly differ from its spec: spec gaps, each tested both ways."""

from __future__ import annotations

import json

import pytest
from schemathesis.config import ChecksConfig

from conformance.findings import classify
from conformance.leniency import NEGATIVE, POSITIVE, REFUSALS, documented_leniency, overlapping_templates
from conformance.result import Kind

ERROR_BODY = json.dumps({"code": 400, "key": "invalid_query_params", "message": "Invalid query params"}).encode()
SPEC = {"openapi": "3.0.1", "paths": {}}
OPERATION = {
    "parameters": [
        {"name": "created_at[after]", "in": "query", "schema": {"type": "string", "format": "date-time"}},
        {"name": "type", "in": "query", "schema": {"type": "string", "enum": ["a", "b"]}},
    ]
}
MESSAGE = "Invalid component: parameter `{}` in query - format"


@pytest.mark.parametrize(
    ("name", "value", "lenient"),
    [
        ("created_at[after]", "2016-11-16", True),  # the docs say plain dates are accepted
        ("created_at[after]", "2016-11-16T14:14:31+0000", True),  # an ISO 8601 offset, as the official SDK sends
        ("created_at[after]", "2023-02-31", False),  # no such day
        ("created_at[after]", "2023-13-45", False),
        ("created_at[after]", "not-a-date", False),
        ("created_at[after]", "2016-11-16T25:00", False),
        ("type", "2016-11-16", False),  # not a date parameter: accepting it is a defect
    ],
)
def test_an_accepted_iso_date_is_the_documented_leniency(name: str, value: str, lenient: bool) -> None:
    found = documented_leniency(NEGATIVE, MESSAGE.format(name), {name: value}, OPERATION, SPEC)
    assert found is lenient


def test_other_checks_are_never_excused_as_leniency() -> None:
    name = "created_at[after]"
    assert not documented_leniency(POSITIVE, MESSAGE.format(name), {name: "2016-11-16"}, OPERATION, SPEC)


@pytest.mark.parametrize(
    ("status", "body", "kind"),
    [
        (400, ERROR_BODY, Kind.SPEC_GAP),  # a value the spec does not constrain, refused properly
        (422, ERROR_BODY, Kind.SPEC_GAP),
        (400, b"Bad Request", Kind.DEFECT),  # refused without Voucherify's error body
        (500, ERROR_BODY, Kind.DEFECT),  # a server error is never a gap
    ],
)
def test_a_valid_value_refused_with_an_error_body_is_a_spec_gap(status: int, body: bytes, kind: Kind) -> None:
    assert classify(POSITIVE, status, body) is kind


def test_a_404_never_fails_positive_data_acceptance_so_it_is_no_refusal() -> None:
    assert "404" in ChecksConfig().positive_data_acceptance.expected_statuses
    assert 404 not in REFUSALS


OVERLAPPING = {
    "paths": {
        "/v1/exports/{exportId}": {"get": {}, "delete": {}},
        "/v1/exports/{export_Id}": {"get": {}},
        "/v1/exports": {"get": {}},
    }
}


@pytest.mark.parametrize(
    ("check", "path", "overlaps"),
    [
        ("allow_header_conformance", "/v1/exports/{export_Id}", True),
        ("allow_header_conformance", "/v1/exports", False),
        ("status_code_conformance", "/v1/exports/{export_Id}", False),
    ],
)
def test_allow_mismatches_between_overlapping_templates_are_the_specs(check: str, path: str, overlaps: bool) -> None:
    assert overlapping_templates(check, OVERLAPPING, path) is overlaps


@pytest.mark.parametrize(
    ("message", "lenient"),
    [
        ("Invalid component: in query - object with unexpected properties", True),
        ("Invalid component: in header - object with unexpected properties", False),
        ("Invalid component: parameter `type` in query - invalid enum value", False),
    ],
)
def test_an_ignored_unknown_query_parameter_is_a_spec_gap(message: str, lenient: bool) -> None:
    assert documented_leniency(NEGATIVE, message, {"x-unknown": "42"}, OPERATION, SPEC) is lenient
