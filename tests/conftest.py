from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from conformance.profile import ListStyle
from conformance.result import RunResult
from conformance.runner import run
from conformance.sandbox import Credentials, Sandbox
from conformance.sandbox.fault import STYLE_LISTS
from conformance.settings import resolve_settings
from tests.shared import official_spec

CREDENTIALS = Credentials("test-app-id", "test-app-token")
AUTH = {"X-App-Id": CREDENTIALS.app_id, "X-App-Token": CREDENTIALS.app_token}
SPEC = Path(__file__).parent.parent / "specs" / "voucherify" / "customers.yaml"


def run_against(server: Sandbox, report_dir: Path, spec: Path = SPEC, **options: Any) -> RunResult:
    """`conformance run` as a library call against a running sandbox, with the test credentials."""
    return run(
        resolve_settings(
            spec=spec,
            base_url=server.url,
            app_id=CREDENTIALS.app_id,
            app_token=CREDENTIALS.app_token,
            report_dir=report_dir,
            **options,
        )
    )


def target_args(server: Sandbox) -> list[str]:
    """The command-line options that point a run at a running sandbox."""
    return ["--base-url", server.url, "--app-id", CREDENTIALS.app_id, "--app-token", CREDENTIALS.app_token]


class Client:
    """GET /v1/customers on a running sandbox, with the test credentials unless told otherwise."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.session = requests.Session()

    def get(self, params: Any = None, headers: dict[str, str] | None = None, path: str = "/v1/customers"):
        return self.session.get(self.url + path, params=params, headers=AUTH if headers is None else headers)

    def items(self, **params: Any) -> list[dict[str, Any]]:
        response = self.get(params)
        assert response.status_code == 200, response.text
        return response.json()["customers"]

    def walk(self, limit: int = 100, **params: Any) -> list[dict[str, Any]]:
        """Every item of a filtered set, page by page."""
        items: list[dict[str, Any]] = []
        for page in range(1, 100):
            chunk = self.items(limit=limit, page=page, **params)
            items += chunk
            if len(chunk) < limit:
                return items
        raise AssertionError("more than 99 pages")


@pytest.fixture(scope="module")
def correct() -> Iterator[dict[ListStyle, Sandbox]]:
    """One correct sandbox per paging style, serving its official list (`fault.STYLE_LISTS`), for a module's cases."""
    servers = {
        style: Sandbox(spec=official_spec(file), credentials=CREDENTIALS) for style, (file, _) in STYLE_LISTS.items()
    }
    for server in servers.values():
        server.start()
    yield servers
    for server in servers.values():
        server.stop()


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(credentials=CREDENTIALS) as server:
        yield server


@pytest.fixture(scope="session")
def client(sandbox: Sandbox) -> Client:
    return Client(sandbox.url)


@pytest.fixture(scope="session")
def everyone(client: Client) -> list[dict[str, Any]]:
    """All seeded customers in the default order."""
    return client.walk()


def fields_some_customers_lack(spec: dict[str, Any]) -> list[str]:
    """The customer properties that some customers of the embedded sandbox's data lack: requiring them makes a
    stricter contract its recordings break."""
    with Sandbox() as sandbox:
        table = sandbox.spec_app.dataset.tables["GET /v1/customers"].name
        rows = sandbox.spec_app.dataset.query(f"SELECT document FROM {table}", [])
    customers = [json.loads(row[0]) for row in rows]
    names = spec["components"]["schemas"]["CustomerBase"]["properties"]
    return [name for name in names if any(name not in customer for customer in customers)]
