"""The spec's operations, found from a concrete request as Schemathesis 4.32.5's `find_operation_by_path` finds them.

The request path is matched against the path templates as written: like Schemathesis, the base URL's path is not
removed first, so with a base path (`http://host/api`) no request matches. Each rule stands for an operationId
when the operation has one, and an operationId names the *last* operation declaring it (sic), so duplicated ids
resolve to the last of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from conformance.openapi import HTTP_METHODS
from conformance.responses.definitions import ResponseSet
from conformance.responses.dialect import Dialect, dialect_for
from conformance.responses.documents import with_text_keys
from conformance.responses.errors import InvalidSpec
from conformance.responses.references import Unresolvable, resolve
from conformance.responses.routing import Router
from conformance.responses.schemas import SchemaCache

# Schemathesis' methods: OpenAPI's and `query` (OpenAPI 3.2).
METHODS = (*HTTP_METHODS, "query")
# What a route stands for: ("id", operationId) or ("reference", "#/paths/~1v1~1customers/get").
Endpoint = tuple[str, Any]


@dataclass
class Operation:
    """One operation of the spec: `label` is Schemathesis' (`GET /v1/customers`)."""

    method: str  # as the spec's key: lower case
    path: str  # the template
    definition: dict[str, Any]
    cache: SchemaCache = field(repr=False)
    _responses: ResponseSet | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def responses(self) -> ResponseSet:
        if self._responses is None:
            self._responses = ResponseSet.from_operation(self.definition, self.cache)
        return self._responses


@dataclass(frozen=True)
class _Entry:
    path: str
    method: str
    definition: Any


class Operations:
    """The operations of one OpenAPI 3 document, looked up by method and concrete path (cached per pair)."""

    def __init__(self, raw_spec: dict[str, Any], base_url: str) -> None:
        self.raw = with_text_keys(raw_spec)
        self.base_url = base_url  # recorded for reports; not used to match (see the module's docstring)
        self.dialect: Dialect = dialect_for(self.raw)
        self._cache = SchemaCache(self.raw, self.dialect)
        self._router: Router[Endpoint] | None = None
        self._by_id: dict[Any, _Entry] = {}
        self._by_reference: dict[str, _Entry] = {}
        self._by_endpoint: dict[Endpoint, _Entry] = {}
        self._operations: dict[tuple[str, str], Operation] = {}
        self._found: dict[tuple[str, str], Operation | None] = {}

    def find(self, method: str, path: str) -> Operation | None:
        """The operation a request (`GET`, `/v1/customers/cust_1/activity`) was sent to, or None."""
        where = (method.upper(), path)
        if where not in self._found:
            endpoint = self._routes().match(*where)
            self._found[where] = None if endpoint is None else self._operation(endpoint)
        return self._found[where]

    def _routes(self) -> Router[Endpoint]:
        # Built on the first lookup, as Schemathesis builds its router and tables lazily (their errors too).
        if self._router is None:
            router: Router[Endpoint] = Router()
            for entry in _routed(self.raw, self.raw.get("paths")):
                if not isinstance(entry.definition, dict):
                    raise InvalidSpec(f"Operation `{entry.method} {entry.path}` must be an object")
                operation_id = entry.definition.get("operationId")
                endpoint = ("id", operation_id) if operation_id else ("reference", _reference(entry.path, entry.method))
                router.add(entry.path, entry.method, endpoint)
                self._by_endpoint.setdefault(endpoint, entry)
            self._by_id, self._by_reference = _tables(self.raw, self.raw.get("paths"))
            self._router = router
        return self._router

    def _operation(self, endpoint: Endpoint) -> Operation:
        kind, value = endpoint
        if kind == "id":
            entry = self._by_id[value]
        else:
            # An empty operation object is routed but left out of the tables; Schemathesis then resolves it alone.
            entry = self._by_reference.get(value) or self._by_endpoint[endpoint]
        key = (entry.path, entry.method)
        if key not in self._operations:
            operation = Operation(entry.method, entry.path, entry.definition, self._cache)
            # Built now, as Schemathesis builds them with the operation: a broken `responses` fails the lookup.
            _ = operation.responses
            self._operations[key] = operation
        return self._operations[key]


def _reference(path: str, method: str) -> str:
    return f"#/paths/{path.replace('~', '~0').replace('/', '~1')}/{method}"


def _path_item(raw: dict[str, Any], item: Any) -> Any:
    if isinstance(item, dict) and "$ref" in item:
        return resolve(raw, item["$ref"])[1]
    return item


def _routed(raw: dict[str, Any], paths: Any) -> list[_Entry]:
    """The routed operations, in the spec's order: extension keys and broken path items left out."""
    routed: list[_Entry] = []
    for path, item in (paths or {}).items():
        if isinstance(path, str) and path.startswith("x-"):
            continue
        try:
            resolved = _path_item(raw, item)
        except Unresolvable:
            continue
        if isinstance(resolved, dict):
            routed.extend(
                _Entry(path, method, definition) for method, definition in resolved.items() if method in METHODS
            )
    return routed


def _tables(raw: dict[str, Any], paths: Any) -> tuple[dict[Any, _Entry], dict[str, _Entry]]:
    """Operations by operationId (the last declaring one wins) and by reference, as Schemathesis' lookup builds them."""
    by_id: dict[Any, _Entry] = {}
    by_reference: dict[str, _Entry] = {}
    for path, item in (paths or {}).items():
        if not isinstance(item, dict):
            continue
        try:
            resolved = _path_item(raw, item)
        except Unresolvable as exc:
            # Unlike routing, Schemathesis' lookup tables do not survive a broken path item: every lookup crashes.
            raise InvalidSpec(f"Path item `{path}` references nothing: `{exc.reference}`") from None
        if not isinstance(resolved, dict):
            continue
        for method, definition in resolved.items():
            if method not in METHODS or not isinstance(definition, dict) or not definition:
                continue
            entry = _Entry(path, method, definition)
            if definition.get("operationId") is not None:
                by_id[definition["operationId"]] = entry
            by_reference[_reference(path, method)] = entry
    return by_id, by_reference
