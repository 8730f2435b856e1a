"""The spec-driven sandbox serves every GET list of each official file, correctly for its paging style."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from conformance.openapi import HTTP_METHODS
from conformance.profile import ListProfile, ListStyle, list_profile
from conformance.query_values import mismatch
from conformance.sandbox import Credentials, Sandbox
from conformance.sandbox.dataset import item_schema
from conformance.sandbox.validation import SpecValidator
from conformance.timestamps import parse_rfc3339
from tests.shared import official_specs, shared_path

CREDENTIALS = Credentials("spec-app", "spec-token")
# The client API requires an `origin` header; the server API ignores it.
AUTH = {"X-App-Id": CREDENTIALS.app_id, "X-App-Token": CREDENTIALS.app_token, "origin": "example.com"}
FILES = [path.name for path in official_specs()]


class Lists:
    """A running spec sandbox with helpers that fill path values from parent lists, as the issue describes."""

    def __init__(self, spec: dict[str, Any], sandbox: Sandbox) -> None:
        self.spec, self.sandbox, self.session = spec, sandbox, requests.Session()

    def profile(self, operation: str) -> ListProfile:
        found = list_profile(self.spec, "GET", operation.split(" ", 1)[1])
        assert found is not None
        return found

    def url(self, operation: str) -> str:
        assert self.sandbox.spec_app is not None
        return self.sandbox.url + self.sandbox.spec_app.concrete_path(operation)

    def get(self, operation: str, params: Any) -> dict[str, Any]:
        response = self.session.get(self.url(operation), params=params, headers=AUTH)
        assert response.status_code == 200, (operation, params, response.text)
        body: dict[str, Any] = response.json()
        return body

    def walk(self, operation: str, limit: int = 7) -> list[dict[str, Any]]:
        """Every item, page by page in the list's own style."""
        profile = self.profile(operation)
        items: list[dict[str, Any]] = []
        if profile.style is ListStyle.UNPAGED and profile.limit:
            limit = profile.limit.maximum or 100  # a limit-only list cannot page: ask for everything
        params: dict[str, Any] = {"limit": limit} if profile.limit else {}
        for page in range(1, 60):
            if profile.page:
                params["page"] = page
            body = self.get(operation, params)
            chunk = body[profile.items_key]
            items += chunk
            if profile.style is ListStyle.ID_CURSOR and body["has_more"]:
                params[str(profile.id_cursor)] = body.get("more_starting_after") or chunk[-1]["id"]
            elif profile.style is ListStyle.CURSOR and body["cursor"]:
                params[str(profile.cursor)] = body["cursor"]["next"]
            elif not (profile.page and len(chunk) == limit):
                return items
        raise AssertionError("more than 60 pages")


@pytest.fixture(scope="module", params=FILES)
def lists(request: pytest.FixtureRequest) -> Iterator[Lists]:
    spec = json.loads(shared_path("voucherify", "openapi", request.param).read_text())
    with Sandbox(spec=spec, credentials=CREDENTIALS, seed=7) as sandbox:
        yield Lists(spec, sandbox)


def served_lists(lists: Lists) -> list[str]:
    return sorted(op for op in lists.sandbox.served_operations if list_profile(lists.spec, "GET", op.split(" ", 1)[1]))


def test_every_operation_is_served_or_listed_with_a_reason(lists: Lists) -> None:
    every = {f"{m.upper()} {path}" for path, item in lists.spec["paths"].items() for m in HTTP_METHODS if m in item}
    assert set(lists.sandbox.served_operations) | set(lists.sandbox.not_served) == every
    assert not set(lists.sandbox.served_operations) & set(lists.sandbox.not_served)
    assert all("not served by the embedded sandbox" in reason for reason in lists.sandbox.not_served.values())


def test_items_validate_and_each_style_walks_every_item_once(lists: Lists) -> None:
    checks = SpecValidator(lists.spec)
    for operation in served_lists(lists):
        profile = lists.profile(operation)
        check = checks.validator(item_schema(lists.spec, profile))
        walked = lists.walk(operation)
        assert walked, operation
        assert all(check.is_valid(item) for item in walked), operation
        ids = [item["id"] for item in walked if "id" in item]
        assert len(ids) == len(set(ids)), f"{operation}: an item came twice"
        everything = lists.walk(operation, limit=(profile.limit.maximum or 100) if profile.limit else 100)
        assert [i.get("id") for i in walked] == [i.get("id") for i in everything], operation


def _key(item: dict[str, Any], field: str) -> tuple[Any, ...]:
    value = item.get(field)
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, dict | list):
        value = json.dumps(value, sort_keys=True)
    if isinstance(value, str) and (micros := parse_rfc3339(value)) is not None:
        value = micros
    return (value is not None, value)


def test_every_order_value_sorts_with_an_id_tie_break(lists: Lists) -> None:
    for operation in served_lists(lists):
        profile = lists.profile(operation)
        for value in profile.order_values:
            field = value.lstrip("-")
            limit = {"limit": profile.limit.maximum or 100} if profile.limit else {}
            items = lists.get(operation, {**limit, str(profile.order): value})[profile.items_key]
            if not items or field not in items[0]:
                continue
            expected = sorted(items, key=lambda i: (_key(i, field), str(i.get("id"))), reverse=value.startswith("-"))
            assert [i.get("id") for i in items] == [i.get("id") for i in expected], (operation, value)


def test_errors_have_voucherify_bodies(lists: Lists) -> None:
    operation = next(iter(served_lists(lists)), None)
    if operation is None:
        pytest.skip("this file has no served list")  # events, oauth, qualifications, validations
    url = lists.url(operation)
    assert requests.get(url).status_code == 401
    missing = requests.get(lists.sandbox.url + "/v1/nowhere", headers=AUTH)
    assert missing.status_code == 404 and {"code", "key", "message", "details"} <= set(missing.json())
    profile = lists.profile(operation)
    if profile.limit:
        assert requests.get(url, params={"limit": "ten"}, headers=AUTH).status_code == 400
    if profile.order and profile.order_values:
        assert requests.get(url, params={str(profile.order): "nope"}, headers=AUTH).status_code == 400


def test_same_seed_gives_byte_identical_responses() -> None:
    spec = json.loads(shared_path("voucherify", "openapi", "loyalties-v2.json").read_text())
    bodies = []
    for _ in range(2):
        with Sandbox(spec=spec, credentials=CREDENTIALS, seed=11) as sandbox:
            bodies.append(
                requests.get(sandbox.url + "/v2/loyalties/rewards", params={"limit": 3}, headers=AUTH).content
            )
    assert bodies[0] == bodies[1]
    assert b'"next": "lcrsrew' in bodies[0]  # the opaque v2 cursor is deterministic too


def test_iso_8601_dates_the_docs_allow_are_accepted() -> None:
    spec = json.loads(Path(shared_path("voucherify", "openapi", "vouchers.json")).read_text())
    with Sandbox(spec=spec, credentials=CREDENTIALS) as sandbox:
        for value in ("2016-11-16T14:14:31Z", "2016-11-16", "2023-12-22T10:13:06.487Z", "2016-11-16T14:14:31+0000"):
            response = requests.get(sandbox.url + "/v1/vouchers", params={"created_at[after]": value}, headers=AUTH)
            assert response.status_code == 200, response.text
        bad = requests.get(sandbox.url + "/v1/vouchers", params={"created_at[after]": "yesterday"}, headers=AUTH)
        assert bad.status_code == 400


@pytest.mark.parametrize("condition", ["$before", "$after"])
@pytest.mark.parametrize("form", ["Z", "+0000", "+02:00", "plain date"])
def test_iso_8601_filter_conditions_select_the_items_the_docs_mean(condition: str, form: str) -> None:
    """`+0000` is UTC, another offset shifts the moment, and a plain date is that day's start in UTC."""
    spec = json.loads(shared_path("voucherify", "openapi", "locations.json").read_text())
    with Sandbox(spec=spec, credentials=CREDENTIALS, seed=5) as sandbox:
        url, name = sandbox.url + "/v1/locations", f"filters[created_at][conditions][{condition}]"
        everything = requests.get(url, params={"limit": 100}, headers=AUTH).json()["data"]
        stamp = sorted(item["created_at"] for item in everything)[len(everything) // 2]
        day = stamp[:10]
        value, meant = {
            "Z": (stamp, stamp),
            "+0000": (stamp[:-1] + "+0000", stamp),
            "+02:00": (f"{day}T02:00:00+02:00", f"{day}T00:00:00Z"),
            "plain date": (day, f"{day}T00:00:00Z"),
        }[form]
        moment = parse_rfc3339(meant)
        assert moment is not None
        response = requests.get(url, params={"limit": 100, name: value}, headers=AUTH)
        assert response.status_code == 200, response.text
        expected = [
            item["id"]
            for item in everything
            if ((at := parse_rfc3339(item["created_at"])) is not None)
            and (at < moment if condition == "$before" else at > moment)
        ]
        assert 0 < len(expected) < len(everything)
        assert sorted(item["id"] for item in response.json()["data"]) == sorted(expected)


@pytest.mark.parametrize(
    "value", ["yesterday", "2023-02-31", "2023-13-45", "2023-02-31T00:00:00+0000", "2016-11-16T14"]
)
def test_what_is_no_date_stays_refused(value: str) -> None:
    spec = json.loads(shared_path("voucherify", "openapi", "locations.json").read_text())
    with Sandbox(spec=spec, credentials=CREDENTIALS) as sandbox:
        url = sandbox.url + "/v1/locations"
        response = requests.get(url, params={"filters[created_at][conditions][$after]": value}, headers=AUTH)
        assert response.status_code == 400, response.text


def test_filters_equality_and_unknown_cursors() -> None:
    spec = json.loads(shared_path("voucherify", "openapi", "bin.json").read_text())
    with Sandbox(spec=spec, credentials=CREDENTIALS) as sandbox:
        url = sandbox.url + "/v1/trash-bin"
        everything = requests.get(url, params={"limit": 100}, headers=AUTH).json()["data"]
        wanted = everything[0]["resource_type"]
        params = {"limit": 100, "filters[resource_type][conditions][$is]": wanted}
        found = requests.get(url, params=params, headers=AUTH).json()["data"]
        assert found and all(item["resource_type"] == wanted for item in found)
        assert len(found) == sum(item["resource_type"] == wanted for item in everything)
        # Any string is schema-valid there: an id no item has is an empty last page, not a refusal.
        unknown = requests.get(url, params={"starting_after_id": "bin_nope"}, headers=AUTH)
        assert unknown.status_code == 200 and unknown.json()["data"] == [] and unknown.json()["has_more"] is False


def test_a_required_header_is_enforced() -> None:
    """The client API's lists require `origin`: without it the answer is a 400 with Voucherify's error body."""
    raw = json.loads(shared_path("voucherify", "openapi", "client-side.json").read_text())
    with Sandbox(spec=raw, credentials=CREDENTIALS) as sandbox:
        url = sandbox.url + "/client/v1/promotions/tiers"
        without = {k: v for k, v in AUTH.items() if k != "origin"}
        refused = requests.get(url, headers=without)
        assert refused.status_code == 400 and refused.json()["key"] == "invalid_request"
        assert requests.get(url, headers=AUTH).status_code == 200


@pytest.fixture(scope="module")
def campaigns() -> Iterator[str]:
    spec = json.loads(shared_path("voucherify", "openapi", "campaigns.json").read_text())
    with Sandbox(spec=spec, credentials=CREDENTIALS) as sandbox:
        yield sandbox.url + "/v1/campaigns"


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"filters[status][conditions][$active]": ""}, 200),  # an empty-object condition, as the spec says to send it
        ({"filters[active][$enabled]": ""}, 200),
        ({"filters[active][$enabled]": "x"}, 400),
        ({"filters[campaign_status][conditions][$in]": ""}, 200),  # an empty array of enum values
        ({"filters[campaign_status][conditions][$in]": "NOPE"}, 400),
        ({"filters[campaigns][conditions]": ""}, 200),  # an empty object of conditions
        ({"filters[campaigns][conditions]": "x"}, 400),
        # JSON Schema admits keys an object does not name, unless `additionalProperties: false`: accepted, ignored.
        ({"filters[nothing]": ""}, 200),
        ({"filters[campaigns][nothing]": "x"}, 200),
        ({"filters[active][$enabled][nothing]": "x"}, 400),  # beneath an object that admits no other key
    ],
)
def test_schema_valid_filters_are_accepted_and_others_refused(
    campaigns: str, params: dict[str, str], status: int
) -> None:
    response = requests.get(campaigns, params={"limit": 1, **params}, headers=AUTH)
    assert response.status_code == status, response.text


@pytest.mark.parametrize(
    ("enum", "value", "problem"),
    [
        (["AND", "OR", None], "null", None),  # a listed null, as a query string spells it
        (["AND", "OR", None], "AND", None),
        (["AND", "OR", None], "None", "must be one of AND, OR, null"),
        (["AND", "OR"], "null", "must be one of AND, OR"),
    ],
)
def test_an_enum_that_lists_null_takes_null(enum: list[Any], value: str, problem: str | None) -> None:
    assert mismatch({}, {"type": "string", "enum": enum}, value) == problem
