"""An operation's documented responses: which definition a status falls under, and what it documents for a body
and for headers (Schemathesis 4.32.5's `OpenApiResponses` and `OpenApiResponse`, Open API 3 flavour)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from conformance.responses import media_types, statuses
from conformance.responses.dialect import HEADER_REQUIRED
from conformance.responses.errors import InvalidSpec, NotPorted
from conformance.responses.references import Unresolvable, resolve_object
from conformance.responses.schemas import PreparedSchema, SchemaCache

_NO_MEDIA_TYPE = ""


@dataclass(frozen=True)
class DocumentedBody:
    """The schema a response documents for one media type, and that media type."""

    media_type: str | None
    schema: PreparedSchema | None  # None: nothing documented, or a reference to nothing


@dataclass(frozen=True)
class DocumentedHeader:
    """One header a response documents; `resolvable` is False when its definition references nothing."""

    name: str
    definition: dict[str, Any]
    resolvable: bool = True

    @property
    def required(self) -> bool:
        return bool(self.definition.get(HEADER_REQUIRED, False))

    @property
    def explode(self) -> bool:
        return bool(self.definition.get("explode", False))


@dataclass
class ResponseDefinition:
    """One entry of an operation's `responses`, its `$ref` followed."""

    key: str  # "200", "2XX" or "default"
    definition: dict[str, Any]
    cache: SchemaCache
    _bodies: dict[str, DocumentedBody] = field(default_factory=dict)
    _headers: list[DocumentedHeader] | None = None

    @property
    def documented_media_types(self) -> list[str]:
        """The documented media types, as written (Schemathesis' `get_content_types`)."""
        return list(self.definition.get("content", {}).keys())

    def body(self, content_type: str | None) -> DocumentedBody:
        """What this response documents for a body received with `content_type` (the header's whole value)."""
        media_type = _documented_media_type(self.definition, content_type)
        key = _NO_MEDIA_TYPE if media_type is None else media_type
        if key not in self._bodies:
            self._bodies[key] = DocumentedBody(media_type, self._schema_for(media_type))
        return self._bodies[key]

    def _schema_for(self, media_type: str | None) -> PreparedSchema | None:
        content = self.definition.get("content")
        entry = content.get(media_type) if media_type is not None and isinstance(content, dict) else None
        if not isinstance(entry, dict):
            return None
        if media_types.is_sse(media_type or ""):
            if entry.get("schema") is not None or entry.get("itemSchema") is not None:
                raise NotPorted(f"Validating event streams (`{media_type}`) is not ported; Schemathesis does.")
            return None
        schema = entry.get("schema")
        if schema is None:
            return None
        try:
            return self.cache.prepare(schema)
        except Unresolvable:
            # A schema naming a missing component leaves this response unvalidatable, and only this one.
            return None

    @property
    def headers(self) -> list[DocumentedHeader]:
        if self._headers is None:
            self._headers = [self._header(name, header) for name, header in self.definition.get("headers", {}).items()]
        return self._headers

    def _header(self, name: str, header: Any) -> DocumentedHeader:
        try:
            return DocumentedHeader(name, resolve_object(self.cache.document, header, f"Header `{name}`"))
        except Unresolvable:
            # The header's own definition is missing: not required, nothing to validate.
            return DocumentedHeader(name, {}, resolvable=False)

    def header_schema(self, header: DocumentedHeader) -> PreparedSchema | None:
        """The header's schema, prepared when first needed (a header never received is never prepared)."""
        if not header.resolvable:
            return None
        try:
            return self.cache.prepare(header.definition.get("schema", {}))
        except Unresolvable:
            return None


@dataclass
class ResponseSet:
    """An operation's `responses`, keyed as written (a vendor extension's non-object value is left out)."""

    definitions: dict[str, ResponseDefinition]

    @classmethod
    def from_operation(cls, operation: dict[str, Any], cache: SchemaCache) -> ResponseSet:
        responses = operation.get("responses", {})
        if not isinstance(responses, dict):
            raise InvalidSpec("`responses` must be an object")
        return cls(
            {
                str(key): _definition(str(key), value, cache)
                for key, value in responses.items()
                if isinstance(value, dict)
            }
        )

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(self.definitions)

    def for_status(self, status: int) -> ResponseDefinition | None:
        """The most specific definition for `status`: exact, then `2XX`-like, then `default`."""
        key = statuses.matching_key(self.definitions, status)
        return None if key is None else self.definitions[key]


def _definition(key: str, response: dict[str, Any], cache: SchemaCache) -> ResponseDefinition:
    try:
        return ResponseDefinition(key, resolve_object(cache.document, response, "Response"), cache)
    except Unresolvable as exc:
        # Schemathesis cannot build the operation at all: every check on it crashes.
        raise InvalidSpec(f"Response `{key}` references nothing: `{exc.reference}`") from None


def _documented_media_type(response: dict[str, Any], content_type: str | None) -> str | None:
    """The documented media type a received Content-Type falls under (Schemathesis' `resolve_response_media_type_v3`):
    none received or a malformed one -> the first documented; exact; wildcard; else None."""
    content = response.get("content")
    if not isinstance(content, dict) or not content:
        return None
    default = str(next(iter(content)))
    if content_type is None:
        return default
    sanitized = content_type.split(";", 1)[0].strip()
    if sanitized in content:
        return sanitized
    try:
        received = media_types.parse(sanitized)
    except media_types.MalformedMediaType:
        return default
    for candidate in content:
        try:
            expected = media_types.parse(candidate)
        except media_types.MalformedMediaType:
            continue
        if media_types.matches_parts(expected, received):
            return str(candidate)
    return None
