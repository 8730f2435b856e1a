"""Responses to parse: read from cassettes (through the one cassette reader), or taken from the spec's examples."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from conformance.cassette.reader import CassetteFile
from conformance.openapi import HTTP_METHODS, resolve


@dataclass(frozen=True)
class Exchange:
    """One request and its response, and where it came from (for a finding's "interaction")."""

    source: str  # "cassettes/customers-sandbox.yaml #3", "spec example 'Example'", "live"
    method: str
    target: str  # path and query, as sent: "/v1/customers?limit=1"
    status: int
    body: str
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    @property
    def query(self) -> list[tuple[str, str]]:
        return parse_qsl(urlsplit(self.target).query, keep_blank_values=True)

    @property
    def interaction(self) -> str:
        return f"{self.source}: {self.method} {self.target}"


def exchanges_of(cassette: CassetteFile) -> list[Exchange]:
    """Every interaction of a vcrpy cassette (the gate's or `conformance run`'s), as read by `cassette.reader`."""
    exchanges: list[Exchange] = []
    for index, interaction in enumerate(cassette.interactions):
        try:
            request, response = interaction["request"], interaction["response"]
            url = urlsplit(str(request["uri"]))
            body = (response.get("body") or {}).get("string") or ""
            exchanges.append(
                Exchange(
                    source=f"{cassette.path} #{index}",
                    method=str(request["method"]).upper(),
                    target=url.path + (f"?{url.query}" if url.query else ""),
                    status=int(response["status"]["code"]),
                    body=body.decode("utf-8", errors="replace") if isinstance(body, bytes) else str(body),
                    headers=headers_of(response),
                )
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            continue  # a malformed interaction is not a response to parse
    return exchanges


def headers_of(response: dict[str, Any]) -> dict[str, str]:
    """A recorded response's headers, each with its first value (vcrpy keeps a list per name)."""
    return {str(name): _first(value) for name, value in (response.get("headers") or {}).items()}


def _first(value: Any) -> str:
    return str(value[0]) if isinstance(value, list) and value else str(value)


def spec_examples(spec: dict[str, Any]) -> list[Exchange]:
    """Every JSON example of every 2xx response in the spec, as if the server had sent it."""
    exchanges: list[Exchange] = []
    for path, item in spec.get("paths", {}).items():
        for method in HTTP_METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            if not isinstance(operation, dict):
                continue
            for status, response in (operation.get("responses") or {}).items():
                if not str(status).startswith("2") or not str(status).isdigit():
                    continue
                for media, content in (resolve(spec, response).get("content") or {}).items():
                    if "json" not in media:
                        continue
                    for name, value in _examples(spec, content):
                        exchanges.append(
                            Exchange(f"spec example {name!r}", method.upper(), path, int(status), json.dumps(value))
                        )
    return exchanges


def _examples(spec: dict[str, Any], content: dict[str, Any]) -> list[tuple[str, Any]]:
    found = [(str(n), resolve(spec, e).get("value")) for n, e in (content.get("examples") or {}).items()]
    if "example" in content:
        found.append(("example", content["example"]))
    return [(name, value) for name, value in found if value is not None]
