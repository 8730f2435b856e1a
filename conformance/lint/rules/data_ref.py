"""A list envelope whose `data_ref` default, enum or const does not name the list's array."""

from __future__ import annotations

from collections.abc import Iterator

from conformance.lint.context import LintContext, RuleClass
from conformance.lint.document import join
from conformance.lint.model import LintFinding, Severity
from conformance.lint.shape import is_array, visible_properties

DATA_REF = RuleClass(
    "data_ref", Severity.ERROR, "`data_ref`'s default, enum or const does not name the envelope's array property."
)


def check(ctx: LintContext) -> Iterator[LintFinding]:
    for node in ctx.walk.schemas:
        own = node.schema.get("properties")
        if not isinstance(own, dict) or "data_ref" not in own:
            continue
        data_ref = ctx.doc.resolve(own["data_ref"])
        if not isinstance(data_ref, dict):
            continue
        props = visible_properties(ctx.doc, node)
        arrays = sorted(name for name, schema in props.items() if is_array(ctx.doc, schema))
        at = join(node.pointer, "properties", "data_ref")
        for keyword, values in (
            ("default", [data_ref["default"]] if "default" in data_ref else []),
            ("enum", data_ref.get("enum") or []),
            ("const", [data_ref["const"]] if "const" in data_ref else []),
        ):
            for value in values:
                if value is None or value in arrays:  # null is a nullable enum's, not a name
                    continue
                why = "names no property" if value not in props else "names a property that is not an array"
                yield ctx.finding(
                    DATA_REF,
                    join(at, keyword),
                    f"the name of the envelope's array property: {', '.join(arrays) or 'none is defined'}",
                    f"data_ref {keyword} {value!r}, which {why}",
                    subject=f"{keyword}:{value}",
                )
