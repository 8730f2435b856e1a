"""The spec-driven sandbox app: every GET list of one spec file, in its own style, over generated SQLite rows."""

from __future__ import annotations

import random
import re
from typing import Any
from urllib.parse import parse_qsl, unquote

from conformance.credentials import Credentials
from conformance.openapi import HTTP_METHODS, properties
from conformance.profile import ListProfile, classify_operations
from conformance.sandbox.app import ALLOW_HEADER, ALLOWED_METHODS
from conformance.sandbox.dataset import Dataset, GenerationError, generate, item_schema
from conformance.sandbox.errors import error
from conformance.sandbox.http import Request, Response
from conformance.sandbox.listing import SpecList, columns_for
from conformance.sandbox.query import InvalidQuery
from conformance.sandbox.validation import SpecValidator
from conformance.sandbox.validation_query import (
    check,
    check_deep,
    check_headers,
    deep_parameters,
    header_parameters,
    plain_parameters,
)

NOT_SERVED = "not served by the embedded sandbox"


def _pattern(path: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(path)) + "$")


class SpecApp:
    """Route, authenticate, check path values, answer; `served` and `not_served` say what it covers."""

    def __init__(self, spec: dict[str, Any], credentials: Credentials, seed: int) -> None:
        self.credentials = credentials
        self.dataset = Dataset()
        self.lists: dict[str, SpecList] = {}
        self.items: dict[str, tuple[str, str]] = {}  # single-item GET -> (its list, the path parameter)
        self.not_served: dict[str, str] = {}
        self._build(spec, seed)
        self.routes = sorted(
            [(_pattern(op.split(" ", 1)[1]), op) for op in [*self.lists, *self.items]],
            key=lambda route: (route[1].count("{"), route[1]),
        )
        self.served = frozenset([*self.lists, *self.items])
        self.spec = spec
        self.parameters = {op: plain_parameters(spec, op.split(" ", 1)[1]) for op in self.served}
        self.deep = {op: deep_parameters(spec, op.split(" ", 1)[1]) for op in self.served}
        self.deep_names = {op: {key.split("[", 1)[0] for key in keys} for op, keys in self.deep.items()}
        self.headers = {op: header_parameters(spec, op.split(" ", 1)[1]) for op in self.served}
        # A 405's Allow names what the spec documents for the path, served or not: it describes the API.
        self.allow = {path: _allow(item) for path, item in spec.get("paths", {}).items() if isinstance(item, dict)}

    def _build(self, spec: dict[str, Any], seed: int) -> None:
        checks = SpecValidator(spec)
        unique: set[str] = set()
        pending = {}
        for entry in classify_operations(spec):
            if entry.profile is not None:
                pending[entry.operation] = entry.profile
            elif entry.kind == "unclassified":
                self.not_served[entry.operation] = f"{NOT_SERVED}: the profile cannot classify it ({entry.reason})"
        # Parents before children, so that a child can check its path values against rows that exist.
        for operation in sorted(pending, key=lambda op: (len(pending[op].path_params), op)):
            profile = pending[operation]
            missing = [pp.name for pp in profile.path_params if pp.parent_operation not in self.lists]
            if missing:
                self.not_served[operation] = f"{NOT_SERVED}: no served list supplies {', '.join(missing)}"
                continue
            rng = random.Random(f"{seed}|{operation}")
            try:
                rows = generate(spec, profile, rng, unique, checks)
            except GenerationError as exc:
                self.not_served[operation] = f"{NOT_SERVED}: {exc}"
                continue
            # Items whose schema is a oneOf have no merged properties: their rows say which fields exist.
            item_fields = set(properties(spec, item_schema(spec, profile))).union(*rows)
            table = self.dataset.add(profile, rows, columns_for(profile, item_fields))
            self.lists[operation] = SpecList(profile, self.dataset, table, seed)
        self._single_items(spec)

    def _single_items(self, spec: dict[str, Any]) -> None:
        """The GET of one item wherever a served child list takes its id from a served parent list."""
        for path, path_item in spec.get("paths", {}).items():
            for method in HTTP_METHODS:
                operation = f"{method.upper()} {path}"
                if method not in path_item or operation in self.lists or operation in self.not_served:
                    continue
                parent, _, last = path.rpartition("/")
                if method == "get" and re.fullmatch(r"\{\w+\}", last) and f"GET {parent}" in self.lists:
                    self.items[operation] = (f"GET {parent}", last[1:-1])
                    continue
                kind = "a GET list" if method == "get" else "a GET operation"
                self.not_served[operation] = f"{NOT_SERVED}: not {kind}"

    def profile_for(self, path: str) -> ListProfile | None:
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
        if operation in self.items:
            return self._item(operation, values)
        for param in self.lists[operation].profile.path_params:
            parent = param.parent_operation or ""
            if values[param.name] not in self.dataset.values(parent, param.field or "id"):
                return error(404, "not_found", "Resource not found", f"No {param.name} {values[param.name]!r}.")
        try:
            return Response.json(200, self.lists[operation].respond(request.query))
        except InvalidQuery as exc:
            return error(400, "invalid_query_params", "Invalid query params", str(exc))

    def _check_parameters(self, operation: str, raw_query: str) -> None:
        given: dict[str, list[str]] = {}
        for name, value in parse_qsl(raw_query, keep_blank_values=True):
            given.setdefault(name, []).append(value)
        for name, schema in self.parameters[operation].items():
            if name in given:
                check(name, given[name], schema, self.spec)
        deep = {
            name: values
            for name, values in given.items()
            if "[" in name and name.split("[", 1)[0] in self.deep_names[operation]
        }
        if deep:
            check_deep(deep, self.deep[operation], self.spec)

    def _item(self, operation: str, values: dict[str, str]) -> Response:
        parent, name = self.items[operation]
        found = self.dataset.item(parent, values[name])
        if found is None:
            return error(404, "not_found", "Resource not found", f"No {name} {values[name]!r}.")
        return Response.json(200, found)


def _allow(path_item: dict[str, Any]) -> str:
    methods = [method.upper() for method in HTTP_METHODS if method in path_item]
    if "GET" in methods and "HEAD" not in methods:
        methods.insert(methods.index("GET") + 1, "HEAD")
    return ", ".join(methods)
