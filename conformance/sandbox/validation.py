"""JSON Schema validation of items against a spec's schemas, with OpenAPI's `nullable` read as JSON Schema.

`openapi.bundle` (the one walker) converts each schema a `$ref` reaches once, instead of inlining every `$ref`
(millions of nodes on Voucherify's recursive schemas).
"""

from __future__ import annotations

from typing import Any

import jsonschema

from conformance.openapi import bundle


class SpecValidator:
    """Validators for schemas of one spec, in its OpenAPI version's JSON Schema dialect."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        dialect = str(spec.get("openapi", ""))
        # OpenAPI 3.1 schemas are JSON Schema 2020-12; 3.0 schemas are closest to draft 4.
        self.cls: Any = jsonschema.Draft202012Validator if dialect.startswith("3.1") else jsonschema.Draft4Validator

    def validator(self, schema: Any) -> Any:
        return self.cls(bundle(self.spec, schema))
