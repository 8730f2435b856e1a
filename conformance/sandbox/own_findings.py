"""Which findings of a run against the correct embedded sandbox are the sandbox's own making.

On the correct sandbox a run must give no defect, and no spec gap that the sandbox made by refusing a schema-valid
request (`positive_data_acceptance`). Two refusals are not the sandbox's reading but the spec's own rules, as the
real API applies them: a Loyalty v2 cursor the list never issued (the value depends on the server's data), and an
order field in both directions (the order parameter's words). The sandbox answers those under their own error `key`
(`query.SpecRule`), and that key, in the answer the finding quotes, is what tells them apart: never the words of a
message, which any refusal may echo. Every other spec gap (an undocumented 401, a 404 for an unknown path value, a
400 the spec lists no status for) is the spec's silence, the same against the real API.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from conformance.result import Finding
from conformance.sandbox.listing import UNISSUED_CURSOR_KEY
from conformance.sandbox.params import BOTH_DIRECTIONS_KEY

REFUSED_VALID = "positive_data_acceptance"
SPEC_PRESCRIBED = (UNISSUED_CURSOR_KEY, BOTH_DIRECTIONS_KEY)


def sandbox_made(gap: Finding) -> bool:
    """A schema-valid request the sandbox refused for a reason of its own."""
    return gap.check == REFUSED_VALID and error_key(gap.response) not in SPEC_PRESCRIBED


def error_key(response: str) -> str | None:
    """The `key` of the error body a finding quotes (its response: the status line, then the body), or None."""
    try:
        payload = json.loads(response.partition("\n")[2])
    except ValueError:
        return None
    key = payload.get("key") if isinstance(payload, dict) else None
    return key if isinstance(key, str) else None


def own_gaps(gaps: Iterable[Finding]) -> list[Finding]:
    return [gap for gap in gaps if sandbox_made(gap)]
