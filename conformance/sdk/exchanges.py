"""Responses to parse: read from vcrpy cassettes, taken from the spec's examples, or written to a cassette."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import yaml

from conformance.cassette.scrub import OWN as OWN_CREDENTIAL
from conformance.cassette.scrub import scrub_response, scrub_url
from conformance.credentials import SECRET_HEADERS
from conformance.errors import UsageError
from conformance.openapi import HTTP_METHODS, resolve
from conformance.timestamps import parse_iso8601

REPLAY_ORIGIN = "http://sdk.replay"  # the recorded target is not needed to replay: only path and query match
# libyaml's loader reads a 250-interaction cassette in a fraction of a second; the pure-Python one takes seconds.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
META_KEY = "conformance"


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
    def key(self) -> tuple[str, str, tuple[tuple[str, str], ...]]:
        """What replay matches on: method, path and the query's pairs in any order, each date-time as its instant
        (an SDK that sends `Z` where the recorded one sent `+0000` asks the same question), and secret-looking
        values as the cassette holds them (scrubbed)."""
        scrubbed = urlsplit(scrub_url(f"{REPLAY_ORIGIN}{self.target}"))
        pairs = parse_qsl(scrubbed.query, keep_blank_values=True)
        return (self.method.upper(), scrubbed.path, tuple(sorted((name, _instant(value)) for name, value in pairs)))

    @property
    def interaction(self) -> str:
        return f"{self.source}: {self.method} {self.target}"


def _instant(value: str) -> str:
    """A date-time query value as its instant in UTC microseconds; any other value as it is."""
    micros = parse_iso8601(value) if "T" in value.upper() else None
    return value if micros is None else f"instant:{micros}"


def read_cassette(path: Path) -> list[Exchange]:
    """Every interaction of a vcrpy cassette (ours or `conformance run`'s), or a one-line UsageError."""
    return load_cassette(path)[0]


def load_cassette(path: Path) -> tuple[list[Exchange], dict[str, Any]]:
    """A cassette's interactions and its conformance header ({} when it has none), or a one-line UsageError."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
        interactions = data["interactions"]
        meta = (data.get("metadata") or {}).get(META_KEY)
    except FileNotFoundError:
        raise UsageError(f"Cassette {path} does not exist; record it first with --cassette against a target.") from None
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
        raise UsageError(f"Cannot read cassette {path}: {type(exc).__name__}; expected a vcrpy YAML file.") from None
    exchanges: list[Exchange] = []
    for index, interaction in enumerate(interactions if isinstance(interactions, list) else []):
        try:
            request, response = interaction["request"], interaction["response"]
            url = urlsplit(str(request["uri"]))
            body = (response.get("body") or {}).get("string") or ""
            headers = {str(k): _first(v) for k, v in (response.get("headers") or {}).items()}
            exchanges.append(
                Exchange(
                    source=f"{path} #{index}",
                    method=str(request["method"]).upper(),
                    target=url.path + (f"?{url.query}" if url.query else ""),
                    status=int(response["status"]["code"]),
                    body=body.decode("utf-8", errors="replace") if isinstance(body, bytes) else str(body),
                    headers=headers,
                )
            )
        except (KeyError, TypeError, ValueError):
            continue  # a malformed interaction is not a response to parse
    return exchanges, meta if isinstance(meta, dict) else {}


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


def write_cassette(path: Path, exchanges: list[Exchange], header: dict[str, Any]) -> None:
    """A vcrpy-format cassette of what the SDK sent and received, scrubbed as `conformance run`'s cassettes are
    (`cassette.scrub`): credentials replaced by a marker, no cookies, no secret-looking query or body value.

    Answers that repeat (the same list asked in two ways) are written once and referred to by a YAML alias: stock
    YAML, which vcrpy and our reader load as the same answer twice."""
    answers: dict[tuple[int, str, tuple[tuple[str, str], ...]], dict[str, Any]] = {}
    interactions = []
    for exchange in exchanges:
        headers = tuple((k, v) for k, v in exchange.headers.items() if k.lower() not in SECRET_HEADERS)
        key = (exchange.status, exchange.body, headers)
        if key not in answers:
            answers[key] = scrub_response(
                {
                    "body": {"string": exchange.body},
                    "headers": {k: [v] for k, v in headers},
                    "status": {"code": exchange.status, "message": ""},
                }
            )
        request = {
            "body": None,
            "headers": {name: [OWN_CREDENTIAL] for name in ("X-App-Id", "X-App-Token")},
            "method": exchange.method,
            "uri": scrub_url(f"{REPLAY_ORIGIN}{exchange.target}"),
        }
        interactions.append({"request": request, "response": answers[key]})
    document = {"interactions": interactions, "metadata": {META_KEY: header}, "version": 1}
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(document, Dumper=_DUMPER, sort_keys=False, allow_unicode=True)
    comment = "# Cassette recorded by conformance sdk: what the SDK sent and received. Replay: --cassette " + str(path)
    path.write_text(comment + "\n" + text, encoding="utf-8")
