"""What a list envelope's own words say `total` and `has_more` mean, against Voucherify's listing docs.

The docs (voucherify/docs/listing.mdx, "Response format") are quoted below; a test keeps the quotes equal to the
docs. A field's own description outranks the docs, and where the two disagree neither meaning is checked: the
profile leaves the field unread (`ListProfile.redefined`), and `conformance lint` reports the contradiction. Only an
explicit claim counts: `total` said to count what this response, page, request or array returned (or said not to
count all matches), or `has_more` said to be always true or always false. "Total number of results returned" is not
one: without a "this response" or "this page" it can be read as the docs mean it.
"""

from __future__ import annotations

import re
from typing import Any

from conformance.openapi import resolve

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


def contradiction(field: str, description: Any) -> str | None:
    """The words of `field`'s own description that contradict the listing docs, or None."""
    pattern = CONTRADICTIONS.get(field)
    match = pattern.search(description) if pattern is not None and isinstance(description, str) else None
    return match[0] if match else None


def redefined(spec: dict[str, Any], body: dict[str, Any]) -> dict[str, str]:
    """The envelope fields of a list body (`properties` by name) whose own description contradicts the docs."""
    found: dict[str, str] = {}
    for field in DOCS:
        schema = resolve(spec, body.get(field))
        description = schema.get("description") if isinstance(schema, dict) else None
        if contradiction(field, description) is not None:
            found[field] = str(description)
    return found
