"""Path values a run finds by its own reading of the spec: the pattern, the collection before the parameter, nested
and snake-cased fields; a value the target answers 404 for is not checked, with the reason."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests

from conformance.engine.paths import NOT_FOUND, NoPathValue, PathValues
from conformance.engine.plan import ALL_CHECKS, PATH_VALUES
from conformance.engine.run import run
from conformance.engine.target import Target
from conformance.profile.paths import value_sources
from conformance.selection import parse_selection
from conformance.settings import resolve_settings
from tests.conftest import CREDENTIALS
from tests.shared import shared_path

# (file, child, parameter, the source the spec points to first: operation, key path)
CHILDREN = [
    ("loyalties.json", "/v1/loyalties/members/{memberId}/pending-points", "memberId",
     "GET /v1/loyalties/{campaignId}/members", ("code",)),
    ("loyalties.json", "/v1/loyalties/members/{memberId}/activity", "memberId",
     "GET /v1/loyalties/{campaignId}/members", ("id",)),
    ("redemptions.json", "/v1/vouchers/{code}/redemption", "code", "GET /v1/redemptions", ("voucher", "code")),
    ("loyalties-v2.json", "/v2/loyalties/programs/{programId}/members/{memberId}/earning-rules/{earningRuleId}"
     "/reports/daily", "earningRuleId", "GET /v2/loyalties/earning-rules", ("id",)),
    ("loyalties-v2.json", "/v2/loyalties/programs/{programId}/members/{memberId}/cards/{cardId}/transactions",
     "cardId", "GET /v2/loyalties/programs/{programId}/members/{memberId}", ("cards", "[]", "card", "id")),
    ("products.json", "/v1/skus/{skuId}", "skuId", "GET /v1/products/{productId}/skus", ("id",)),
]  # fmt: skip
REDEMPTION = "/v1/vouchers/{code}/redemption"


def spec_of(name: str) -> dict[str, Any]:
    return json.loads(shared_path("voucherify", "openapi", name).read_text())


@pytest.mark.parametrize(("file", "path", "name", "operation", "keys"), CHILDREN)
def test_the_spec_points_each_child_to_a_source(file: str, path: str, name: str, operation: str, keys: tuple) -> None:
    first = value_sources(spec_of(file), path, name)[0]
    assert (first.operation, first.keys) == (operation, keys)


def test_a_parameter_nothing_in_the_spec_holds_has_no_source() -> None:
    assert value_sources(spec_of("referrals.json"), "/v1/referrals/members/{memberId}/holders", "memberId") == ()


RUNS = [(file, path) for file, path, *_ in CHILDREN]


@pytest.mark.slow
@pytest.mark.parametrize(("file", "path"), RUNS)
def test_a_run_gets_a_value_for_the_child_and_checks_it(tmp_path: Path, file: str, path: str) -> None:
    result = run(resolve_settings(spec=shared_path("voucherify", "openapi", file), report_dir=tmp_path,
                                  max_examples=1, max_requests=40,
                                  selection=parse_selection({"path": [path]}, {}, None)))  # fmt: skip
    operation = next(op for op in result.operations if op.operation == f"GET {path}")
    assert not [item.reason for item in operation.not_checked if item.check == ALL_CHECKS]
    assert operation.requests_by_phase.get(PATH_VALUES, 0) >= 1 and operation.checked
    assert not result.defects


class Redemptions(BaseHTTPRequestHandler):
    """A target listing one redemption of voucher KNOWN, whose redemption answers `status`."""

    status = 200

    def do_GET(self) -> None:
        if self.path.startswith("/v1/redemptions"):
            self._send(200, {"object": "list", "data_ref": "redemptions", "total": 1,
                             "redemptions": [{"id": "r_1", "voucher": {"code": "KNOWN"}}]})  # fmt: skip
        elif self.path.startswith("/v1/vouchers/KNOWN/redemption"):
            self._send(self.status, {"quantity": 1} if self.status == 200 else {"code": 404})
        else:
            self._send(404, {"code": 404})

    def _send(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(params=[200, NOT_FOUND], ids=["knows-the-value", "answers-404"])
def redemptions(request: pytest.FixtureRequest) -> Iterator[tuple[str, int]]:
    handler = type("Handler", (Redemptions,), {"status": request.param})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", request.param
    server.shutdown()
    server.server_close()


def test_a_hinted_value_the_target_answers_404_for_is_not_checked(redemptions: tuple[str, int]) -> None:
    url, status = redemptions
    with requests.Session() as session:
        target = Target(url, CREDENTIALS, url, session)  # type: ignore[arg-type]
        values = PathValues(spec_of("redemptions.json"), target, {})
        if status == 200:
            assert values.for_path(REDEMPTION) == {"code": "KNOWN"}
            return
        with pytest.raises(NoPathValue) as raised:
            values.for_path(REDEMPTION)
    reason = str(raised.value)
    assert "answers HTTP 404" in reason and "{code}=KNOWN from `voucher.code` of GET /v1/redemptions" in reason
