"""`required` naming a property that the schema (with its composition) does not define.

A base schema may require what the schemas composing it through allOf define (`VoucherTransaction = allOf
[VoucherTransactionBase, {type, details}]`): that is not a contradiction while every composition defines the
name and nothing uses the base on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from conformance.lint.context import LintContext, RuleClass
from conformance.lint.document import join
from conformance.lint.model import LintFinding, Severity
from conformance.lint.shape import visible_properties
from conformance.openapi import properties

REQUIRED_UNDEFINED = RuleClass(
    "required_undefined", Severity.ERROR, "`required` names a property that the object schema does not define."
)


def check(ctx: LintContext) -> Iterator[LintFinding]:
    for node in ctx.walk.schemas:
        required = node.schema.get("required")
        if not isinstance(required, list) or not required or "$ref" in node.schema:
            continue
        defined = visible_properties(ctx.doc, node)
        if not defined:
            continue  # a free-form object, or one whose properties come from elsewhere: nothing to contradict
        patterns = list((node.schema.get("patternProperties") or {}).keys())
        composers, direct_uses = ctx.doc.composers(node.pointer)
        for index, name in enumerate(required):
            if name in defined or any(re.search(pattern, str(name)) for pattern in patterns):
                continue
            lacking = [c for c in composers if name not in properties(ctx.doc.raw, c)]
            if composers and not direct_uses and not lacking:
                continue
            where = f" (nor do {len(lacking)} of the {len(composers)} allOf compositions using it)" if lacking else ""
            yield ctx.finding(
                REQUIRED_UNDEFINED,
                join(node.pointer, "required", index),
                f"a property named in `required` among the defined ones: {_names(defined)}",
                f"required {name!r}, which no property defines{where}",
                subject=str(name),
            )


def _names(names: dict[str, object]) -> str:
    listed = sorted(names)
    return ", ".join(listed[:12]) + (f" and {len(listed) - 12} more" if len(listed) > 12 else "")
