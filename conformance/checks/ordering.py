"""How values sort, the ways a reasonable server sorts them: numbers by value, date-times by instant, strings by
code point or case-insensitively (the spec names no collation), and nulls together at one end.

A sequence passes when some accepted reading of it is monotonic; ties are always allowed.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from conformance.checks.view import instant

STRING_ORDERINGS: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("code point", lambda value: value),
    ("case-insensitive", str.casefold),
)


@dataclass(frozen=True)
class Violation:
    """Two positions whose values are out of order (or a null between values)."""

    left: int
    right: int
    reason: str


def sortable(values: Sequence[Any]) -> bool:
    """At least two values present, every one a scalar: only then does a sort order show."""
    present = [value for value in values if value is not None]
    return len(present) >= 2 and all(isinstance(value, str | int | float) for value in present)


def first_violation(values: Sequence[Any], descending: bool) -> Violation | None:
    """None when the values are monotonic in the direction, under some accepted reading; else the first breach."""
    nulls = _null_violation(values)
    if nulls is not None:
        return nulls
    present = [(index, value) for index, value in enumerate(values) if value is not None]
    readings = _readings([value for _, value in present])
    breaches = [_breach([(i, key) for (i, _), key in zip(present, keys, strict=True)], descending) for keys in readings]
    if any(breach is None for breach in breaches):
        return None
    return breaches[0]


def _readings(values: list[Any]) -> list[list[Any]]:
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return [values]
    if all(isinstance(v, bool) for v in values):
        return [[int(v) for v in values]]
    if all(isinstance(v, str) for v in values):
        instants = [instant(v) for v in values]
        if all(i is not None for i in instants):
            return [instants]
        return [[key(v) for v in values] for _, key in STRING_ORDERINGS]
    # Mixed types: compare their text, as a server that stores them as text would.
    return [[key(str(v)) for v in values] for _, key in STRING_ORDERINGS]


def _breach(keyed: list[tuple[int, Any]], descending: bool) -> Violation | None:
    for (i, a), (j, b) in itertools.pairwise(keyed):
        if (a < b) if descending else (a > b):
            return Violation(i, j, "out of order")
    return None


def _null_violation(values: Sequence[Any]) -> Violation | None:
    """Nulls first or nulls last are both fine; a null between two values is not."""
    present = [index for index, value in enumerate(values) if value is not None]
    if not present:
        return None
    first, last = present[0], present[-1]
    inner = next((i for i in range(first, last + 1) if values[i] is None), None)
    if inner is None:
        return None
    return Violation(inner - 1, inner, "a null between non-null values")
