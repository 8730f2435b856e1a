"""The Schemathesis-free response checks judge every response exactly as Schemathesis 4.32.5's own checks do.

Each case is one recorded response; each is judged twice, by `conformance.responses` and by Schemathesis through
`tests.schemathesis_reference.SchemathesisChecker` (its checks as a run calls them), check by check. Both must match the
same operation, agree on whether each check applied or crashed, and report the same problems in the same order
(check, title, message, severity). Judged through one log across many responses, both keep the same findings, which
pins the de-duplication keys. Below those: the prepared schemas, the routing, the patterns and every constant are
compared with Schemathesis' own.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import schemathesis
import schemathesis.config._checks as st_checks_config
import schemathesis.config._output as st_output_config
import schemathesis.core.deserialization as st_deserialization
import schemathesis.core.failures as st_failures
import schemathesis.core.jsonschema as st_jsonschema
import schemathesis.core.jsonschema.bundler as st_bundler
import schemathesis.core.jsonschema.patterns as st_patterns
import schemathesis.core.jsonschema.resolver as st_resolver
import schemathesis.core.media_types as st_media_types
import schemathesis.core.output as st_output
import schemathesis.openapi.checks  # registers the OpenAPI failure classes
import schemathesis.specs.openapi.converter as st_converter
import schemathesis.specs.openapi.serialization as st_serialization
from schemathesis.core.errors import LoaderError

import conformance.responses
from conformance.cassette.reader import read_cassette
from conformance.engine import exercise
from conformance.engine.log import ResultLog
from conformance.engine.offline import Recorded
from conformance.findings import classify, response_excerpt, with_received
from conformance.openapi import HTTP_METHODS, properties, resolve
from conformance.probes.prober import RESPONSE_ONLY_BUILTINS
from conformance.responses import (
    RESPONSE_CHECKS,
    InvalidSpec,
    NotPorted,
    Operations,
    Problem,
    RecordedResponse,
    bundling,
    conversion,
    deserialization,
    dialect,
    headers,
    media_types,
    pattern_classes,
    problems,
    references,
    rendering,
    statuses,
)
from conformance.responses.definitions import ResponseSet
from conformance.responses.dialect import dialect_for
from conformance.responses.patterns import enforced_pattern
from conformance.responses.schemas import SchemaCache
from conformance.result import Kind, RunInfo, SpecInfo
from conformance.spec import load_spec
from tests.schemathesis_reference import SchemathesisChecker
from tests.shared import SHARED, shared_path

ROOT = Path(__file__).parent.parent
CUSTOMERS = "customers.yaml"
# Official specs: nullable, allOf, oneOf and $ref throughout; loyalties-v2 is Open API 3.1 with discriminators.
OFFICIAL = ("customers.json", "vouchers.json", "loyalties-v2.json")
CASSETTES = tuple(sorted(path.name for path in (ROOT / "cassettes").glob("customers-*.yaml")))
BASE_URL = "http://api.test"
JSON = "application/json"
FORBIDDEN_IMPORTS = ("schemathesis", "hypothesis", "requests", "jsonschema")
RUN_INFO = RunInfo("test", 0, "2026-01-01T00:00:00Z", "test", SpecInfo("spec", "spec", "1", ""))


# ---------------------------------------------------------------------------------------------------- the specs


def _response(schema: Any, media_type: str = JSON, **extra: Any) -> dict[str, Any]:
    return {"description": "", "content": {media_type: {"schema": schema}}, **extra}


ITEM = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "name": {"type": "string", "minLength": 1},
        "nickname": {"type": "string", "nullable": True},
        "secret": {"type": "string", "writeOnly": True},
        "created": {"type": "string", "format": "date-time"},
        "tags": {"type": "array", "items": {"type": "string", "pattern": r"^\p{L}+$"}},
        "owner": {"$ref": "#/components/schemas/Owner", "nullable": True, "description": "dropped in 3.0"},
        "kind": {"type": "string", "enum": ["a", "b"]},
    },
}
PET = {
    "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
    "discriminator": {"propertyName": "pet_type"},
}
OPENAPI_30: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "shapes", "version": "1"},
    "paths": {
        "/items/{id}": {
            "get": {
                "operationId": "getItem",
                "responses": {
                    "200": _response({"$ref": "#/components/schemas/Item"}),
                    "2XX": _response({"type": "object", "required": ["accepted"]}),
                    "4xx": {"$ref": "#/components/responses/Error"},
                    "default": _response({"type": "object", "properties": {"code": {"type": "integer"}}}),
                },
            },
            "put": {"responses": {"200": _response(True), "204": {"description": "none"}}},
        },
        "/items/import": {"post": {"responses": {"201": _response({"type": "array"})}}},
        "/items": {"$ref": "#/components/pathItems/Items"},
        "/pets": {"get": {"responses": {"200": _response({"$ref": "#/components/schemas/Pet"})}}},
        "/conditional": {
            "get": {
                "responses": {
                    "200": _response(
                        {
                            "type": "object",
                            "if": {"properties": {"kind": {"enum": ["card"]}}},
                            "then": {"required": ["number"]},
                            "else": {"required": ["iban"]},
                        }
                    )
                }
            }
        },
        "/media": {
            "get": {
                "responses": {
                    "200": {
                        "description": "",
                        "content": {
                            "application/*": {"schema": {"type": "object"}},
                            "text/plain": {"schema": {"type": "string", "maxLength": 3}},
                            "application/x-yaml": {"schema": {"type": "object", "required": ["a"]}},
                        },
                    },
                    "201": {"description": "", "content": {"json": {"schema": {"type": "object"}}}},
                    "202": {"description": "", "content": {"application/json": {}}},
                    "203": _response({"$ref": "#/components/schemas/Missing"}),
                    "206": _response({"type": "object", "properties": {"n": {"type": "integre"}}}),
                }
            }
        },
        "/tree": {"get": {"responses": {"200": _response({"$ref": "#/components/schemas/Node"})}}},
        "/refs": {
            "get": {
                "responses": {
                    "200": _response(
                        {"type": "object", "properties": {"a": {"$ref": ""}, "b": {"$ref": "#named-anchor"}}}
                    ),
                    "201": _response({"$ref": "#/components/schemas/WithId"}),
                    "202": _response({"$ref": "#/info/title"}),
                    "203": _response({"$ref": "no-such-file.yaml#/Thing"}),
                    "204": _response({"$ref": "#/components/schemas/Percent%20Name"}),
                    "205": _response(
                        {"allOf": [{"$ref": "#/components/schemas/Owner"}, {"$ref": "#/components/schemas/Owner"}]}
                    ),
                    "206": {"$ref": "#/components/responses/Chained"},
                }
            }
        },
        "/dupe-a": {"get": {"operationId": "dupe", "responses": {"200": _response({"type": "string"})}}},
        "/dupe-b": {"get": {"operationId": "dupe", "responses": {"200": _response({"type": "integer"})}}},
        "/empty": {"get": {}},
        "/broken-response": {"get": {"responses": {"200": {"$ref": "#/components/responses/Missing"}}}},
    },
    "components": {
        "schemas": {
            "Item": ITEM,
            "Owner": {"type": "object", "required": ["email"], "properties": {"email": {"type": "string"}}},
            "Pet": PET,
            "Cat": {"type": "object", "properties": {"pet_type": {"type": "string"}, "lives": {"type": "integer"}}},
            "Dog": {"type": "object", "properties": {"pet_type": {"type": "string"}, "bark": {"type": "boolean"}}},
            "Error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {"code": {"type": "integer"}, "message": {"type": "string"}},
            },
            "Node": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                },
            },
            "Anchored": {"$anchor": "named-anchor", "type": "integer"},
            "WithId": {"$id": "https://example.com/with-id", "type": "object", "required": ["x"]},
            "Percent Name": {"type": "object", "required": ["p"]},
        },
        "responses": {
            "Error": _response({"$ref": "#/components/schemas/Error"}),
            "Chained": {"$ref": "#/components/responses/Error"},
        },
        "pathItems": {"Items": {"get": {"responses": {"200": _response({"type": "array", "items": ITEM})}}}},
    },
}
OPENAPI_31: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "shapes 3.1", "version": "1"},
    "paths": {
        "/things/{id}": {
            "get": {
                "responses": {
                    "200": _response(
                        {
                            "type": "object",
                            "required": ["id"],
                            "properties": {
                                "id": {"type": "string", "format": "uuid"},
                                "state": {"type": ["string", "null"], "enum": ["on", "off"]},
                                "size": {"type": "number", "minimum": 0, "exclusiveMinimum": True},
                                "period": {"type": "string", "format": "duration"},
                                "owner": {"$ref": "#/components/schemas/Owner", "description": "kept in 3.1"},
                                "const": {"const": "fixed"},
                                "more": {"type": "array", "items": {"type": "integer"}, "maxItems": 1},
                            },
                        }
                    )
                }
            }
        },
        "/owners": {
            "get": {
                "responses": {
                    "200": _response({"$ref": "#/components/schemas/Owner", "description": "merged in place"}),
                    "201": _response({"$ref": "#/components/schemas/Owner", "required": ["name"]}),
                    "202": _response({"$ref": "#/components/schemas/Owner", "nullable": True}),
                }
            }
        },
        # Tuples are rewritten to 3.1's `prefixItems` and back to `items: [...]`, which Draft 2020-12 refuses (sic).
        "/pairs": {
            "get": {
                "responses": {
                    "200": _response({"type": "array", "items": [{"type": "string"}, {"type": "integer"}]}),
                    "201": _response({"type": "array", "prefixItems": [{"type": "boolean"}]}),
                }
            }
        },
    },
    "components": {
        "schemas": {"Owner": {"type": "object", "required": ["email"], "properties": {"email": {"type": "string"}}}}
    },
}
HEADERS: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "headers", "version": "1"},
    "paths": {
        "/limited": {
            "get": {
                "responses": {
                    "200": {
                        "description": "",
                        "headers": {
                            "X-Rate-Limit": {"required": True, "schema": {"type": "integer", "minimum": 1}},
                            "X-Request-Id": {"required": True, "schema": {"type": "string", "format": "uuid"}},
                            "X-Flag": {"schema": {"type": "boolean"}},
                            "X-Ratio": {"schema": {"type": "number", "maximum": 1}},
                            "X-Trace": {"$ref": "#/components/headers/Trace"},
                            "X-Gone": {"$ref": "#/components/headers/Missing"},
                            "X-Point": {
                                "explode": True,
                                "schema": {"type": "object", "properties": {"x": {"type": "integer"}}},
                            },
                            "X-Ids": {"schema": {"type": "array", "items": {"type": "integer"}}},
                            "X-Maybe": {"schema": {"type": "integer", "nullable": True}},
                            "X-Count": {"schema": {"$ref": "#/components/schemas/Count"}},
                        },
                        "content": {JSON: {"schema": {"type": "object"}}},
                    },
                    "default": {"description": "", "headers": {"Retry-After": {"required": True}}},
                }
            }
        }
    },
    "components": {
        "headers": {"Trace": {"required": True, "schema": {"type": "string", "maxLength": 8}}},
        "schemas": {"Count": {"type": "integer", "maximum": 5}},
    },
}
INLINE = {"openapi-3.0": OPENAPI_30, "openapi-3.1": OPENAPI_31, "headers": HEADERS}


@cache
def raw_spec(name: str) -> dict[str, Any]:
    if name in INLINE:
        return INLINE[name]
    if name == CUSTOMERS:
        return load_spec(ROOT / "specs" / "voucherify" / CUSTOMERS).raw
    return json.loads(shared_path("voucherify", "openapi", name).read_text())


@cache
def schemathesis_checker(spec: str) -> SchemathesisChecker:
    return SchemathesisChecker(copy.deepcopy(raw_spec(spec)), BASE_URL)


@cache
def ported(spec: str) -> Operations:
    return Operations(copy.deepcopy(raw_spec(spec)), BASE_URL)


# ---------------------------------------------------------------------------------------------------- the cases


@dataclass(frozen=True)
class Case:
    """One response to one request, judged against one spec."""

    id: str
    spec: str
    method: str
    url: str
    status: int
    headers: dict[str, list[str]] = field(default_factory=dict)
    body: bytes = b""

    @property
    def recorded(self) -> Recorded:
        return Recorded(self.method, self.url, self.status, self.headers, self.body)


def case(
    name: str, spec: str, request: str, status: int, body: Any = b"", content_type: str | None = JSON, **headers: str
) -> Case:
    """`request` is "GET /path"; a body that is not bytes is sent as JSON."""
    method, _, path = request.partition(" ")
    sent = {header.replace("_", "-"): [value] for header, value in headers.items()}
    if content_type is not None:
        sent["Content-Type"] = [content_type]
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return Case(name, spec, method, BASE_URL + path, status, sent, data)


CUSTOMER_LIST = "GET /v1/customers"
GOOD_LIST = {"object": "list", "data_ref": "customers", "customers": [], "total": 0, "has_more": False}
ERROR = {"code": 400, "message": "Bad request", "key": "invalid"}
NAMED_CASES = [
    case("server-error-500", CUSTOMERS, CUSTOMER_LIST, 500, {"code": 500, "message": "boom"}),
    case("server-error-503-html", CUSTOMERS, CUSTOMER_LIST, 503, b"<html>down</html>", "text/html"),
    case("informational-102-is-a-server-error", CUSTOMERS, CUSTOMER_LIST, 102, b""),
    case("undocumented-status-with-json-error", CUSTOMERS, CUSTOMER_LIST, 418, ERROR),
    case("undocumented-status-without-body", CUSTOMERS, CUSTOMER_LIST, 418, b"", None),
    case("undocumented-status-with-text-body", CUSTOMERS, CUSTOMER_LIST, 409, b"conflict", "text/plain"),
    case("documented-status", CUSTOMERS, CUSTOMER_LIST, 200, GOOD_LIST),
    case("missing-content-type", CUSTOMERS, CUSTOMER_LIST, 200, GOOD_LIST, None),
    case("missing-content-type-invalid-body", CUSTOMERS, CUSTOMER_LIST, 200, {"object": 1}, None),
    case("wrong-content-type", CUSTOMERS, CUSTOMER_LIST, 200, GOOD_LIST, "text/html"),
    case("malformed-content-type", CUSTOMERS, CUSTOMER_LIST, 200, GOOD_LIST, "json"),
    case("malformed-content-type-with-parameters", CUSTOMERS, CUSTOMER_LIST, 200, GOOD_LIST, "json; charset=utf-8"),
    case("empty-content-type", CUSTOMERS, CUSTOMER_LIST, 200, GOOD_LIST, ""),
    case("json-with-charset", CUSTOMERS, CUSTOMER_LIST, 200, GOOD_LIST, "application/json; charset=utf-8"),
    case("json-upper-case", CUSTOMERS, CUSTOMER_LIST, 200, GOOD_LIST, "APPLICATION/JSON"),
    case("problem-json", CUSTOMERS, CUSTOMER_LIST, 200, GOOD_LIST, "application/problem+json"),
    case("any-content-type", CUSTOMERS, CUSTOMER_LIST, 200, GOOD_LIST, "*/*"),
    case(
        "wrong-type-deep-inside", CUSTOMERS, CUSTOMER_LIST, 200, {**GOOD_LIST, "customers": [{"address": {"city": 5}}]}
    ),
    case("missing-required-field", CUSTOMERS, CUSTOMER_LIST, 200, {"object": "list", "customers": []}),
    case("null-where-not-nullable", CUSTOMERS, CUSTOMER_LIST, 200, {**GOOD_LIST, "total": None}),
    case("null-where-nullable", CUSTOMERS, CUSTOMER_LIST, 200, {**GOOD_LIST, "customers": [{"birthdate": None}]}),
    case("whole-body-null", CUSTOMERS, CUSTOMER_LIST, 200, None),
    case("body-is-a-list", CUSTOMERS, CUSTOMER_LIST, 200, [GOOD_LIST]),
    case("long-value-is-shortened", CUSTOMERS, CUSTOMER_LIST, 200, {**GOOD_LIST, "total": "x" * 200}),
    case("long-list-is-truncated", CUSTOMERS, CUSTOMER_LIST, 200, {**GOOD_LIST, "customers": list(range(40))}),
    case("non-json-body-with-json-content-type", CUSTOMERS, CUSTOMER_LIST, 200, b"<html>oops</html>"),
    case("empty-body", CUSTOMERS, CUSTOMER_LIST, 200, b""),
    case("empty-body-without-content-type", CUSTOMERS, CUSTOMER_LIST, 200, b"", None),
    case("invalid-utf8-body", CUSTOMERS, CUSTOMER_LIST, 200, b"\xff\xfe{}"),
    case("lone-surrogate", CUSTOMERS, CUSTOMER_LIST, 200, b'{"object": "\\udcf3"}'),
    case("head-request-judged-as-get", CUSTOMERS, "HEAD /v1/customers", 200, b""),
    case("unknown-path", CUSTOMERS, "GET /v1/nothing", 200, GOOD_LIST),
    case("unknown-method", CUSTOMERS, "DELETE /v1/customers", 405, ERROR),
    case("query-method", CUSTOMERS, "QUERY /v1/customers", 405, ERROR),
    case("trailing-slash", CUSTOMERS, "GET /v1/customers/", 200, GOOD_LIST),
    case("doubled-slash", CUSTOMERS, "GET //v1//customers", 200, GOOD_LIST),
    case("leading-slashes", CUSTOMERS, "GET ///v1/customers", 200, GOOD_LIST),
    case("base-path-is-not-removed", CUSTOMERS, "GET /api/v1/customers", 200, GOOD_LIST),
    case("query-string-ignored", CUSTOMERS, "GET /v1/customers?limit=1&page=2", 200, GOOD_LIST),
    # Routing, response keys and schema conversion, on specs written for them.
    case("static-segment-wins", "openapi-3.0", "POST /items/import", 201, []),
    case("variable-segment-when-static-lacks-method", "openapi-3.0", "GET /items/import", 200, {"id": "x"}),
    case("percent-encoded-segment", "openapi-3.0", "GET /items/a%20b", 200, {"id": "x"}),
    case("path-item-ref", "openapi-3.0", "GET /items", 200, [{"id": "2b4f1e0c-9d7a-4a43-8d1e-5f9c2f1b7a10"}]),
    case("duplicate-operation-id-resolves-to-last", "openapi-3.0", "GET /dupe-a", 200, "text"),
    case("empty-operation", "openapi-3.0", "GET /empty", 200, {}),
    case("response-reference-to-nothing", "openapi-3.0", "GET /broken-response", 200, {}),
    case("exact-status-key", "openapi-3.0", "GET /items/1", 200, {"id": "not-a-uuid", "name": ""}),
    case("wildcard-status-key", "openapi-3.0", "GET /items/1", 202, {}),
    case("lowercase-wildcard-response-ref", "openapi-3.0", "GET /items/1", 404, {"code": "404"}),
    case("default-response", "openapi-3.0", "GET /items/1", 503, {"code": "x"}),
    case("write-only-property-present", "openapi-3.0", "GET /items/1", 200, {"id": "x", "name": "n", "secret": "s"}),
    case("nullable-property-null", "openapi-3.0", "GET /items/1", 200, {"id": "x", "name": "n", "nickname": None}),
    case("nullable-ref-null", "openapi-3.0", "GET /items/1", 200, {"id": "x", "name": "n", "owner": None}),
    case("nullable-ref-invalid", "openapi-3.0", "GET /items/1", 200, {"id": "x", "name": "n", "owner": {}}),
    case("enum-violation", "openapi-3.0", "GET /items/1", 200, {"id": "x", "name": "n", "kind": "c"}),
    case("date-time-format", "openapi-3.0", "GET /items/1", 200, {"id": "x", "name": "n", "created": "yesterday"}),
    case("unicode-pattern-translated", "openapi-3.0", "GET /items/1", 200, {"id": "x", "name": "n", "tags": ["a1"]}),
    case("boolean-schema", "openapi-3.0", "PUT /items/1", 200, {"anything": True}),
    case("documented-without-content", "openapi-3.0", "PUT /items/1", 204, {"unexpected": "body"}),
    case("discriminator-unknown-value", "openapi-3.0", "GET /pets", 200, {"pet_type": "Fish"}),
    case("discriminator-known-value", "openapi-3.0", "GET /pets", 200, {"pet_type": "Cat", "lives": "nine"}),
    case("if-then-else", "openapi-3.0", "GET /conditional", 200, {"kind": "card"}),
    case("documented-wildcard-media-type", "openapi-3.0", "GET /media", 200, [], "application/vnd.api+json"),
    case("text-plain-not-deserialized", "openapi-3.0", "GET /media", 200, b"too long", "text/plain"),
    case("yaml-body", "openapi-3.0", "GET /media", 200, b"b: on\n", "application/x-yaml"),
    case("invalid-yaml-body", "openapi-3.0", "GET /media", 200, b"a: [", "application/x-yaml"),
    case("undocumented-media-type", "openapi-3.0", "GET /media", 200, b"<a/>", "text/xml"),
    case("event-stream-against-wildcard", "openapi-3.0", "GET /media", 200, b"data: 1\n\n", "text/event-stream"),
    case("malformed-documented-media-type", "openapi-3.0", "GET /media", 201, {}),
    case("media-type-without-schema", "openapi-3.0", "GET /media", 202, "anything"),
    case("reference-to-missing-schema", "openapi-3.0", "GET /media", 203, "anything"),
    case("schema-the-validator-refuses", "openapi-3.0", "GET /media", 206, {}),
    case("recursive-schema", "openapi-3.0", "GET /tree", 200, {"children": [{"children": [{"name": 1}]}]}),
    case("empty-and-anchor-references", "openapi-3.0", "GET /refs", 200, {"a": None, "b": "one"}),
    case("referenced-schema-with-id", "openapi-3.0", "GET /refs", 201, {}),
    case("reference-to-a-non-schema", "openapi-3.0", "GET /refs", 202, {}),
    case("reference-to-a-missing-file", "openapi-3.0", "GET /refs", 203, {}),
    case("percent-encoded-reference", "openapi-3.0", "GET /refs", 204, {}),
    case("one-schema-referenced-twice", "openapi-3.0", "GET /refs", 205, {"email": 1}),
    case("chained-response-references", "openapi-3.0", "GET /refs", 206, {"code": "x"}),
    case("openapi-31-valid", "openapi-3.1", "GET /things/1", 200, {"id": "2b4f1e0c-9d7a-4a43-8d1e-5f9c2f1b7a10"}),
    case(
        "openapi-31-shapes",
        "openapi-3.1",
        "GET /things/1",
        200,
        {"id": "x", "state": "dim", "size": 0, "period": "P1X", "owner": {}, "more": [1, "a"]},
    ),
    case("openapi-31-legacy-tuple", "openapi-3.1", "GET /pairs", 200, [1, "a"]),
    case("openapi-31-root-reference-with-sibling", "openapi-3.1", "GET /owners", 200, {}),
    case("openapi-31-root-reference-sharing-a-keyword", "openapi-3.1", "GET /owners", 201, {}),
    case("openapi-31-nullable-is-not-a-keyword", "openapi-3.1", "GET /owners", 202, None),
    case("openapi-31-prefix-items", "openapi-3.1", "GET /pairs", 201, [1]),
    case("openapi-31-null-enum", "openapi-3.1", "GET /things/1", 200, {"id": "x", "state": None, "const": "f"}),
    # Response headers.
    case("required-headers-missing", "headers", "GET /limited", 200, {}),
    case("required-header-missing-others-valid", "headers", "GET /limited", 200, {}, X_Rate_Limit="10"),
    case(
        "headers-valid",
        "headers",
        "GET /limited",
        200,
        {},
        X_Rate_Limit="10",
        X_Request_Id="2b4f1e0c-9d7a-4a43-8d1e-5f9c2f1b7a10",
        X_Trace="abc",
        X_Flag="yes",
        X_Point="x=1",
        X_Ids="1,2",
        X_Maybe="null",
    ),
    case(
        "headers-invalid",
        "headers",
        "GET /limited",
        200,
        {},
        X_Rate_Limit="0",
        X_Request_Id="not-a-uuid",
        X_Trace="far-too-long",
        X_Flag="maybe",
        X_Ratio="1.5",
        X_Point="x=a",
        X_Ids="1,b",
        X_Maybe=" 5",
        X_Gone="whatever",
        X_Count="6",
    ),
    case("header-names-any-case", "headers", "GET /limited", 200, {}, x_rate_limit="abc", X_REQUEST_ID="1"),
    case("header-on-default-response", "headers", "GET /limited", 500, {}),
]


def _recorded(request: dict[str, Any], response: dict[str, Any]) -> Recorded:
    """An interaction as `conformance recheck` reads it: headers as lists, a text body as UTF-8."""
    body = (response.get("body") or {}).get("string") or b""
    return Recorded(
        method=str(request["method"]),
        url=str(request["uri"]),
        status=int(response["status"]["code"]),
        headers={k: v if isinstance(v, list) else [str(v)] for k, v in (response.get("headers") or {}).items()},
        body=body.encode() if isinstance(body, str) else body,
    )


def _cassette_cases() -> Iterator[Case]:
    """Every interaction of every committed customers cassette, against our spec and the official one."""
    for name in CASSETTES:
        interactions = read_cassette(ROOT / "cassettes" / name).interactions
        for index, interaction in enumerate(interactions):
            recorded = _recorded(interaction["request"], interaction["response"])
            path = urlsplit(recorded.url)
            url = BASE_URL + path.path + (f"?{path.query}" if path.query else "")
            for spec in (CUSTOMERS, "customers.json"):
                yield Case(
                    f"{name}-{index:03d}-{spec}",
                    spec,
                    recorded.method,
                    url,
                    recorded.status,
                    recorded.headers,
                    recorded.body,
                )


# --------------------------------------------------------------------------- synthetic responses for official specs

FORMAT_SAMPLES = {
    "date-time": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "time": "03:04:05",
    "uuid": "2b4f1e0c-9d7a-4a43-8d1e-5f9c2f1b7a10",
}
MAX_DEPTH = 5


def sample(spec: dict[str, Any], schema: Any, depth: int = 0) -> Any:
    """A plausible instance of `schema`: every property, the first variant, the first enum value."""
    schema = resolve(spec, schema)
    if not isinstance(schema, dict) or depth > MAX_DEPTH:
        return None
    if schema.get("enum"):
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    for keyword in ("oneOf", "anyOf"):
        variants = [v for v in schema.get(keyword, []) if resolve(spec, v) != {"type": "null"}]
        if variants and "properties" not in schema:
            return sample(spec, variants[0], depth + 1)
    kind = schema.get("type")
    kind = next((t for t in kind if t != "null"), "null") if isinstance(kind, list) else kind
    if kind == "object" or "properties" in schema or "allOf" in schema:
        return {name: sample(spec, sub, depth + 1) for name, sub in properties(spec, schema).items()}
    if kind == "array":
        return [sample(spec, schema.get("items", {}), depth + 1)]
    return {
        "string": FORMAT_SAMPLES.get(schema.get("format", ""), "text"),
        "integer": 1,
        "number": 1.5,
        "boolean": True,
    }.get(kind or "", None)


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path, value


def _replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    result = copy.deepcopy(value)
    target = result
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new
    return result


def mutations(body: Any) -> Iterator[tuple[str, Any]]:
    """The body as is, then broken: deepest string as a number, deepest leaf as null, every string an unknown
    value (enums, discriminators), the whole body in a list, first property dropped, first and last property null."""
    yield "as-sampled", body
    leaves = [(path, value) for path, value in _leaves(body) if path]
    strings = [path for path, value in leaves if isinstance(value, str)]
    if strings:
        deepest = max(strings, key=len)
        yield "deep-string-as-number", _replaced(body, deepest, 12345)
    if leaves:
        yield "deepest-leaf-null", _replaced(body, max((p for p, _ in leaves), key=len), None)
    if strings:
        yield "every-string-unknown", functools.reduce(lambda value, path: _replaced(value, path, "zzz"), strings, body)
    yield "wrapped-in-a-list", [body]
    if isinstance(body, dict) and body:
        first, last = next(iter(body)), list(body)[-1]
        yield "first-property-dropped", {k: v for k, v in body.items() if k != first}
        yield "first-property-null", {**body, first: None}
        yield "last-property-null", {**body, last: None}


MAX_STATUSES = {"loyalties-v2.json": 1}


def _official_cases() -> Iterator[Case]:
    for name in OFFICIAL:
        if not (SHARED / "voucherify" / "openapi" / name).exists():
            yield Case(f"{name}-missing", name, "GET", BASE_URL + "/", 200)
            continue
        spec = raw_spec(name)
        for path, item in spec["paths"].items():
            for method in (m for m in HTTP_METHODS if m in item):
                yield from _operation_cases(name, spec, method, path, item[method])


def _operation_cases(
    name: str, spec: dict[str, Any], method: str, path: str, operation: dict[str, Any]
) -> Iterator[Case]:
    concrete = re.sub(r"\{[^}]+\}", "x1", path)
    keys = list(operation.get("responses", {}))[: MAX_STATUSES.get(name, 99)]
    for key in keys:
        status = int(key) if key.isdigit() else 299
        response = resolve(spec, operation["responses"][key])
        schema = (response.get("content", {}).get(JSON) or {}).get("schema")
        if schema is None:
            yield case(
                f"{name}-{method}-{path}-{key}-no-schema", name, f"{method.upper()} {concrete}", status, {"a": 1}
            )
            continue
        for variant, body in mutations(sample(spec, schema)):
            yield case(f"{name}-{method}-{path}-{key}-{variant}", name, f"{method.upper()} {concrete}", status, body)


CASES = [*NAMED_CASES, *_cassette_cases(), *_official_cases()]


# ---------------------------------------------------------------------------------------------------- judging

Finding = tuple[str, str, str, str]  # (check, title, message, severity)


@dataclass(frozen=True)
class Outcome:
    """What one check made of one response: the operation it judged it under, whether it applied, what it found."""

    operation: str | None  # label; None: the spec has no operation for the request
    status: str  # "applied", "not applicable", "crashed", "no operation"
    findings: tuple[Finding, ...] = ()


def fresh_log(checker: SchemathesisChecker) -> ResultLog:
    """A new log for the checker; its Schemathesis schema, operations and compiled validators are kept."""
    log = ResultLog()
    checker.log = checker._exerciser.log = log
    return log


def schemathesis_outcome(checker: SchemathesisChecker, case: Case, check: str) -> Outcome:
    """Schemathesis' own check, through the offline checker the recheck uses today, on a log of its own."""
    log = fresh_log(checker)
    if checker.check(case.recorded, only={check}) is None:
        return Outcome(None, "no operation")
    label = checker._operations[(case.method.upper(), urlsplit(case.url).path)].label
    log.select(label, None)
    result = log.freeze(RUN_INFO, 0)
    if result.errors:
        return Outcome(label, "crashed")
    status = "applied" if check in result.operations[0].checked else "not applicable"
    return Outcome(label, status, tuple((f.check, f.title, f.message, f.severity) for f in result.findings))


def ported_problems(operations: Operations, case: Case, check: str) -> tuple[str | None, list[Problem] | None]:
    """(operation label, problems) from the port; raises where it crashes."""
    operation = operations.find(case.method, urlsplit(case.url).path)
    if operation is None:
        return None, None
    return operation.label, RESPONSE_CHECKS[check](operation, RecordedResponse(case.status, case.headers, case.body))


def ported_outcome(operations: Operations, case: Case, check: str) -> Outcome:
    """The port's verdict, its problems merged as the run's log merges findings: the first per (title, key)."""
    operation = operations.find(case.method, urlsplit(case.url).path)
    if operation is None:
        return Outcome(None, "no operation")
    try:
        _, problems = ported_problems(operations, case, check)
    except Exception:  # noqa: BLE001 - a crash is compared with Schemathesis' crash
        return Outcome(operation.label, "crashed")
    if problems is None:
        return Outcome(operation.label, "not applicable")
    kept: dict[tuple[str, str], Finding] = {}
    excerpt = response_excerpt(case.status, case.body)
    for p in problems:
        # A finding's message says what came back where the check's says only what was expected: as a run's does.
        message = with_received(p.message, case.status, excerpt)
        kept.setdefault((p.title, p.key), (p.check, p.title, message, p.severity))
    return Outcome(operation.label, "applied", tuple(kept.values()))


def _outcomes(judge: Callable[[Case, str], Outcome], case: Case) -> dict[str, Outcome] | str:
    try:
        return {check: judge(case, check) for check in RESPONSE_CHECKS}
    except Exception as exc:  # noqa: BLE001 - finding the operation crashed, in both or in one
        return f"lookup crashed: {type(exc).__name__}"


@pytest.fixture
def curl_lines_without_path_values(monkeypatch: pytest.MonkeyPatch) -> None:
    """The offline checker builds its case without path values, so writing a finding's curl line for a templated
    path raises, and the log keeps an error instead of the finding. The line is no part of a check's verdict."""
    monkeypatch.setattr(exercise, "curl_for", lambda *_args, **_kwargs: "")


@pytest.mark.usefixtures("curl_lines_without_path_values")
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_response_is_judged_as_schemathesis_judges_it(case: Case) -> None:
    expected = _outcomes(lambda c, check: schemathesis_outcome(schemathesis_checker(c.spec), c, check), case)
    actual = _outcomes(lambda c, check: ported_outcome(ported(c.spec), c, check), case)
    if isinstance(expected, str) or isinstance(actual, str):
        assert isinstance(actual, str) == isinstance(expected, str), (actual, expected)
        return
    for check in RESPONSE_CHECKS:
        assert actual[check] == expected[check], check


# ---------------------------------------------------------------------------------------------------- the surface


@pytest.mark.parametrize("check", RESPONSE_ONLY_BUILTINS)
def test_every_response_only_builtin_is_ported(check: str) -> None:
    assert check in RESPONSE_CHECKS


def test_the_public_names_are_exported() -> None:
    assert all(hasattr(conformance.responses, name) for name in conformance.responses.__all__)


def test_the_checks_are_schemathesis_own_in_its_order() -> None:
    from schemathesis.checks import CHECKS, load_all_checks

    load_all_checks()
    theirs = [check.__name__ for check in CHECKS.get_all() if check.__name__ in RESPONSE_CHECKS]
    assert list(RESPONSE_CHECKS) == theirs


@pytest.mark.parametrize("cassette", CASSETTES)
def test_every_interaction_of_each_committed_customers_cassette_is_a_case(cassette: str) -> None:
    interactions = read_cassette(ROOT / "cassettes" / cassette).interactions
    assert sum(c.id.startswith(f"{cassette}-") for c in CASES) == 2 * len(interactions)  # our spec, the official


@pytest.mark.parametrize("module", FORBIDDEN_IMPORTS)
def test_importing_the_checks_leaves_out(module: str) -> None:
    code = f"import sys, conformance.responses; print({module!r} in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "False", result.stderr


def test_a_lookup_is_cached_per_method_and_path() -> None:
    operations = ported(CUSTOMERS)
    assert operations.find("GET", "/v1/customers") is operations.find("get", "/v1/customers")


# ------------------------------------------------------------------------------------- across many responses


@pytest.mark.usefixtures("curl_lines_without_path_values")
@pytest.mark.parametrize("spec", sorted({c.spec for c in CASES}))
def test_findings_merge_across_responses_as_the_run_log_merges_them(spec: str) -> None:
    """Every case of one spec through one log: the port's de-duplication keys keep the same findings."""
    checker = SchemathesisChecker(copy.deepcopy(raw_spec(spec)), BASE_URL)
    cases = [c for c in CASES if c.spec == spec]
    for c in cases:
        with contextlib.suppress(Exception):  # a lookup that crashes crashes in both (see the test above)
            checker.check(c.recorded, only=set(RESPONSE_CHECKS))
    expected = [(f.kind, f.check, f.operation, f.title, f.message) for f in checker.log.freeze(RUN_INFO, 0).findings]
    kept: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for c in cases:
        for check in RESPONSE_CHECKS:
            try:
                label, problems = ported_problems(ported(spec), c, check)
            except Exception:  # noqa: BLE001 - crashes are compared case by case above
                continue
            for p in problems or []:
                kind = classify(p.check, c.status, c.body)
                key = str(c.status) if kind is Kind.SPEC_GAP else p.key
                kept.setdefault((kind, p.check, label, p.title, key), (kind, p.check, label, p.title, p.message))
    assert list(kept.values()) == expected


# ---------------------------------------------------------------------- schema conversion, routing, patterns


def _spec_files() -> list[str]:
    official = sorted(path.name for path in (SHARED / "voucherify" / "openapi").glob("*.json"))
    return [*official, "products.json (ours)", CUSTOMERS, *INLINE]


def _document(name: str) -> dict[str, Any]:
    if name == "products.json (ours)":
        return json.loads((ROOT / "specs" / "voucherify" / "products.json").read_text())
    return raw_spec(name)


@pytest.mark.parametrize("spec", _spec_files())
def test_every_documented_response_schema_is_prepared_as_schemathesis_prepares_it(spec: str) -> None:
    """Bundled and converted to the very same JSON Schema, key order included, with the same bundled names."""
    raw = _document(spec)
    schema = schemathesis.openapi.from_dict(copy.deepcopy(raw))
    cache = SchemaCache(raw, dialect_for(raw))
    compared = 0
    for result in schema.get_all_operations():
        if not hasattr(result, "ok"):
            continue  # an operation Schemathesis cannot build: its lookup fails in both (see the cases above)
        operation = result.ok()
        mine = ResponseSet.from_operation(resolve(raw, raw["paths"][operation.path])[operation.method], cache)
        for key, response in operation.responses.items():
            for media_type in response.definition.get("content", {}):
                expected = _prepared(_theirs, response, media_type)
                actual = _prepared(_ours, mine.definitions[key], media_type)
                assert actual == expected, f"{operation.label} {key} {media_type}"
                compared += 1
    assert compared


def _theirs(response: Any, media_type: str) -> tuple[Any, ...]:
    resolved = response.get_schema(media_type)
    return (resolved.media_type, resolved.schema, resolved.name_to_uri)


def _ours(definition: Any, media_type: str) -> tuple[Any, ...]:
    body = definition.body(media_type)
    return (body.media_type, *((body.schema.schema, body.schema.name_to_uri) if body.schema else (None, {})))


def _prepared(prepare: Callable[[Any, str], tuple[Any, ...]], response: Any, media_type: str) -> str:
    """The prepared schema as JSON text (key order counts), or "crashed"."""
    try:
        return json.dumps(prepare(response, media_type))
    except Exception:  # noqa: BLE001 - a crash is compared with a crash
        return "crashed"


ROUTING: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "routes", "version": "1"},
    "paths": {
        "/a/{x}": {"get": {"responses": {}}},
        "/a/static": {"post": {"responses": {}}},
        "/a/{x}/b": {"get": {"responses": {}}},
        "/a/{y}/b": {"put": {"responses": {}}},
        "/files/{name}.{ext}": {"get": {"responses": {}}},
        "/files/{name}": {"get": {"operationId": "file", "responses": {}}},
        "/files/readme.md": {"delete": {"responses": {}}},
        "/files/v{major}.{minor}-{tag}": {"get": {"responses": {}}},
        "/t/": {"get": {"responses": {}}},
        "/t": {"post": {"responses": {}}},
        "/h": {"get": {"responses": {}}, "head": {"responses": {}}},
        "/only-get": {"get": {"responses": {}}},
        "/w/{a}{b}": {"get": {"responses": {}}},
        "/angle/<b>": {"get": {"responses": {}}},
        "/dots/a.b+c(d)": {"get": {"responses": {}}},
        "x-extension": {"get": {"operationId": "file", "responses": {}}},
        "/q": {"query": {"responses": {}}},
        "/numbered": {"get": {"operationId": 7, "responses": {}}},
        "/enc/{id}": {"get": {"responses": {}}},
    },
}
REQUEST_METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "QUERY", "PATCH")
REQUEST_PATHS = (
    "/a/1",
    "/a/static",
    "/a/1/b",
    "/a//b",
    "/a/static/b",
    "/files/x.tar.gz",
    "/files/readme.md",
    "/files/readme",
    "/files/v1.2-rc",
    "/files/v1.2",
    "/t",
    "/t/",
    "/h",
    "/only-get",
    "/only-get/",
    "/w/ab",
    "/w/a",
    "/angle/x",
    "/angle/<b>",
    "/dots/a.b+c(d)",
    "/dots/aXb+c(d)",
    "/q",
    "/enc/a%2Fb",
    "/enc/%20",
    "/enc/",
    "//a/1",
    "/a/1//",
    "",
    "/",
    "x-extension",
    "/x-extension",
)


@pytest.mark.parametrize("spec", ["routing", *OFFICIAL])
def test_a_request_finds_the_operation_schemathesis_finds(spec: str) -> None:
    raw = ROUTING if spec == "routing" else raw_spec(spec)
    schema = schemathesis.openapi.from_dict(copy.deepcopy(raw))
    operations = Operations(copy.deepcopy(raw), BASE_URL)
    templates = [re.sub(r"\{[^}]+\}", "x1", path) for path in raw["paths"]]
    for path in (*REQUEST_PATHS, *templates):
        for method in REQUEST_METHODS:
            theirs = schema.find_operation_by_path(method, path)
            ours = operations.find(method, path)
            assert (ours and ours.label) == (theirs and theirs.label), f"{method} {path}"


@pytest.mark.parametrize(
    ("template", "error"),
    [("no/leading/slash", InvalidSpec), ("/a/<b", InvalidSpec), ("/typed/<int:b>", NotPorted)],
)
def test_a_path_werkzeug_cannot_route_makes_every_lookup_fail(template: str, error: type[Exception]) -> None:
    """Schemathesis' router refuses the whole spec too, except for a converter, which is not ported."""
    operations = Operations({"openapi": "3.0.3", "paths": {template: {"get": {"responses": {}}}}}, BASE_URL)
    with pytest.raises(error):
        operations.find("GET", "/anything")


PATTERNS = (
    r"^[a-z]+$",
    r"\p{L}+",
    r"[\p{L}\d]+",
    r"\pL\pN",
    r"[\P{L}]",
    r"[\P{Greek}]",
    r"\p{Greek}",
    r"\p{Unknown}",
    r"\A\d+\Z",
    r"(?P<year>\d{4})-(?<month>\d{2})",
    r"(?<=a)b",
    r"[[:alpha:]]+",
    r"[[:^alpha:]]",
    r"[[:nope:]]",
    r"[a&&b]",
    r"[a||b~~c]",
    r"a]b",
    r"[a[b]",
    r"\x{1F600}",
    r"\x{110000}",
    r"\x{zz}",
    r"(unclosed",
    r"a{2,1}",
    r"^lcdef_[a-f0-9]+$",
    "########",
    r"^[-+.() 0-9]",
    r"(?i)abc",
    r"\d{1000}",
)


@pytest.mark.parametrize("pattern", PATTERNS)
def test_a_pattern_is_kept_translated_or_dropped_as_schemathesis_does(pattern: str) -> None:
    assert enforced_pattern(pattern) == st_patterns.enforced_pattern(pattern)


# --------------------------------------------------------------------------- constants pinned to Schemathesis


def _failure_classes() -> dict[str, type]:
    found: dict[str, type] = {}
    pending: list[type] = [st_failures.Failure]
    while pending:
        cls = pending.pop()
        found.setdefault(cls.code, cls)  # type: ignore[attr-defined]
        pending.extend(cls.__subclasses__())
    return found


@pytest.mark.parametrize("kind", problems.KINDS, ids=[kind.code for kind in problems.KINDS])
def test_each_failure_kind_has_the_code_and_title_of_its_schemathesis_class(kind: problems.FailureKind) -> None:
    assert _failure_classes()[kind.code].kind_title == kind.title  # type: ignore[attr-defined]


CONSTANTS = {
    "conversion.IN_VALUE": (conversion.IN_VALUE, st_converter.IN_VALUE),
    "conversion.IN_ITEM": (conversion.IN_ITEM, st_converter.IN_ITEM),
    "conversion.IN_CHILD": (conversion.IN_CHILD, st_converter.IN_CHILD),
    "conversion.DRAFT_03": (conversion.DRAFT_03, st_jsonschema.DRAFT_03_DIALECT),
    "references.ROOT_URI": (references.ROOT_URI, st_resolver.IN_MEMORY_BASE_URI),
    "bundling.BUNDLE_KEY": (bundling.BUNDLE_KEY, st_bundler.BUNDLE_STORAGE_KEY),
    "rendering.MAX_WIDTH": (rendering.MAX_WIDTH, st_output_config.MAX_WIDTH),
    "rendering.TRUNCATED": (rendering.TRUNCATED, st_output.TRUNCATED),
    "statuses.NOT_A_SERVER_ERROR_EXPECTED": (
        list(statuses.NOT_A_SERVER_ERROR_EXPECTED),
        st_checks_config.NOT_A_SERVER_ERROR_EXPECTED_STATUSES,
    ),
    "media_types.YAML_MEDIA_TYPES": (media_types.YAML_MEDIA_TYPES, st_media_types.YAML_MEDIA_TYPES),
    "media_types.JSON_MEDIA_TYPES": (media_types.JSON_MEDIA_TYPES, st_media_types.JSON_MEDIA_TYPES),
    "headers.COLLECTION_FORMAT_DELIMITERS": (
        headers.COLLECTION_FORMAT_DELIMITERS,
        st_serialization.COLLECTION_FORMAT_DELIMITERS,
    ),
    "dialect.DRAFT4_SUPPLEMENTAL_FORMATS": (
        set(dialect.DRAFT4_SUPPLEMENTAL_FORMATS),
        set(st_jsonschema.DRAFT4_SUPPLEMENTAL_FORMATS),
    ),
    "deserialization.DESERIALIZERS": (
        [name for name, _ in deserialization.DESERIALIZERS],
        list(st_deserialization._DESERIALIZERS),
    ),
    "pattern_classes.UNICODE_PROPERTY_MAP": (pattern_classes.UNICODE_PROPERTY_MAP, st_patterns._UNICODE_PROPERTY_MAP),
    "pattern_classes.UNICODE_PROPERTY_RAW_MAP": (
        pattern_classes.UNICODE_PROPERTY_RAW_MAP,
        st_patterns._UNICODE_PROPERTY_RAW_MAP,
    ),
    "pattern_classes.POSIX_CLASS_RAW_MAP": (pattern_classes.POSIX_CLASS_RAW_MAP, st_patterns._POSIX_CLASS_RAW_MAP),
    "pattern_classes.UNICODE_SHORTHAND_RAW_MAP": (
        pattern_classes.UNICODE_SHORTHAND_RAW_MAP,
        st_patterns._UNICODE_SHORTHAND_RAW_MAP,
    ),
    "pattern_classes.PARTIAL_SCRIPT_CLASSES": (
        pattern_classes.PARTIAL_SCRIPT_CLASSES,
        st_patterns._PARTIAL_SCRIPT_CLASSES,
    ),
}


@pytest.mark.parametrize(("ours", "theirs"), list(CONSTANTS.values()), ids=list(CONSTANTS))
def test_each_constant_is_the_one_schemathesis_uses(ours: Any, theirs: Any) -> None:
    assert ours == theirs


@pytest.mark.parametrize(
    ("version", "draft"),
    [
        ("3.0.0", "Draft4Validator"),
        ("3.0.3", "Draft4Validator"),
        ("3.1.0", "Draft202012Validator"),
        ("3.1.1-rc1", "Draft202012Validator"),
        ("3.2.0", "Draft202012Validator"),
    ],
)
def test_the_openapi_version_picks_the_draft_schemathesis_picks(version: str, draft: str) -> None:
    schema = schemathesis.openapi.from_dict({"openapi": version, "info": {"title": "t", "version": "1"}, "paths": {}})
    assert schema.adapter.jsonschema_validator_cls.__name__ == draft
    assert dialect_for({"openapi": version}).validator_cls.__name__ == draft


@pytest.mark.parametrize("version", ["3.1", "3.10.0", "4.0.0", "weird", 3.1])
def test_a_version_schemathesis_does_not_load_is_refused(version: Any) -> None:
    with pytest.raises((LoaderError, TypeError)):
        schemathesis.openapi.from_dict({"openapi": version, "info": {"title": "t", "version": "1"}, "paths": {}})
    with pytest.raises(InvalidSpec):
        dialect_for({"openapi": version})


@pytest.mark.parametrize(
    ("document", "error"), [({"swagger": "2.0"}, NotPorted), ({"info": {}}, InvalidSpec)], ids=["swagger", "no-version"]
)
def test_what_is_not_open_api_3_is_refused(document: dict[str, Any], error: type[Exception]) -> None:
    """Swagger 2.0 is Schemathesis' but not ported; a document without a version Schemathesis refuses as well."""
    with pytest.raises(error):
        Operations(document, BASE_URL)
