"""The order generated cases go out in, most valuable first, so that a budget cut keeps what finds the most.

Within an operation, its cases in covering order: first one case of each kind a check judges (a positive case, a
negative one, an undocumented method, a missing required header), then one case of each parameter in each mode (a
value its schema admits, a value it refuses); these two tiers are the operation's covering set, what a budgeted run
must send for its generated phase to count as checked. Then one of each parameter and value class (Schemathesis'
scenario for it), then the rest; each tier in Schemathesis' own order. The order depends only on the cases, never on
the budget, so `--resume` skips the same cases in every run. Under a budget, operations take turns, one case each
(round robin), every covering set before any other case, instead of the first operations spending it all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from conformance.probes.covering import NONE_SERVED, Served

# Coverage scenarios that a check of their own judges (`unsupported_method`, `missing_required_header`).
JUDGED_SCENARIOS = ("unspecified_http_method", "missing_parameter")
Item = TypeVar("Item")


@dataclass(frozen=True)
class CaseKind:
    """What a generated case exercises, from Schemathesis' metadata (`st.case_kind`)."""

    mode: str  # "positive" | "negative"
    location: str | None = None  # "query", "header", "path", ...
    parameter: str | None = None
    scenario: str | None = None  # the coverage phase's scenario; None in the examples and fuzzing phases

    @property
    def check_key(self) -> tuple[str, str | None]:
        """The kind of case a check judges: its mode, and a scenario that has a check of its own."""
        return (self.mode, self.scenario if self.scenario in JUDGED_SCENARIOS else None)

    @property
    def parameter_key(self) -> tuple[str, str | None, str | None]:
        """One parameter in one mode: a value its schema admits, or one it refuses."""
        return (self.mode, self.location, self.parameter)

    @property
    def value_key(self) -> tuple[str, str | None, str | None, str | None]:
        """One parameter in one value class."""
        return (self.mode, self.location, self.parameter, self.scenario)


def covering_order(kinds: Sequence[CaseKind], served: Served = NONE_SERVED) -> list[int]:
    """Indices of the cases in covering order: the first of each check key, then the first of each parameter key,
    then the first of each value key, then the rest; each tier in the given order. A key the probes' requests
    `served` (`probes.covering`) is covered already: its cases start at the next tier."""
    return [index for tier in _tiers(kinds, served) for index in tier]


def covering_size(kinds: Sequence[CaseKind], served: Served = NONE_SERVED) -> int:
    """How many cases lead the covering order as the covering set: one of each check key and parameter key that
    the probes did not serve."""
    checks, parameters, _values, _rest = _tiers(kinds, served)
    return len(checks) + len(parameters)


def _tiers(kinds: Sequence[CaseKind], served: Served) -> tuple[list[int], list[int], list[int], list[int]]:
    seen: tuple[set[object], set[object], set[object]] = (set(served.checks), set(served.parameters), set())
    tiers: tuple[list[int], list[int], list[int], list[int]] = ([], [], [], [])
    for index, kind in enumerate(kinds):
        keys = (kind.check_key, kind.parameter_key, kind.value_key)
        tier = next((number for number, key in enumerate(keys) if key not in seen[number]), len(keys))
        for number, key in enumerate(keys):
            seen[number].add(key)
        tiers[tier].append(index)
    return tiers


def round_robin(queues: Sequence[Sequence[Item]]) -> list[tuple[int, Item]]:
    """(queue number, item): the first item of every queue, then the second of every queue, and so on."""
    order = []
    for depth in range(max((len(queue) for queue in queues), default=0)):
        order += [(number, queue[depth]) for number, queue in enumerate(queues) if depth < len(queue)]
    return order
