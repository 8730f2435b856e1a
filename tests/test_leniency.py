"""Where the API may rightly differ from its spec: spec gaps, each tested both ways."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from schemathesis.config import ChecksConfig

from conformance import st, st_schema
from conformance.credentials import CREDENTIAL_HEADERS
from conformance.findings import classify, finding_key, kind_of
from conformance.leniency import (
    NEGATIVE,
    POSITIVE,
    REFUSALS,
    Negation,
    Sent,
    about,
    documented_leniency,
    overlapping_templates,
)
from conformance.result import Kind

CUSTOMERS = Path(__file__).parent.parent / "specs" / "voucherify" / "customers.yaml"
ERROR_BODY = json.dumps({"code": 400, "key": "invalid_query_params", "message": "Invalid query params"}).encode()
SPEC = {"openapi": "3.0.1", "paths": {}}
OPERATION = {
    "parameters": [
        {"name": "created_at[after]", "in": "query", "schema": {"type": "string", "format": "date-time"}},
        {"name": "type", "in": "query", "schema": {"type": "string", "enum": ["a", "b"]}},
        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
        {"name": "order", "in": "query", "schema": {"type": "string", "enum": ["created_at", "-created_at"]}},
        {"name": "starting_after_id", "in": "query", "schema": {"type": "string"}},
        {"name": "email", "in": "query", "schema": {"type": "string"}},
        {"name": "required_id", "in": "query", "required": True, "schema": {"type": "string", "pattern": "^r_"}},
        {"name": "status", "in": "query", "schema": {"oneOf": [{"type": "string", "enum": ["A"]}, {"type": "null"}]}},
        {
            "name": "filters",
            "in": "query",
            "style": "deepObject",
            "schema": {
                "type": "object",
                "properties": {
                    "junction": {"oneOf": [{"type": "string", "enum": ["AND", "OR"]}, {"type": "null"}]},
                    "id": {"type": "string", "enum": ["x"]},
                },
            },
        },
        # Loyalty v2's order: an array of values, one value, or null.
        {
            "name": "sort",
            "in": "query",
            "schema": {
                "oneOf": [
                    {"type": "array", "items": {"type": "string", "enum": ["name", "-name"]}},
                    {"type": "string", "enum": ["name", "-name"]},
                    {"type": "null"},
                ]
            },
        },
        # An old spec's cursor: any string by its schema, a date-time by its words.
        {
            "name": "starting_after",
            "in": "query",
            "schema": {"type": "string"},
            "description": "A cursor for use in pagination. This is a date-time value.",
        },
    ]
}


def mutated(name: str | None, value: str, location: str = "query", unexpected: bool = False) -> Sent:
    """A negative case that made `name` invalid with `value`, as `st.sent` reads Schemathesis' metadata."""
    return Sent({name or "x-unknown": value}, negations=(Negation(location, name, unexpected),))


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
    assert documented_leniency(NEGATIVE, mutated(name, value), OPERATION, SPEC) is lenient


def test_other_checks_are_never_excused_as_leniency() -> None:
    assert not documented_leniency(POSITIVE, mutated("created_at[after]", "2016-11-16"), OPERATION, SPEC)


def test_a_plain_date_beside_another_mutation_is_no_leniency() -> None:
    both = Sent(
        {"created_at[after]": "2016-11-16", "type": "zzz"},
        negations=(Negation("query", "created_at[after]"), Negation("query", "type")),
    )
    assert not documented_leniency(NEGATIVE, both, OPERATION, SPEC)


# An old spec's operation, which declares the credential headers as parameters (spec-history 2022-04-29).
WITH_CREDENTIALS = {
    "parameters": [
        *OPERATION["parameters"],
        *({"name": name, "in": "header", "required": True} for name in CREDENTIAL_HEADERS),
    ]
}
WITH_ORIGIN = {"parameters": [*WITH_CREDENTIALS["parameters"], {"name": "origin", "in": "header", "required": True}]}
UNKNOWN = Negation("query", None, True)


@pytest.mark.parametrize(
    ("negations", "operation", "lenient"),
    [
        ((Negation("header", None), UNKNOWN), WITH_CREDENTIALS, True),  # the run sent valid credentials
        ((Negation("header", CREDENTIAL_HEADERS[0]),), WITH_CREDENTIALS, True),
        ((Negation("header", None),), WITH_ORIGIN, False),  # perhaps `origin`, which the run does not send
        ((Negation("header", "origin"), UNKNOWN), WITH_ORIGIN, False),
        ((Negation("header", CREDENTIAL_HEADERS[1]), Negation("query", "type")), WITH_CREDENTIALS, False),
        ((Negation("header", None),), OPERATION, False),  # no header declared: nothing says what was mutated
    ],
)
def test_a_mutated_credential_header_is_overridden_by_the_run_s_own(
    negations: tuple[Negation, ...], operation: dict, lenient: bool
) -> None:
    sent = Sent({"x-unknown": "42", "type": "zzz"}, negations=negations)
    assert documented_leniency(NEGATIVE, sent, operation, SPEC) is lenient


@pytest.mark.parametrize(
    ("sent", "lenient"),
    [
        (mutated(None, "42", unexpected=True), True),  # only an unknown query parameter, which the API ignored
        (mutated(None, "42", location="header", unexpected=True), False),
        (mutated("type", "zzz"), False),  # an invalid enum value accepted
        (  # an unknown parameter and an invalid enum value: the enum value is the defect
            Sent(
                {"x-unknown": "42", "type": "zzz"}, negations=(Negation("query", None, True), Negation("query", "type"))
            ),
            False,
        ),
        (None, False),  # no metadata, no evidence
        (mutated("starting_after_id", ""), True),  # an empty optional value, read as no value
        (mutated("limit", ""), True),
        (mutated("required_id", ""), False),  # a required one: no value is no request
        (mutated("undeclared", ""), False),
    ],
)
def test_an_ignored_unknown_query_parameter_is_a_spec_gap(sent: Sent | None, lenient: bool) -> None:
    assert documented_leniency(NEGATIVE, sent, OPERATION, SPEC) is lenient


@pytest.mark.parametrize(
    ("query", "path", "kind"),
    [
        ({"limit": "100"}, {}, Kind.DEFECT),  # inside the documented range
        ({"order": "-created_at"}, {}, Kind.DEFECT),  # a documented order value
        ({"created_at[after]": "2016-11-16T14:14:31Z"}, {}, Kind.DEFECT),  # a documented date format
        ({"limit": "5", "email": ""}, {}, Kind.DEFECT),  # an empty value is no value
        ({"limit": "5", "starting_after": ""}, {}, Kind.SPEC_GAP),  # but an empty cursor is one never issued
        ({"starting_after_id": "cust_zzz"}, {}, Kind.SPEC_GAP),  # an unknown cursor: the server's data decides
        ({"limit": "5"}, {"campaignId": "camp_1"}, Kind.SPEC_GAP),  # a path id
        ({"filters[junction]": "and"}, {}, Kind.SPEC_GAP),  # a name the operation does not declare
        # A null the schema admits has no form on the wire (OpenAPI defines none): the text `null` may be refused.
        ({"filters[junction]": "null"}, {}, Kind.SPEC_GAP),
        ({"status": "null"}, {}, Kind.SPEC_GAP),
        ({"type": "null"}, {}, Kind.DEFECT),  # no null in its schema: the case sent no null
        ({"filters[id]": "null"}, {}, Kind.DEFECT),  # nor in this key's
        ({"sort": "-name"}, {}, Kind.DEFECT),  # one value an alternative of the schema lists
        ({"sort": "zzz"}, {}, Kind.SPEC_GAP),  # a value no alternative lists: the schema settles nothing
        ({"sort": ["name", "-name"]}, {}, Kind.SPEC_GAP),  # an array: the words may refuse some combinations
    ],
)
def test_a_refused_valid_value_is_a_spec_gap_only_when_it_depends_on_data(
    query: dict[str, str], path: dict[str, str], kind: Kind
) -> None:
    sent = Sent(query, path=path)
    found = kind_of(POSITIVE, status=400, body=ERROR_BODY, path="/v1/x", definition=OPERATION, raw=SPEC, sent=sent)
    assert found is kind


@pytest.mark.parametrize(
    ("status", "body", "kind"),
    [
        (400, ERROR_BODY, Kind.SPEC_GAP),  # a value the spec does not constrain, refused properly
        (422, ERROR_BODY, Kind.SPEC_GAP),
        (400, b"Bad Request", Kind.DEFECT),  # refused without Voucherify's error body
        (500, ERROR_BODY, Kind.DEFECT),  # a server error is never a gap
    ],
)
def test_a_data_dependent_value_refused_with_an_error_body_is_a_spec_gap(status: int, body: bytes, kind: Kind) -> None:
    assert classify(POSITIVE, status, body, on_data=True) is kind
    assert classify(POSITIVE, status, body, on_data=False) is Kind.DEFECT


def test_spec_gaps_are_told_apart_by_parameter() -> None:
    cursor, campaign = Sent({"starting_after_id": "a"}), Sent({"campaign_id": "b"})
    keys = {
        finding_key(Kind.SPEC_GAP, 400, "k", about(POSITIVE, s, OPERATION, SPEC)) for s in (cursor, campaign, cursor)
    }
    assert len(keys) == 2
    mutated_keys = {about(NEGATIVE, mutated(name, "x"), OPERATION, SPEC) for name in ("type", "order", "type")}
    assert len(mutated_keys) == 2
    # The response checks' gaps stay one per status: a recheck, which has no metadata, keeps the same ones.
    assert about("status_code_conformance", cursor, OPERATION, SPEC) == ""


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


def _negative_cases() -> list[tuple[dict[str, object], Sent]]:
    """Schemathesis' coverage cases for GET /v1/customers, with what `st.sent` reads of their metadata."""
    raw = yaml.safe_load(CUSTOMERS.read_text())
    config = {"phases": {"examples": {"enabled": False}, "fuzzing": {"enabled": False}}, "generation": {"mode": "all"}}
    schema = st_schema.load_schema(raw, config)
    operation = next(op for label, op, _ in st_schema.operations(schema) if label == "GET /v1/customers")
    found: list[tuple[dict[str, object], Sent]] = []
    st.generated_cases(operation, lambda case: found.append((dict(case.query or {}), st.sent(case))))()
    return found


@pytest.mark.slow
def test_sent_reads_what_schemathesis_mutated() -> None:
    cases = _negative_cases()
    unknown = [sent for query, sent in cases if "x-schemathesis-unknown-property" in query]
    assert unknown and all(sent.negations == (Negation("query", None, True),) for sent in unknown)
    enum = [sent for query, sent in cases if query == {"order": "AAA"}]
    assert enum and enum[0].negations == (Negation("query", "order"),)
    assert all(not sent.negations for query, sent in cases if query.get("limit") == "100")  # a valid case
