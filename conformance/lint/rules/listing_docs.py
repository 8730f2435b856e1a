"""A list envelope whose `total` or `has_more` description contradicts Voucherify's listing docs.

The docs (voucherify/docs/listing.mdx, "Response format") are quoted below, so this rule needs no files at
run time; a test keeps the quotes equal to the docs. The decision is made from the words, and only an
explicit claim counts: `total` said to count what this response, page, request or array returned (or said
not to count all matches), or `has_more` said to be always true or always false. "Total number of results
returned" is not flagged: without a "this response" or "this page" it can be read as the docs mean it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from conformance.lint.context import LintContext, RuleClass
from conformance.lint.document import join
from conformance.lint.model import LintFinding, Severity
from conformance.lint.shape import is_list_envelope, visible_properties

LISTING_DOCS = RuleClass(
    "listing_docs",
    Severity.WARNING,
    "A list envelope's `total` or `has_more` description contradicts the listing docs.",
)
DOCS = {
    "total": "Total number of records for given filtering query. In some methods, this field is absent.",
    "has_more": "It indicates that there are more results to be returned for given filter parameters.",
}
CONTRADICTIONS = {
    "total": re.compile(
        r"returned in (?:the|this) (?:api )?(?:request|response|array|page|call)"
        r"|\b(?:in|on) (?:this|the current) (?:response|page)\b"
        r"|not the (?:total )?number of all",
        re.IGNORECASE,
    ),
    "has_more": re.compile(r"\balways (?:`)?(?:true|false)\b", re.IGNORECASE),
}


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
            if isinstance(description, str) and (match := CONTRADICTIONS[field].search(description)):
                yield ctx.finding(
                    LISTING_DOCS,
                    join(node.pointer, "properties", field, "description"),
                    f"`{field}` as the listing docs define it: {docs!r}",
                    f"{description!r} (says {match[0]!r})",
                    subject=field,
                )
