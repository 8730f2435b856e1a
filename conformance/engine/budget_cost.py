"""What one operation costs, counted from the spec without a request: its probes from the list profile and the
probe plan's rules (`probes/plan.py`), its generated cases from a formula over its parameters.

Each count is a range: the walks' lengths depend on the target's data, and Schemathesis' coverage phase on
schema details the formula reads only roughly. `tests/test_costing.py` holds the ranges against real runs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from conformance.openapi import properties, resolve
from conformance.probes.filter_walk import SELECTED
from conformance.probes.plan import LARGE_PAGES, POINTER_STYLES, SMALL_BUDGET, SMALL_WALK
from conformance.probes.walks import MAX_PAGES, WALK_LIMITS, WALK_SET_SIZE
from conformance.profile import ListProfile, ListStyle

AUTH_VARIANTS = 3  # without credentials, a wrong X-App-Token, a wrong X-App-Id (`probes/negatives.py`)
# Schemathesis' coverage phase, per parameter and per operation, as measured on the 149 GET operations of the
# official files (Schemathesis 4.32): a value of the wrong type is sent about ten ways, a format, pattern or enum
# broken two ways, a bound crossed two ways each side.
WRONG_TYPES = 10
BROKEN = 2
PER_OPERATION = 9  # the default positive case, a malformed Content-Type and about 7 undocumented methods
PER_LEAF = 9  # a deepObject or array parameter: its valid, missing, extra and bounded variants, per leaf schema
MAX_DEPTH = 6
MAX_NESTED = 8  # an object parameter's covering cases: one per leaf name, at most this many (measured: 4 to 8)
CHECK_KINDS = 3  # the covering set's cases of a kind a check judges: positive, negative, an undocumented method
COVERING_SPREAD = 4  # the most the formula is off for one operation's covering set (measured, see covering_cost)
# Schemathesis stops fuzzing an operation with no free parameter after a case or two (its path values are fixed).
FEW = 2


@dataclass(frozen=True)
class Estimate:
    """A count that lies between `low` and `high`; `expected` is what a run on typical data sends."""

    low: int
    expected: int
    high: int

    def __add__(self, other: Estimate) -> Estimate:
        return Estimate(self.low + other.low, self.expected + other.expected, self.high + other.high)

    @classmethod
    def exactly(cls, count: int) -> Estimate:
        return cls(count, count, count)


NOTHING = Estimate.exactly(0)


def auth_cost() -> Estimate:
    """The credential checks of any GET or HEAD operation."""
    return Estimate.exactly(AUTH_VARIANTS)


def path_value_cost(path: str, asked: set[str]) -> Estimate:
    """Requests to find a path value: one parent list or object per templated segment, shared by the operations
    under it (`asked`: the parents earlier operations of the file asked, to which this one's are added). Measured
    on the official files: 66 requests where this counts 50, and 113 at one per operation."""
    segments = path.split("/")
    parents = ["/".join(segments[:n]) for n, segment in enumerate(segments) if segment.startswith("{")]
    new = [parent for parent in parents if parent not in asked]
    asked.update(parents)
    return Estimate(0, len(new), len(parents) * 2) if parents else NOTHING


def probe_cost(spec: dict[str, Any], profile: ListProfile, budget: int | None) -> Estimate:
    """The probes of one list operation, step by step as `probes.plan.plan_steps` sends them."""
    total = _orders(profile) + _walks(profile, budget) + _cursors(profile) + _invariants(profile)
    return total + _filters(spec, profile) + _negatives(profile) + auth_cost()


def _orders(profile: ListProfile) -> Estimate:
    return Estimate.exactly(1 + (len(profile.order_values) if profile.order else 0))


def _walks(profile: ListProfile, budget: int | None) -> Estimate:
    paged = profile.page is not None or profile.style in POINTER_STYLES or profile.date_cursor is not None
    bounded = any(field == "created_at" and side == "after" for field, side in profile.date_bounds.values())
    lookup = Estimate(0, 1, 1) if bounded else NOTHING  # the set after a created_at bound, fetched as one page
    if not paged or profile.limit is None:
        return lookup
    size = SMALL_WALK if budget is not None and budget <= SMALL_BUDGET else WALK_SET_SIZE
    pages = Estimate(1, math.ceil(size / WALK_LIMITS[0]), min(MAX_PAGES, size // min(WALK_LIMITS) + 1))
    total = lookup
    if profile.page is not None:
        total += pages + Estimate(0, 1, 1)  # and the page past the end
    if profile.date_cursor is not None and "created_at" in profile.ascending_cursor_orders:
        total += pages
    if profile.style in POINTER_STYLES:
        # The pages at the largest limit follow only a list longer than that page (none of the embedded sandbox's).
        total += pages + Estimate(0, 0, LARGE_PAGES)
    return total


def _cursors(profile: ListProfile) -> Estimate:
    if profile.style not in POINTER_STYLES or profile.limit is None:
        return NOTHING
    orders = len(profile.order_values) if profile.order else 0
    return Estimate(orders, 2 * orders, 2 * orders) + Estimate.exactly(1)


def _invariants(profile: ListProfile) -> Estimate:
    """`probes/invariants.py`, `ends.py`, `instants.py` and `filter_walk.py`: page 2 per order value (lists with a
    page number; page 1 at a small limit on an unpaged list), the last page and the one after it, the largest page,
    the reference again, each `f`/`-f` pair over a set after a bound, per date filter style a bound at another offset
    (one request with the walk set's bound, two without), and the walk under a date filter (a page per `limit` of at
    most `SELECTED` items, plus one)."""
    orders = len(profile.order_values) if profile.order else 0
    unpaged = profile.page is None and profile.style is ListStyle.UNPAGED and profile.limit is not None
    across = Estimate(0, orders, orders) if profile.page is not None or unpaged else NOTHING
    after = profile.page is not None or profile.style in POINTER_STYLES
    last = Estimate(0, 1 + after, 2) if profile.limit is not None else NOTHING
    largest = (
        Estimate.exactly(1)
        if profile.page and profile.limit and profile.page.maximum and profile.limit.maximum
        else NOTHING
    )
    pairs = sum(1 for v in profile.order_values if not v.startswith("-") and f"-{v}" in profile.order_values)
    # Over a whole list the orders step's pages serve (`Prober.offer`); only a set after a created_at bound is
    # asked for again, and a list without such a bound is either whole or a prefix (which has no such pair).
    bounded = any(field == "created_at" and side == "after" for field, side in profile.date_bounds.values())
    reversed_ = Estimate(0, 2 * pairs, 2 * pairs) if profile.order and profile.limit and bounded else NOTHING
    styles = [profile.date_bounds, profile.filters and profile.filters.dates, profile.start_date or profile.end_date]
    count = sum(1 for style in styles if style)
    instant = Estimate(0, count, 2 * count)
    walked = NOTHING
    if profile.limit is not None and any(styles):
        paged = profile.page is not None or profile.style in POINTER_STYLES
        pages = Estimate(0, math.ceil(SELECTED / WALK_LIMITS[0]) + 1, SELECTED // min(WALK_LIMITS) + 2)
        walked = pages if paged else Estimate(0, 1, 1)
    return across + last + largest + Estimate(0, 1, 1) + reversed_ + instant + walked


def _filters(spec: dict[str, Any], profile: ListProfile) -> Estimate:
    """One request per filter; an exact text filter also gets a fragment; the date cursor one mid-list."""
    text = len(profile.text_filters)
    dates = len(profile.date_bounds) + sum(1 for name in (profile.start_date, profile.end_date) if name)
    conditions = 0
    if profile.filters is not None:
        conditions += sum(
            1 for f, c in profile.filters.equality.items() if "$is" in c and f not in profile.filters.dates
        )
        conditions += sum(1 for c in profile.filters.dates.values() if "$after" in c)
    cursor = 1 if profile.date_cursor else 0
    # A filter is sent only when the first page has an item with a value for it: an empty list sends none.
    return Estimate(0, text + dates + conditions + cursor, 2 * text + dates + conditions + cursor)


def _negatives(profile: ListProfile) -> Estimate:
    invalid = sum(1 for name in (profile.limit, profile.order) if name) + len(profile.date_bounds)
    invalid += 1 if profile.date_cursor else 0
    bounds = 0
    for param in (profile.limit, profile.page):
        if param is not None:
            bounds += (param.minimum is not None) + (param.maximum is not None)
    return Estimate.exactly(invalid + bounds)


def case_cost(
    spec: dict[str, Any], operation: dict[str, Any], path_item: dict[str, Any], max_examples: int
) -> Estimate:
    """Schemathesis' generated cases of one operation: its examples, its coverage phase, its fuzzing."""
    free = 0
    coverage = PER_OPERATION
    for raw in [*path_item.get("parameters", []), *operation.get("parameters", [])]:
        param = resolve(spec, raw)
        if not isinstance(param, dict) or param.get("in") not in ("query", "header"):
            continue
        free += 1
        coverage += _parameter_cases(spec, resolve(spec, param.get("schema", {})))
    examples = Estimate(0, 1, max(1, _examples(operation)))
    fuzzing = Estimate(max_examples // 2, max_examples, max_examples) if free else Estimate(1, FEW, FEW)
    # The formula misses schema details (nested objects, combinations of optional parameters): a wide range.
    spread = Estimate(coverage // 2, coverage, coverage * 2)
    return examples + spread + fuzzing


def covering_cost(
    spec: dict[str, Any], operation: dict[str, Any], path_item: dict[str, Any], served: int = 0
) -> Estimate:
    """The operation's covering set (`engine/budget.py`): one case of each kind a check judges, and each parameter
    once with a value its schema admits and once with one it refuses; less the `served` cases its probes' requests
    are (`probes.covering`). Fitted to the covering sets Schemathesis generates for the 149 GET operations of the
    official files (1,403 cases in all; the formula says 1,406, each operation within `COVERING_SPREAD`)."""
    declared = [resolve(spec, raw) for raw in [*path_item.get("parameters", []), *operation.get("parameters", [])]]
    params = [p for p in declared if isinstance(p, dict)]
    free = [p for p in params if p.get("in") in ("query", "header")]
    # A positive and a negative case and an undocumented method; a missing required parameter; each path value.
    count = CHECK_KINDS + any(p.get("required") for p in free) + sum(1 for p in params if p.get("in") == "path")
    # Most parameters show up in one mode first (the other rides with another parameter's case), the query as a
    # whole once more, and every second documented value class (an enum, a bound, an object's leaves) once.
    admitted = sum(_admitted_class(spec, resolve(spec, param.get("schema", {}))) for param in free)
    count += len(free) + bool(free) + admitted // 2
    count = max(1, count - served)
    return Estimate(max(1, count - COVERING_SPREAD), count, count + COVERING_SPREAD)


def _admitted_class(spec: dict[str, Any], schema: Any) -> int:
    """The cases of a parameter beyond its refused value: a documented value class (an enum, a bound), or the
    variants of each leaf of an object."""
    if not isinstance(schema, dict):
        return 0
    nested = _leaves(spec, schema, 0)
    if nested > 1:
        return 1 + min(nested, MAX_NESTED)
    return int(any(key in schema for key in ("enum", "minimum", "maximum")))


def _parameter_cases(spec: dict[str, Any], schema: Any) -> int:
    if not isinstance(schema, dict):
        return WRONG_TYPES
    cases = WRONG_TYPES
    nested = _leaves(spec, schema, 0)
    if nested > 1:
        return cases + PER_LEAF * nested
    if "enum" in schema:
        cases += BROKEN + len(schema["enum"])
    if "pattern" in schema or "format" in schema:
        cases += BROKEN
    for bound in ("minimum", "maximum"):
        if bound in schema:
            cases += 2 * BROKEN  # crossed, and near it
    return cases


def _leaves(spec: dict[str, Any], schema: Any, depth: int) -> int:
    """Leaf schemas under a parameter's schema, through properties, items and the combinators."""
    schema = resolve(spec, schema)
    if not isinstance(schema, dict) or depth > MAX_DEPTH:
        return 1
    parts = [*schema.get("oneOf", []), *schema.get("anyOf", []), *schema.get("allOf", [])]
    parts += list(properties(spec, schema).values()) if "properties" in schema else []
    parts += [schema["items"]] if isinstance(schema.get("items"), dict) else []
    return sum(_leaves(spec, part, depth + 1) for part in parts) if parts else 1


def _examples(operation: dict[str, Any]) -> int:
    parameters = operation.get("parameters", [])
    return 1 + sum(1 for param in parameters if isinstance(param, dict) and ("example" in param or "examples" in param))
