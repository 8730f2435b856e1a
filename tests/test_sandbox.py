"""The embedded sandbox, given no spec, serves the default spec's GET /v1/customers as the spec and Voucherify's docs
describe it: from the spec, by the sandbox's own reading of it (`shape_reading`), like every other list."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance.sandbox.shape import ListShape
from conformance.sandbox.shape_reading import read_shape
from conformance.spec import DEFAULT_SPEC, load_spec
from conformance.timestamps import parse_rfc3339
from tests.conftest import AUTH, Client

ERROR_FIELDS = {"code", "key", "message", "details", "request_id"}
SHAPE = read_shape(load_spec(DEFAULT_SPEC).raw, "/v1/customers")
assert isinstance(SHAPE, ListShape) and SHAPE.limit and SHAPE.page and SHAPE.default_limit
LIMIT_RANGE = (int(SHAPE.limit.minimum or 1), int(SHAPE.limit.maximum or 100))
PAGE_RANGE = (int(SHAPE.page.minimum or 1), int(SHAPE.page.maximum or 100))
DATE_FILTERS = tuple(SHAPE.date_bounds)


def ts(item: dict[str, Any], field: str) -> int:
    value = parse_rfc3339(item[field])
    assert value is not None
    return value


def sort_key(item: dict[str, Any], order: str) -> tuple[Any, str]:
    field = order.lstrip("-")
    return (item[field] if field == "source_id" else ts(item, field), item["id"])


def test_seeded_data_is_realistic(everyone: list[dict[str, Any]]) -> None:
    assert len({item["id"] for item in everyone}) == len(everyone) > 2 * PAGE_SIZE
    assert len({item["created_at"] for item in everyone}) < len(everyone), "equal created_at values"
    for name in ("email", "name", "source_id"):
        assert len({item.get(name) for item in everyone}) > 2, f"{name} is varied: every filter and order acts on it"


PAGE_SIZE = SHAPE.default_limit


def test_default_limit_and_shape(client: Client, everyone: list[dict[str, Any]]) -> None:
    body = client.get().json()
    assert body["object"] == SHAPE.list_object and body["data_ref"] == SHAPE.data_ref == SHAPE.items_key
    assert len(body["customers"]) == SHAPE.default_limit
    assert body["total"] == len(everyone) and body["has_more"] is True


@pytest.mark.parametrize("limit", LIMIT_RANGE)
def test_limit_bounds_are_accepted(client: Client, everyone: list[dict[str, Any]], limit: int) -> None:
    assert len(client.items(limit=limit)) == min(limit, len(everyone))


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("limit", LIMIT_RANGE[0] - 1),
        ("limit", LIMIT_RANGE[1] + 1),
        ("limit", "ten"),
        ("limit", ""),
        ("page", PAGE_RANGE[0] - 1),
        ("page", PAGE_RANGE[1] + 1),
        ("page", "1.5"),
        ("order", "name"),
        ("created_at[before]", "yesterday"),
        ("created_at[before]", "2023-02-31"),
        ("updated_at[after]", "2023-13-45T00:00:00+0000"),
        ("starting_after", "2023-02-31"),
        ("starting_after", "2023-12-22T10:13:06+2400"),
    ],
)
def test_invalid_input_is_a_voucherify_400(client: Client, name: str, value: Any) -> None:
    response = client.get({name: value})
    assert response.status_code == 400
    body = response.json()
    assert set(body) == ERROR_FIELDS and body["code"] == 400 and name in body["details"]


def test_repeated_parameter_is_rejected(client: Client) -> None:
    assert client.get([("limit", "1"), ("limit", "2")]).status_code == 400


def test_pages_partition_the_set_and_total_counts_it(client: Client, everyone: list[dict[str, Any]]) -> None:
    size = len(everyone) // 3  # three full pages, and what is left on a fourth
    pages = [client.get({"limit": size, "page": page}).json() for page in (1, 2, 3, 4, 5)]
    assert [item["id"] for page in pages for item in page["customers"]] == [item["id"] for item in everyone]
    assert [page["has_more"] for page in pages] == [True, True, bool(len(everyone) % size), False, False]
    assert pages[-1]["customers"] == [] and {page["total"] for page in pages} == {len(everyone)}


@pytest.mark.parametrize("order", SHAPE.order_values)
def test_every_order_sorts_with_an_id_tie_break(client: Client, order: str) -> None:
    items = client.walk(order=order)
    keys = [sort_key(item, order) for item in items]
    assert keys == sorted(keys, reverse=order.startswith("-"))


def test_default_order_is_newest_created_first(client: Client, everyone: list[dict[str, Any]]) -> None:
    assert SHAPE.default_order == "-created_at" and everyone == client.walk(order="-created_at")


@pytest.mark.parametrize(("name", "field"), SHAPE.text_filters.items())
def test_string_filters_match_exactly(
    client: Client, everyone: list[dict[str, Any]], name: str, field: tuple[str, ...]
) -> None:
    def value_of(item: dict[str, Any]) -> Any:
        for step in field:
            item = item.get(step) if isinstance(item, dict) else None
        return item

    value = next(value_of(item) for item in everyone if value_of(item))
    body = client.get({name: value, "limit": 100}).json()
    assert body["customers"] and {value_of(item) for item in body["customers"]} == {value}
    assert body["total"] == len([item for item in everyone if value_of(item) == value])


@pytest.mark.parametrize("name", DATE_FILTERS)
def test_date_bounds_are_exclusive(client: Client, everyone: list[dict[str, Any]], name: str) -> None:
    field, bound = name.split("[")
    pivot = everyone[len(everyone) // 2][field]
    items = client.walk(**{name: pivot})
    before = bound == "before]"
    expected = [
        i["id"]
        for i in everyone
        if (ts(i, field) < ts({field: pivot}, field)) == before and ts(i, field) != ts({field: pivot}, field)
    ]
    assert sorted(i["id"] for i in items) == sorted(expected)


def _offset_form(stamp: str) -> str:
    """The same instant as the official SDK writes it: `+0000` where Voucherify writes `Z`."""
    assert stamp.endswith("Z")
    return stamp[:-1] + "+0000"


@pytest.mark.parametrize("name", DATE_FILTERS)
@pytest.mark.parametrize("form", ["+0000", "plain date"])
def test_iso_8601_date_bounds_are_answered_as_the_docs_say(
    client: Client, everyone: list[dict[str, Any]], name: str, form: str
) -> None:
    """`+0000` is UTC and a plain date is that day's start in UTC: the items are those of the same bound in RFC 3339."""
    field, bound = name.split("[")
    stamp = sorted(everyone, key=lambda item: ts(item, field))[len(everyone) // 2][field]
    value, meant = (_offset_form(stamp), stamp) if form == "+0000" else (stamp[:10], stamp[:10] + "T00:00:00Z")
    moment = ts({field: meant}, field)
    response = client.get({name: value, "limit": 1})
    assert response.status_code == 200, response.text
    before = bound == "before]"
    expected = sorted(i["id"] for i in everyone if (ts(i, field) < moment if before else ts(i, field) > moment))
    assert expected and len(expected) < len(everyone)
    assert response.json()["total"] == len(expected)
    assert sorted(i["id"] for i in client.walk(**{name: value})) == expected


def test_starting_after_in_the_sdks_offset_form_is_the_same_cursor(
    client: Client, everyone: list[dict[str, Any]]
) -> None:
    cursor = everyone[len(everyone) // 2]["created_at"]
    assert client.items(starting_after=_offset_form(cursor), limit=100) == client.items(
        starting_after=cursor, limit=100
    )


def test_starting_after_without_order_returns_older_items_descending(
    client: Client, everyone: list[dict[str, Any]]
) -> None:
    cursor = everyone[len(everyone) // 2]["created_at"]
    items = client.items(starting_after=cursor, limit=100)
    assert items and all(ts(i, "created_at") < ts(everyone[len(everyone) // 2], "created_at") for i in items)
    assert [ts(i, "created_at") for i in items] == sorted((ts(i, "created_at") for i in items), reverse=True)


@pytest.mark.parametrize("order", ["created_at", "updated_at"])
def test_starting_after_with_ascending_order_returns_newer_items(
    client: Client, everyone: list[dict[str, Any]], order: str
) -> None:
    cursor = sorted(everyone, key=lambda i: ts(i, order))[len(everyone) // 2][order]
    items = client.walk(starting_after=cursor, order=order)
    assert items and all(ts(i, order) > ts({order: cursor}, order) for i in items)
    assert [ts(i, order) for i in items] == sorted(ts(i, order) for i in items)
    assert client.get({"starting_after": cursor, "order": order}).json()["total"] == len(items)


@pytest.mark.parametrize("headers", [{}, {"X-App-Id": AUTH["X-App-Id"]}, {**AUTH, "X-App-Token": "wrong"}])
def test_missing_or_wrong_credentials_are_401(client: Client, headers: dict[str, str]) -> None:
    response = client.get(headers=headers)
    assert response.status_code == 401 and set(response.json()) == ERROR_FIELDS


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "TRACE", "QUERY", "FOO", "PROPFIND"])
def test_other_methods_are_405_with_allow(client: Client, method: str) -> None:
    response = client.session.request(method, client.url + "/v1/customers")
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD"
    assert response.json()["code"] == 405


def test_head_answers_without_a_body(client: Client) -> None:
    response = client.session.head(client.url + "/v1/customers", headers=AUTH)
    assert response.status_code == 200 and response.content == b""


def test_unknown_path_is_json_404(client: Client) -> None:
    response = client.get(path="/v1/nope")
    assert response.status_code == 404 and response.json()["code"] == 404


def test_garbage_on_the_wire_never_gets_a_5xx(client: Client) -> None:
    host, port = client.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as raw:
        raw.sendall(b"GET /v1/customers?limit=%ZZ&email=%00%FF HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        status_line = raw.recv(64)
    assert status_line.startswith(b"HTTP/1.1 4") or status_line.startswith(b"HTTP/1.1 2")


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.dictionaries(
        st.sampled_from(
            ["limit", "page", "order", *SHAPE.text_filters, "segment_id", "starting_after", *DATE_FILTERS, "other"]
        ),
        st.text(max_size=30),
        max_size=5,
    )
)
def test_no_query_produces_a_server_error(client: Client, params: dict[str, str]) -> None:
    response = client.get(params)
    assert response.status_code in (200, 400), response.text


@pytest.mark.parametrize(
    ("error", "reported"), [(ConnectionResetError(104, "reset"), False), (RuntimeError("a bug"), True)]
)
def test_a_client_hanging_up_is_not_reported_but_a_server_bug_is(
    error: Exception, reported: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    from conformance.sandbox import Sandbox
    from conformance.sandbox.server import _Server

    with Sandbox() as sandbox:
        server = sandbox._server  # the running server; handle_error is what socketserver calls for a handler
        try:
            raise error
        except Exception:  # noqa: BLE001 - handle_error reads the exception being handled, as socketserver does
            _Server.handle_error(server, None, ("127.0.0.1", 1))
    assert ("Traceback" in capsys.readouterr().err) is reported
