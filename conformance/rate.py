"""Rates such as `100/h`: the one parser for --rate-limit, --sandbox-quota and the sandbox's --rate-limit."""

from __future__ import annotations

import re
from dataclasses import dataclass

from conformance.errors import UsageError

_RATE = re.compile(r"^(\d+)/(s|m|h)$")
PERIODS = {"s": 1.0, "m": 60.0, "h": 3600.0}


@dataclass(frozen=True)
class Rate:
    """`count` calls per `period` seconds."""

    count: int
    period: float
    text: str

    @property
    def interval(self) -> float:
        """Seconds between two calls when they are spread evenly."""
        return self.period / self.count

    def __str__(self) -> str:
        return self.text


def parse_rate(text: str, option: str = "--rate-limit") -> Rate:
    """'100/h' -> Rate(100, 3600.0); anything else is a UsageError naming `option`."""
    match = _RATE.match(text.strip())
    if match is None:
        raise UsageError(f"{option} must look like 100/h, 10/m or 2/s; got {text!r}.")
    if int(match.group(1)) < 1:
        raise UsageError(f"{option} must allow at least 1 request per period, as 100/h, 10/m or 2/s do; got {text!r}.")
    return Rate(int(match.group(1)), PERIODS[match.group(2)], text.strip())
