"""The cases of an operation's covering set (`engine/budget.py`) that its probes' own requests already are, so
that a budget does not send them again as generated cases.

The covering set holds one case of each kind a check judges and each parameter once with a value its schema admits
and once with one it refuses. The probes send some of those on every run, judged by the same rules, whatever the
target holds:

- the reference page (step 1, `plan._orders`): a positive case, asked with the largest `limit`, and one page per
  `order` value, each held to "documented values are not refused" (`plan._accepted`, the rule of Schemathesis'
  `positive_data_acceptance`) and judged by every response check;
- one invalid value per parameter and the limit and page just outside their ranges (`negatives`): negative cases
  of those parameters, each held to "a 4xx" (the rule of Schemathesis' `negative_data_rejection`).

A value counts only where the parameter's own schema says so (`query_values.mismatch`, the one request validator,
as the probes decide it). Nothing here depends on the target's answers, so the covering order is the same on every
run and `--resume` skips the same cases. A full run still sends every generated case: this only moves the ones a
probe served out of the covering set into the cases after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from conformance.probes.negatives import INVALID_DATE, INVALID_ENUM, INVALID_INT
from conformance.probes.plan import unsent_required
from conformance.profile import ListProfile
from conformance.profile.parameters import query_parameters
from conformance.query_values import mismatch

POSITIVE, NEGATIVE = "positive", "negative"
QUERY = "query"
FALLBACK_LIMIT = 100  # `walks.largest`: the limit a reference page asks for when the spec gives no maximum


@dataclass(frozen=True)
class Served:
    """Kinds of case (`engine.budget.CaseKind` keys) that the probes' requests are: check keys (mode, scenario) and
    parameter keys (mode, location, parameter)."""

    checks: frozenset[tuple[str, str | None]] = frozenset()
    parameters: frozenset[tuple[str, str | None, str | None]] = frozenset()


NONE_SERVED = Served()


def served(raw: dict[str, Any], method: str, path: str, profile: ListProfile) -> Served:
    """What the probes of this list serve of its covering set; nothing where they send nothing (a required header)."""
    if unsent_required(raw, path, method):
        return NONE_SERVED
    path_item = raw.get("paths", {}).get(path, {})
    params = query_parameters(raw, path_item, path_item.get(method.lower(), {}))

    def admits(name: str, value: object) -> bool:
        return name in params and mismatch(raw, params[name].get("schema", {}), str(value)) is None

    positive = set()
    if profile.limit and admits(profile.limit.name, profile.limit.maximum or FALLBACK_LIMIT):
        positive.add(profile.limit.name)
    if profile.order and any(admits(profile.order, value) for value in profile.order_values):
        positive.add(profile.order)
    negative = {name for name, value in _invalid(profile) if name in params and not admits(name, value)}
    checks = {(POSITIVE, None)} | ({(NEGATIVE, None)} if negative else set())
    parameters = {(POSITIVE, QUERY, name) for name in positive} | {(NEGATIVE, QUERY, name) for name in negative}
    return Served(frozenset(checks), frozenset(parameters))


def _invalid(profile: ListProfile) -> list[tuple[str, object]]:
    """The values `negatives.probe_negatives` sends: one of the wrong type or outside the enum per parameter, and
    each bound of limit and page crossed by one."""
    values: list[tuple[str, object]] = []
    if profile.limit:
        values.append((profile.limit.name, INVALID_INT))
    if profile.order:
        values.append((profile.order, INVALID_ENUM))
    values += [(name, INVALID_DATE) for name in [*profile.date_bounds, *filter(None, [profile.date_cursor])]]
    for param in (profile.limit, profile.page):
        if param is not None:
            values += [(param.name, param.minimum - 1)] if param.minimum is not None else []
            values += [(param.name, param.maximum + 1)] if param.maximum is not None else []
    return values
