"""Response and header schemas, prepared once: bundled, converted, and compiled into a jsonschema_rs validator."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import jsonschema_rs

from conformance.responses.bundling import bundle
from conformance.responses.conversion import to_response_schema
from conformance.responses.dialect import PATTERN_OPTIONS, Dialect
from conformance.responses.errors import InvalidSpec


@dataclass(frozen=True)
class PreparedSchema:
    """What the validator compiles and failure messages quote, with bundled name -> original URI."""

    schema: Any
    name_to_uri: dict[str, str]

    @cached_property
    def has_discriminator(self) -> bool:
        """Whether any schema behind it declares a discriminator (only then is the response walked for one)."""
        stack: list[object] = [self.schema]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                if isinstance(node.get("discriminator"), dict):
                    return True
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
        return False


class SchemaCache:
    """One document's prepared response schemas and validators, shared by every response documenting the same one."""

    def __init__(self, document: dict[str, Any], dialect: Dialect) -> None:
        self.document = document
        self.dialect = dialect
        self._prepared: dict[str, PreparedSchema] = {}
        self._validators: dict[int, tuple[Any, PreparedSchema]] = {}
        self._header_validators: dict[int, tuple[Any, PreparedSchema]] = {}

    def prepare(self, raw: Any) -> PreparedSchema:
        """`raw` bundled and converted; Unresolvable when it references nothing, NotPorted for outside references."""
        try:
            key = json.dumps(raw, sort_keys=True)
        except (TypeError, ValueError):
            # Values no JSON document holds (a YAML date): prepared each time, like Schemathesis does.
            return self._build(raw)
        if key not in self._prepared:
            self._prepared[key] = self._build(raw)
        return self._prepared[key]

    def _build(self, raw: Any) -> PreparedSchema:
        bundled = bundle(raw, self.document, ref_siblings=self.dialect.merge_ref_siblings)
        return PreparedSchema(to_response_schema(bundled.schema, self.dialect), bundled.name_to_uri)

    def validator(self, prepared: PreparedSchema) -> Any:
        """The compiled response-body validator (formats checked, with Draft 4's supplemental ones)."""
        cached = self._validators.get(id(prepared))
        if cached is None:
            compiled = compile_validator(prepared.schema, self.dialect, self.dialect.formats)
            # The entry keeps `prepared` alive, so its `id` cannot be reused by another schema.
            cached = self._validators[id(prepared)] = (compiled, prepared)
        return cached[0]

    def header_validator(self, prepared: PreparedSchema) -> Any:
        """The compiled validator of a header's schema: formats checked, but none added for Draft 4 (sic)."""
        cached = self._header_validators.get(id(prepared))
        if cached is None:
            cached = self._header_validators[id(prepared)] = (
                compile_validator(prepared.schema, self.dialect, None),
                prepared,
            )
        return cached[0]


def compile_validator(schema: Any, dialect: Dialect, formats: dict[str, Any] | None) -> Any:
    """A validator checking formats; InvalidSpec when the schema does not compile (Schemathesis' InvalidSchema)."""
    try:
        return dialect.validator_cls(schema, validate_formats=True, pattern_options=PATTERN_OPTIONS, formats=formats)
    except jsonschema_rs.ValidationError as exc:
        raise InvalidSpec(f"Invalid response schema: {exc.message}") from exc
