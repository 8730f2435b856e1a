from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from conformance.sandbox import Credentials, Sandbox

CREDENTIALS = Credentials("test-app-id", "test-app-token")
AUTH = {"X-App-Id": CREDENTIALS.app_id, "X-App-Token": CREDENTIALS.app_token}


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
