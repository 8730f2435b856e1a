"""The embedded sandbox serves every GET operation of every official file but a few, each named with its reason,
and a child's path value is one that a served list or object really holds."""

from __future__ import annotations

import json
from functools import cache
from typing import Any
from urllib.parse import quote

import pytest
import requests

from conformance.openapi import json_response_schema
from conformance.sandbox import Credentials, Sandbox
from conformance.sandbox.spec_app import NOT_SERVED, SpecApp
from conformance.sandbox.validation import SpecValidator
from tests.shared import official_specs, shared_path

CREDENTIALS = Credentials("served", "served-token")
AUTH = {"X-App-Id": CREDENTIALS.app_id, "X-App-Token": CREDENTIALS.app_token, "origin": "example.com"}

# The GET operations no official file lets the sandbox serve, and why (the README's "Whole API" names them too).
# This can only shrink deliberately: serving one more, or one fewer, fails the test below.
UNSERVED = {
    ("exports.json", "GET /v1/exports/{export_Id}"): "its 200 response is not JSON",
    ("referrals.json", "GET /v1/referrals/members/{memberId}/holders"): "no served list supplies memberId",
    ("referrals.json", "GET /v1/referrals/{campaignId}/members/{memberId}/holders"): (
        "no served list supplies campaignId, memberId"
    ),
}

# (file, child, parent): the child's last path value comes from the parent's items or objects, found from the
# spec's pattern, collection name or a nested field rather than from the profile.
CHILDREN = [
    ("loyalties.json", "GET /v1/loyalties/members/{memberId}/transactions", "GET /v1/loyalties/{campaignId}/members"),
    ("redemptions.json", "GET /v1/vouchers/{code}/redemption", "GET /v1/redemptions"),
    (
        "loyalties-v2.json",
        "GET /v2/loyalties/programs/{programId}/members/{memberId}/earning-rules/{earningRuleId}/reports/daily",
        "GET /v2/loyalties/earning-rules",
    ),
    (
        "loyalties-v2.json",
        "GET /v2/loyalties/programs/{programId}/members/{memberId}/cards/{cardId}/transactions",
        "GET /v2/loyalties/programs/{programId}/members/{memberId}",
    ),
]


@cache
def spec(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(shared_path("voucherify", "openapi", name).read_text())
    return loaded


@cache
def app(name: str) -> SpecApp:
    return SpecApp(spec(name), CREDENTIALS, 0)


def test_every_get_is_served_but_the_documented_few() -> None:
    unserved = {
        (path.name, operation): reason.removeprefix(f"{NOT_SERVED}: ")
        for path in official_specs()
        for operation, reason in app(path.name).not_served.items()
        if operation.startswith("GET ")
    }
    assert unserved == UNSERVED


@pytest.mark.parametrize(("name", "child", "parent"), CHILDREN)
def test_a_child_takes_its_path_value_from_a_served_parent(name: str, child: str, parent: str) -> None:
    served = app(name)
    last = child.rsplit("{", 1)[1].split("}")[0]
    source = served.path_sources[child][last]
    assert source.operation == parent
    held = served.sources.values(source)
    assert held, f"{parent} holds no value for {{{last}}}"
    path = served.concrete_path(child)
    unknown = "no_such_value_0000"
    assert unknown not in held
    head, _, tail = path.rpartition("/" + quote(min(held), safe=""))
    with Sandbox(spec=spec(name), credentials=CREDENTIALS, seed=0) as sandbox:
        assert requests.get(sandbox.url + path, headers=AUTH).status_code == 200
        response = requests.get(f"{sandbox.url}{head}/{unknown}{tail}", headers=AUTH)
        assert response.status_code == 404 and response.json()["key"] == "not_found"


@pytest.mark.parametrize("name", [path.name for path in official_specs()])
def test_single_objects_fit_their_200_schema(name: str) -> None:
    served = app(name)
    checks = SpecValidator(spec(name))
    with Sandbox(spec=spec(name), credentials=CREDENTIALS, seed=0) as sandbox:
        for operation in sorted(served.items):
            path = operation.split(" ", 1)[1]
            response = requests.get(sandbox.url + served.concrete_path(operation), headers=AUTH)
            if response.status_code == 400:
                continue  # a required query parameter the request above does not send
            assert response.status_code == 200, (operation, response.text)
            schema = json_response_schema(spec(name), spec(name)["paths"][path]["get"])
            assert checks.validator(schema).is_valid(response.json()), operation


def test_customer_activities_page_by_id_as_the_listing_docs_say() -> None:
    served = app("customers.json")
    operation = "GET /v1/customers/{customerId}/activities"
    profile = served.lists[operation].profile
    assert profile.style.value == "id_cursor" and profile.id_cursor == "starting_after_id"
    with Sandbox(spec=spec("customers.json"), credentials=CREDENTIALS, seed=0) as sandbox:
        url = sandbox.url + served.concrete_path(operation)
        everything = requests.get(url, params={"limit": 100}, headers=AUTH).json()["data"]
        walked, params = [], {"limit": 4}
        while True:
            page = requests.get(url, params=params, headers=AUTH).json()["data"]
            walked += page
            if len(page) < 4:
                break
            params["starting_after_id"] = page[-1]["id"]
        assert [item["id"] for item in walked] == [item["id"] for item in everything]
        unknown = requests.get(url, params={"starting_after_id": "nope"}, headers=AUTH)
        assert unknown.status_code == 200 and unknown.json()["data"] == [], "nothing comes after an id no item has"
