"""One injectable defect: a wrapper around the correct app, the rule it breaks, and the lists it shows on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from conformance.sandbox.rewrites import Wrapper
from conformance.sandbox.shape import ListStyle

if TYPE_CHECKING:
    from conformance.sandbox.shape import ListShape

PAGED = frozenset({ListStyle.PAGE, ListStyle.DATE_CURSOR})
PAGED_CURSORS = frozenset({ListStyle.DATE_CURSOR, ListStyle.ID_CURSOR, ListStyle.CURSOR})
# Loyalty v2 bodies have no total.
WITH_TOTAL = frozenset(ListStyle) - {ListStyle.CURSOR}
Applies = Callable[["ListShape"], bool]
# One official list per paging style of listing.mdx, (file, path): where the catalogue is measured
# (bench/mutation.py) and where its tests serve each fault.
STYLE_LISTS: dict[ListStyle, tuple[str, str]] = {
    ListStyle.PAGE: ("vouchers.json", "/v1/vouchers"),
    ListStyle.DATE_CURSOR: ("customers.json", "/v1/customers"),
    ListStyle.ID_CURSOR: ("bin.json", "/v1/trash-bin"),
    ListStyle.CURSOR: ("loyalties-v2.json", "/v2/loyalties/rewards"),
    ListStyle.UNPAGED: ("segments.json", "/v1/segments"),
}


def everywhere(profile: ListShape) -> bool:
    return True


def with_pages(profile: ListShape) -> bool:
    """The list has a page number."""
    return profile.page is not None


@dataclass(frozen=True)
class Fault:
    name: str
    category: str
    catches: str
    description: str
    wrap: Wrapper
    # The paging styles on which the fault shows; the customers list is date_cursor (it pages too).
    styles: frozenset[ListStyle] = frozenset(ListStyle)
    # Whether a list of one of those styles has what the fault breaks (a limit, an order, a date bound, ...): a
    # fault that cannot change a list's answers is not applicable to it, and never counts as missed there.
    applies: Applies = everywhere
    # Other checks whose finding names the same broken rule (a cursor walk sees what the counts check sees).
    also: tuple[str, ...] = ()

    @property
    def rule_checks(self) -> frozenset[str]:
        """The checks that catch this fault by naming the rule it breaks."""
        return frozenset({self.catches, *self.also})

    def shows_on(self, profile: ListShape) -> bool:
        """Whether the fault changes what this list answers."""
        return profile.style in self.styles and self.applies(profile)
