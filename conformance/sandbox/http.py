"""Transport-neutral request and response values that the sandbox app and its faults exchange."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol


@dataclass(frozen=True)
class Request:
    """An incoming request: method, path, raw query string and headers (lower-cased names)."""

    method: str
    path: str
    query: str
    headers: Mapping[str, str]


@dataclass(frozen=True)
class Response:
    """An outgoing response; `body` is sent as is."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, payload: Any, headers: Mapping[str, str] | None = None) -> Response:
        body = json.dumps(payload, ensure_ascii=False).encode()
        return cls(status, body, {"Content-Type": "application/json; charset=utf-8", **(headers or {})})

    def payload(self) -> Any:
        return json.loads(self.body)

    def with_payload(self, payload: Any) -> Response:
        return replace(self, body=json.dumps(payload, ensure_ascii=False).encode())


class App(Protocol):
    """Anything that answers a Request: the correct app, or a fault wrapped around it."""

    def __call__(self, request: Request) -> Response: ...
