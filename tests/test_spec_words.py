"""Issue #21 item 1: a defect only where the schema and the words agree.

A field's own description outranks the listing docs: where they disagree, no defect is derived from either meaning,
lint reports the contradiction and the run lists the check as one it cannot judge. Each rule is shown both ways: the
check fires on a server with the defect, and stays silent on a server built so the spec's words hold.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from conformance.checks.filters import list_filters
from conformance.checks.pagination import list_counts
from conformance.checks.view import read_response
from conformance.lint import lint_spec
from conformance.probes.negatives import BOUNDS, INVALID, INVALID_INT
from conformance.profile import ListStyle, list_profile
from conformance.profile.envelope import CONTRADICTIONS, DOCS, contradiction
from conformance.profile.parameters import RELATIVE
from conformance.query_values import mismatch
from conformance.result import Kind
from conformance.sandbox import Sandbox
from conformance.sandbox.faults import get_fault
from conformance.sandbox.rewrites import query
from tests.conftest import CREDENTIALS, SPEC, run_against
from tests.test_styles import LISTS, run_faulty
from tests.test_styles_checks import fires

CUSTOMERS = "/v1/customers"
BODY = "CustomersListResponseBody"
# Per envelope field: words that redefine it, and the fault that serves exactly what those words say.
REDEFINITIONS = {
    "total": ("The number of entries returned in the array, not the number of all matching results.", "total-of-page"),
    "has_more": ("Always false: the list is returned whole.", "has-more-always-false"),
}


def _spec(tmp_path: Path, field: str | None) -> Path:
    """customers.yaml, with `field`'s own description replaced by words that redefine it."""
    raw = yaml.safe_load(SPEC.read_text())
    if field is not None:
        raw["components"]["schemas"][BODY]["properties"][field]["description"] = REDEFINITIONS[field][0]
    path = tmp_path / "customers.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False))
    return path


def test_every_field_the_docs_define_has_a_redefinition_to_test() -> None:
    assert set(REDEFINITIONS) == set(DOCS) == set(CONTRADICTIONS)
    assert all(contradiction(field, words) for field, (words, _fault) in REDEFINITIONS.items())


@pytest.mark.parametrize("field", list(REDEFINITIONS))
def test_lint_and_the_profile_read_the_words_alike(tmp_path: Path, field: str) -> None:
    raw = yaml.safe_load(_spec(tmp_path, field).read_text())
    profile = list_profile(raw, "GET", CUSTOMERS)
    assert profile is not None and set(profile.redefined) == {field}
    linted = [f for f in lint_spec(raw, "customers.yaml") if f.cls == "listing_docs"]
    assert [f.subject for f in linted] == [field]
    plain = list_profile(yaml.safe_load(SPEC.read_text()), "GET", CUSTOMERS)
    assert plain is not None and plain.redefined == {}


@pytest.mark.parametrize("field", list(REDEFINITIONS))
def test_a_redefined_field_is_left_unread(tmp_path: Path, field: str) -> None:
    """A page whose `total` counts the page, or whose has_more is false with more to come: a defect only where the
    words leave the docs' meaning standing."""
    raw = yaml.safe_load(_spec(tmp_path, field).read_text())
    redefined = list_profile(raw, "GET", CUSTOMERS)
    plain = list_profile(yaml.safe_load(SPEC.read_text()), "GET", CUSTOMERS)
    assert redefined is not None and plain is not None
    items = [{"id": str(n)} for n in range(3)]
    body: dict[str, Any] = {"total": 3, "has_more": True} if field == "total" else {"total": 10, "has_more": False}
    content = json.dumps({"customers": items, **body}).encode()
    query = {"limit": "3", "page": "2"} if field == "total" else {"limit": "3"}
    for profile, defect in ((plain, True), (redefined, False)):
        page = read_response(profile, 200, content)
        assert page is not None
        assert fires(list_counts, profile, query, page) is defect
    assert getattr(read_response(redefined, 200, content), field) is None


@pytest.mark.parametrize(
    ("total", "has_more", "query", "defect"),
    [
        (10, False, {"limit": "10"}, True),  # a whole first page: both meanings count its 3 items
        (3, False, {"limit": "10"}, False),
        (10, True, {"limit": "3"}, False),  # more follow: the meanings differ, neither is judged
        (10, False, {"limit": "3", "page": "2"}, False),  # not the first page: the docs' total counts earlier pages
    ],
)
def test_a_redefined_total_is_judged_where_both_meanings_agree(
    tmp_path: Path, total: int, has_more: bool, query: dict[str, str], defect: bool
) -> None:
    redefined = list_profile(yaml.safe_load(_spec(tmp_path, "total").read_text()), "GET", CUSTOMERS)
    assert redefined is not None
    content = json.dumps({"customers": [{"id": str(n)} for n in range(3)], "total": total, "has_more": has_more})
    page = read_response(redefined, 200, content.encode())
    assert page is not None
    assert fires(list_counts, redefined, query, page) is defect


@pytest.mark.slow
def test_the_official_bin_list_counts_its_page_as_its_words_say(tmp_path: Path) -> None:
    """GET /v1/trash-bin's `total` is "the number of the entries returned in the array": a server that counts the page
    breaks no rule (tests/test_styles.py shows total-of-page caught where `total` keeps the docs' meaning)."""
    result = run_faulty(ListStyle.ID_CURSOR, get_fault("total-of-page").wrap, tmp_path)
    assert "list_counts" not in {d.check for d in result.defects}, [d.title for d in result.defects]
    operation = next(op for op in result.operations if op.operation == f"GET {LISTS[ListStyle.ID_CURSOR][1]}")
    assert any(item.check == "list_counts[total]" and item.limitation for item in operation.not_checked)


@pytest.mark.slow
@pytest.mark.parametrize("field", list(REDEFINITIONS))
def test_a_server_that_does_what_the_words_say_has_no_defect(tmp_path: Path, field: str) -> None:
    """The same server: a defect under the docs' words, a spec finding and an unjudged check under its own."""
    fault = get_fault(REDEFINITIONS[field][1])
    with Sandbox(credentials=CREDENTIALS, wrap=fault.wrap) as server:
        docs = run_against(server, tmp_path / "docs")
        words = run_against(server, tmp_path / "words", spec=_spec(tmp_path, field))
    assert fault.catches in {d.check for d in docs.defects}
    assert words.defects == [], [f"{d.check}: {d.title}" for d in words.defects]
    assert any(f.check == "spec_listing_docs" for f in words.of_kind(Kind.SPEC_FINDING))
    customers = next(op for op in words.operations if op.operation == f"GET {CUSTOMERS}")
    unjudged = {item.check: item for item in customers.not_checked}
    assert unjudged[f"list_counts[{field}]"].limitation


# 1b. An invalid-value probe sends only what the parameter's schema refuses.
LIMIT_ANY = {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 100}, {"type": "string"}]}
# A server that reads a limit it cannot parse as no limit, and honours every other one.
LENIENT_LIMIT = query(lambda p: {k: v for k, v in p.items() if k != "limit" or v.isdigit()})


def _limit_spec(tmp_path: Path) -> Path:
    """customers.yaml whose limit is typed `integer | string`, as a 3.1 `number | string | null` is."""
    raw = yaml.safe_load(SPEC.read_text())
    raw["components"]["schemas"]["ParameterLimit"] = LIMIT_ANY
    path = tmp_path / "customers.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False))
    return path


def test_the_probe_value_is_one_the_schema_refuses_or_admits() -> None:
    raw = yaml.safe_load(SPEC.read_text())
    assert mismatch(raw, {"$ref": "#/components/schemas/ParameterLimit"}, INVALID_INT) is not None
    assert mismatch(raw, LIMIT_ANY, INVALID_INT) is None
    assert mismatch(raw, LIMIT_ANY, "101") is None


@pytest.mark.slow
def test_an_invalid_value_the_schema_admits_is_not_probed(tmp_path: Path) -> None:
    """limit=ten accepted: a defect where limit is an integer, not where the schema also admits any string."""
    with Sandbox(credentials=CREDENTIALS, wrap=LENIENT_LIMIT) as server:
        strict = run_against(server, tmp_path / "strict")
        lenient = run_against(server, tmp_path / "lenient", spec=_limit_spec(tmp_path))
    assert any(d.check == INVALID and "`limit`" in d.title for d in strict.defects)
    assert lenient.defects == [], [f"{d.check}: {d.title}" for d in lenient.defects]
    notes = {(n.check, n.title) for n in lenient.of_kind(Kind.NOTE)}
    assert {
        (INVALID, "`limit` not probed with an invalid value"),
        (BOUNDS, "`limit` not probed with an invalid value"),
    } <= notes
    customers = next(op for op in lenient.operations if op.operation == f"GET {CUSTOMERS}")
    assert INVALID in customers.checked  # the order and date values are still probed


# 1c. Filter operators are judged by the meaning their words give.
DAY = "2024-01-10T00:00:00.000Z"


def _filtered_spec(words: dict[str, str | None]) -> dict[str, Any]:
    """A list whose `filters` has `created_at` with the given conditions ($op -> its description, or none) and `name`
    with `$is` described as equality."""

    def conditions(described: dict[str, str | None]) -> dict[str, Any]:
        return {op: {"type": "string", **({"description": d} if d else {})} for op, d in described.items()}

    field = {"type": "object", "properties": {"conditions": {"type": "object", "properties": {}}}}
    created = {**field, "properties": {"conditions": {"type": "object", "properties": conditions(words)}}}
    named = {**field, "properties": {"conditions": {"type": "object", "properties": conditions({"$is": "Equals."})}}}
    item = {
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "name": {"type": "string"},
            "created_at": {"type": "string", "format": "date-time"},
        },
    }
    body = {
        "type": "object",
        "properties": {
            "object": {"type": "string"},
            "data_ref": {"type": "string"},
            "data": {"type": "array", "items": item},
            "has_more": {"type": "boolean"},
        },
    }
    filters = {
        "name": "filters",
        "in": "query",
        "style": "deepObject",
        "schema": {"type": "object", "properties": {"created_at": created, "name": named}},
    }
    return {
        "openapi": "3.0.1",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/v1/things": {
                "get": {
                    "parameters": [filters],
                    "responses": {"200": {"content": {"application/json": {"schema": body}}}},
                }
            }
        },
    }


@pytest.mark.parametrize(
    ("words", "relative"),
    [
        ({"$before": None, "$after": None, "$is": None}, ("$is",)),  # the docs: a date field's $is counts days
        ({"$before": None, "$is": "Exactly N days ago (non-negative integer)."}, ("$is",)),
        ({"$is": "Matches by relative value. A non-negative integer.", "$more_than": None}, ("$is",)),
        ({"$before": None, "$more_than": "More than N days ago.", "$less_than": None}, ("$less_than", "$more_than")),
        ({"$is": "Equals the given value."}, ()),  # no date conditions, no words of days: equality
    ],
)
def test_a_condition_counts_days_where_its_words_or_the_docs_say_so(
    words: dict[str, str | None], relative: tuple[str, ...]
) -> None:
    profile = list_profile(_filtered_spec(words), "GET", "/v1/things")
    assert profile is not None and profile.filters is not None
    assert set(profile.filters.relative.get("created_at", ())) == set(relative) <= set(RELATIVE)
    judged = "$is" in words and "$is" not in relative
    assert ("$is" in profile.filters.equality.get("created_at", ())) is judged
    # A date equal to no item's: a defect only where `$is` means the value itself.
    query = {"filters[created_at][conditions][$is]": "10"}
    items = [{"id": "1", "name": "a", "created_at": DAY}]
    page = read_response(profile, 200, json.dumps({"data": items}).encode())
    assert page is not None
    assert fires(list_filters, profile, query, page) is judged
    assert fires(list_filters, profile, {"filters[name][conditions][$is]": "b"}, page)  # equality still judged
    if relative:
        assert any(
            f"filters[created_at] conditions {', '.join(relative)}: a number of days" in u for u in profile.unchecked
        )
