"""A property whose schema is no schema: a list, a string or a number where `properties` needs a schema object.

Most often a keyword written one level too deep: spec-history #20 has `properties: {allOf: [...]}` under
`summary`, `loyalty` and `referrals`, which declares a property called `allOf` instead of composing the schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from conformance.lint.context import LintContext, RuleClass
from conformance.lint.document import join
from conformance.lint.model import LintFinding, Severity

PROPERTY_SCHEMA = RuleClass(
    "property_schema",
    Severity.ERROR,
    "A property's schema is not a schema object (often a keyword one level too deep: `properties: {allOf: [...]}`).",
)
# Schema keywords: a property of that name whose value is no schema is almost surely the keyword, misplaced.
KEYWORDS = frozenset(
    {"allOf", "anyOf", "oneOf", "not", "$ref", "items", "properties", "additionalProperties", "required", "enum"}
)


def check(ctx: LintContext) -> Iterator[LintFinding]:
    # OpenAPI 3.1 schemas are JSON Schema 2020-12, where `true` and `false` are schemas too.
    schemas: tuple[type, ...] = (dict, bool) if ctx.doc.is_31 else (dict,)
    for node in ctx.walk.schemas:
        own = node.schema.get("properties")
        if not isinstance(own, dict):
            continue
        for name, value in own.items():
            if isinstance(value, schemas):
                continue
            hint = f"; `{name}` is a schema keyword, which belongs one level up" if name in KEYWORDS else ""
            yield ctx.finding(
                PROPERTY_SCHEMA,
                join(node.pointer, "properties", name),
                f"a schema object for the property {name!r}",
                f"{_kind(value)}{hint}",
                subject=name,
            )


def _kind(value: Any) -> str:
    names = {list: "a list", str: "a string", bool: "a boolean", type(None): "null", int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__)
