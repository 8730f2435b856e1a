"""The spec-driven sandbox app: every GET list of one spec file, in its own style, over generated SQLite rows."""

from __future__ import annotations

import functools
import random
import re
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from conformance.credentials import Credentials
from conformance.openapi import HTTP_METHODS, properties
from conformance.sandbox.dataset import Dataset, GenerationError, body_fields, generate, item_schema
from conformance.sandbox.documents import Documents
from conformance.sandbox.errors import InvalidQuery, error
from conformance.sandbox.http import Request, Response
from conformance.sandbox.listing import SpecList, columns_for
from conformance.sandbox.shape import ListShape
from conformance.sandbox.shape_reading import read_shape
from conformance.sandbox.sources import Source, Sources
from conformance.sandbox.validation import SpecValidator
from conformance.sandbox.validation_query import (
    admits_null,
    check,
    check_deep,
    check_headers,
    deep_parameters,
    header_parameters,
    plain_parameters,
    without_nulls,
)

NOT_SERVED = "not served by the embedded sandbox"
ALLOWED_METHODS = ("GET", "HEAD")
ALLOW_HEADER = ", ".join(ALLOWED_METHODS)


def _pattern(path: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(path)) + "$")


class SpecApp:
    """Route, authenticate, check path values, answer; `served` and `not_served` say what it covers."""

    def __init__(self, spec: dict[str, Any], credentials: Credentials, seed: int) -> None:
        self.credentials = credentials
        self.spec = spec
        self.dataset = Dataset()
        self.lists: dict[str, SpecList] = {}
        self.items: dict[str, Documents] = {}  # GET operations that answer one object
        self.sources = Sources(spec, self.dataset)
        self.path_sources: dict[str, dict[str, Source]] = {}  # operation -> path parameter -> where its values are
        self.not_served: dict[str, str] = {}
        # The spec's paths start where its server URL's path ends (`https://api.voucherify.io/v1` + `/customers`).
        self.base_path = base_path(spec)
        self._build(spec, seed)
        self.routes = sorted(
            [(_pattern(self.base_path + op.split(" ", 1)[1]), op) for op in [*self.lists, *self.items]],
            key=lambda route: (route[1].count("{"), route[1]),
        )
        self.served = frozenset([*self.lists, *self.items])
        self.spec = spec
        self.parameters = {op: plain_parameters(spec, op.split(" ", 1)[1]) for op in self.served}
        self.nullable = {
            op: {name for name, schema in parameters.items() if admits_null(spec, schema)}
            for op, parameters in self.parameters.items()
        }
        self.deep = {op: deep_parameters(spec, op.split(" ", 1)[1]) for op in self.served}
        self.deep_names = {op: keys.names for op, keys in self.deep.items()}
        self.headers = {op: header_parameters(spec, op.split(" ", 1)[1]) for op in self.served}
        # A 405's Allow names what the spec documents for the path, served or not: it describes the API.
        self.allow = {path: _allow(item) for path, item in spec.get("paths", {}).items() if isinstance(item, dict)}

    def _build(self, spec: dict[str, Any], seed: int) -> None:
        checks = SpecValidator(spec)
        unique: set[str] = set()
        pending: dict[str, ListShape | None] = {}
        for path, path_item in spec.get("paths", {}).items():
            if not isinstance(path_item, dict) or not isinstance(path_item.get("get"), dict):
                continue
            shape = read_shape(spec, path)
            if isinstance(shape, str):
                self.not_served[f"GET {path}"] = f"{NOT_SERVED}: it is a list the sandbox cannot page ({shape})"
            else:
                pending[f"GET {path}"] = shape
        # Lists first, parents before children, until no more path values can be found.
        waiting = sorted(pending, key=lambda op: (pending[op] is None, op.count("{"), op))
        while waiting:
            unserved = [op for op in waiting if not self._serve(spec, op, pending[op], seed, unique, checks)]
            if len(unserved) == len(waiting):
                break
            waiting = unserved
        for operation in waiting:
            missing = [name for name in _names(operation) if self._source(operation, name) is None]
            self.not_served[operation] = f"{NOT_SERVED}: no served list supplies {', '.join(missing)}"
        for path, path_item in spec.get("paths", {}).items():
            for method in HTTP_METHODS:
                if method != "get" and method in path_item:
                    self.not_served[f"{method.upper()} {path}"] = f"{NOT_SERVED}: not a GET operation"

    def _source(self, operation: str, name: str) -> Source | None:
        path = operation.split(" ", 1)[1]
        # A value an enclosing served list takes (`{campaignId}` of `/v1/promotions/{campaignId}/stacks`) comes
        # from where that list's comes from.
        for other in self.lists:
            if name in self.path_sources.get(other, {}) and path.startswith(other.split(" ", 1)[1] + "/"):
                return self.path_sources[other][name]
        return self.sources.find(path, name, self.lists)

    def _serve(
        self,
        spec: dict[str, Any],
        operation: str,
        profile: ListShape | None,
        seed: int,
        unique: set[str],
        checks: SpecValidator,
    ) -> bool:
        """Serve `operation` if every path value has a source; False to try again once more lists are served."""
        found = {name: self._source(operation, name) for name in _names(operation)}
        if any(source is None for source in found.values()):
            return False
        self.path_sources[operation] = {name: source for name, source in found.items() if source}
        try:
            if profile is None:
                self.items[operation] = Documents(spec, operation, checks, seed)
                self.sources.objects[operation] = functools.partial(self._objects, operation)
                return True
            rows = generate(spec, profile, random.Random(f"{seed}|{operation}"), unique, checks)
        except GenerationError as exc:
            self.not_served[operation] = f"{NOT_SERVED}: {exc}"
            return True
        # Items whose schema is a oneOf have no merged properties: their rows say which fields exist.
        item_fields = set(properties(spec, item_schema(spec, profile))).union(*rows)
        table = self.dataset.add(profile, rows, columns_for(profile, item_fields))
        fields = body_fields(spec, profile, random.Random(f"{seed}|{operation}|body"))
        self.lists[operation] = SpecList(profile, self.dataset, table, seed, fields)
        return True

    def concrete_path(self, operation: str) -> str:
        """The operation's path with, for each path parameter, the first value (in sort order) it accepts."""
        path = operation.split(" ", 1)[1]
        for name, source in self.path_sources.get(operation, {}).items():
            # The most likely source's values first: another source's may name an object the others lack.
            values = self.sources.values(replace(source, others=())) or self.sources.values(source)
            path = path.replace("{" + name + "}", quote(min(values), safe=""))
        return path

    def profile_for(self, path: str) -> ListShape | None:
        """The profile of the list served at a concrete path, for faults that need it."""
        operation = self._route(path)
        return self.lists[operation[0]].profile if operation and operation[0] in self.lists else None

    def _route(self, path: str) -> tuple[str, dict[str, str]] | None:
        for pattern, operation in self.routes:
            if match := pattern.match(path):
                return operation, {name: unquote(value) for name, value in match.groupdict().items()}
        return None

    def __call__(self, request: Request) -> Response:
        routed = self._route(request.path)
        if routed is None:
            return error(404, "not_found", "Resource not found", f"No route for {request.path}.")
        if request.method not in ALLOWED_METHODS:
            allow = self.allow.get(routed[0].split(" ", 1)[1], ALLOW_HEADER)
            details = f"{request.method} is not supported by this endpoint; it supports {allow}."
            return error(405, "method_not_allowed", "HTTP Method Not Allowed", details, {"Allow": allow})
        if not self.credentials.accepts(request.headers):
            return error(401, "unauthorized", "Unauthorized", "Send valid X-App-Id and X-App-Token headers.")
        operation, values = routed
        try:
            check_headers(request.headers, self.headers[operation], self.spec)
            self._check_parameters(operation, request.query)
        except InvalidQuery as exc:
            return error(400, "invalid_request", "Invalid request", str(exc))
        for name, source in self.path_sources[operation].items():
            if values[name] not in self.sources.values(source):
                return error(404, "not_found", "Resource not found", f"No {name} {values[name]!r}.")
        if operation in self.items:
            return self._item(operation, values)
        query = request.query
        if "null" in query:
            query = without_nulls(query, self.nullable[operation], self.spec, self.parameters[operation])
        try:
            return Response.json(200, self.lists[operation].respond(query))
        except InvalidQuery as exc:
            return error(400, exc.key, "Invalid query params", str(exc))

    def _check_parameters(self, operation: str, raw_query: str) -> None:
        given: dict[str, list[str]] = {}
        for name, value in parse_qsl(raw_query, keep_blank_values=True):
            given.setdefault(name, []).append(value)
        for name, schema in self.parameters[operation].items():
            if name in given:
                check(name, given[name], schema, self.spec)
        deep = {name: values for name, values in given.items() if name.split("[", 1)[0] in self.deep_names[operation]}
        if deep:
            check_deep(deep, self.deep[operation], self.spec)

    def _objects(self, operation: str) -> list[dict[str, Any]]:
        """Every object a single-object GET answers, one per value of its last path parameter."""
        names = _names(operation)
        if not names:
            return [self._answer(operation, {})]
        source = self.path_sources[operation][names[-1]]
        # The other path values do not change the object (see Documents.generated): any accepted one will do.
        fixed = {name: min(self.sources.values(self.path_sources[operation][name])) for name in names[:-1]}
        return [self._answer(operation, {**fixed, names[-1]: v}) for v in sorted(self.sources.values(source))]

    def _item(self, operation: str, values: dict[str, str]) -> Response:
        return Response.json(200, self._answer(operation, values))

    def _answer(self, operation: str, values: dict[str, str]) -> dict[str, Any]:
        found, key = None, None
        if values:
            name, value = list(values.items())[-1]
            source = self.path_sources[operation][name]
            key = source.path[-1] if len(source.path) == 1 else None
            found = self.dataset.item(source.operation, key, value) if key else None
        return self.items[operation].answer(found, values, key)


def base_path(spec: dict[str, Any]) -> str:
    """The path of the spec's first server URL, its variables at their defaults (`/v1`, or `` for a bare host)."""
    servers = spec.get("servers")
    server = servers[0] if isinstance(servers, list) and servers and isinstance(servers[0], dict) else {}
    url = str(server.get("url", ""))
    for name, variable in (server.get("variables") or {}).items():
        if isinstance(variable, dict):
            url = url.replace("{" + str(name) + "}", str(variable.get("default", "")))
    return urlsplit(url).path.rstrip("/")


def _names(operation: str) -> list[str]:
    return re.findall(r"\{(\w+)\}", operation)


def _allow(path_item: dict[str, Any]) -> str:
    methods = [method.upper() for method in HTTP_METHODS if method in path_item]
    if "GET" in methods and "HEAD" not in methods:
        methods.insert(methods.index("GET") + 1, "HEAD")
    return ", ".join(methods)
