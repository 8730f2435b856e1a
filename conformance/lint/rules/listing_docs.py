"""A list envelope whose `total` or `has_more` description contradicts Voucherify's listing docs.

The decision is the profile's (`profile/envelope.py`), so that what lint reports is exactly what the run leaves
unchecked: one reading of the words.
"""

from __future__ import annotations

from collections.abc import Iterator

from conformance.lint.context import LintContext, RuleClass
from conformance.lint.document import join
from conformance.lint.model import LintFinding, Severity
from conformance.lint.shape import is_list_envelope, visible_properties
from conformance.profile.envelope import DOCS, contradiction

LISTING_DOCS = RuleClass(
    "listing_docs",
    Severity.WARNING,
    "A list envelope's `total` or `has_more` description contradicts the listing docs.",
)
__all__ = ["DOCS", "LISTING_DOCS", "check"]


def check(ctx: LintContext) -> Iterator[LintFinding]:
    for node in ctx.walk.schemas:
        own = node.schema.get("properties")
        if not isinstance(own, dict) or not any(field in own for field in DOCS):
            continue
        if not is_list_envelope(ctx.doc, visible_properties(ctx.doc, node)):
            continue
        for field, docs in DOCS.items():
            schema = ctx.doc.resolve(own.get(field))
            description = schema.get("description") if isinstance(schema, dict) else None
            if (said := contradiction(field, description)) is not None:
                yield ctx.finding(
                    LISTING_DOCS,
                    join(node.pointer, "properties", field, "description"),
                    f"`{field}` as the listing docs define it: {docs!r}",
                    f"{description!r} (says {said!r})",
                    subject=field,
                )
