"""Which findings of a run against the correct embedded sandbox are the sandbox's own making.

On the correct sandbox a run must give no defect, and no spec gap that the sandbox made by refusing a schema-valid
request (`positive_data_acceptance`). Two refusals are not the sandbox's reading but the spec's own rules, as the
real API applies them: a Loyalty v2 cursor the list never issued (the value depends on the server's data), and an
order field in both directions (the order parameter's words). Every other spec gap (an undocumented 401, a 404 for
an unknown path value, a 400 the spec lists no status for) is the spec's silence, the same against the real API.
"""

from __future__ import annotations

from collections.abc import Iterable

from conformance.result import Finding
from conformance.sandbox.listing import UNISSUED_CURSOR
from conformance.sandbox.params import BOTH_DIRECTIONS

REFUSED_VALID = "positive_data_acceptance"
SPEC_PRESCRIBED = (UNISSUED_CURSOR, BOTH_DIRECTIONS)


def sandbox_made(gap: Finding) -> bool:
    """A schema-valid request the sandbox refused for a reason of its own."""
    return gap.check == REFUSED_VALID and not any(reason in gap.message for reason in SPEC_PRESCRIBED)


def own_gaps(gaps: Iterable[Finding]) -> list[Finding]:
    return [gap for gap in gaps if sandbox_made(gap)]
