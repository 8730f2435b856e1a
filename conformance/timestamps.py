"""RFC 3339 date-time parsing that never overflows, shared by the sandbox and the checks."""

from __future__ import annotations

import datetime as dt
import functools
import re

_RFC3339 = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$", re.ASCII)
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_MICROS_PER_DAY = 86_400_000_000


# A run reads the same few thousand timestamps again and again: every page, every check, every probe.
@functools.lru_cache(maxsize=16384)
def parse_rfc3339(value: str) -> int | None:
    """Return microseconds since the Unix epoch (UTC), or None when `value` is not RFC 3339 date-time."""
    match = _RFC3339.match(value)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    try:
        ordinal = dt.date(year, month, day).toordinal()
    except ValueError:
        return None
    # RFC 3339 allows a leap second (60); it is the last instant of its minute.
    if hour > 23 or minute > 59 or second > 60:
        return None
    fraction = match.group(7) or ""
    micros = int((fraction[1:] + "000000")[:6]) if fraction else 0
    offset = _offset_minutes(match.group(8))
    if offset is None:
        return None
    day_micros = ((hour * 60 + minute - offset) * 60 + second) * 1_000_000 + micros
    return (ordinal - _EPOCH_ORDINAL) * _MICROS_PER_DAY + day_micros


def _offset_minutes(zone: str) -> int | None:
    if zone in ("Z", "z"):
        return 0
    hours, minutes = int(zone[1:3]), int(zone[4:6])
    if hours > 23 or minutes > 59:
        return None
    sign = -1 if zone[0] == "-" else 1
    return sign * (hours * 60 + minutes)


def format_micros(micros: int) -> str:
    """Format epoch microseconds the way Voucherify does: UTC, millisecond precision, `Z`."""
    moment = dt.datetime(1970, 1, 1) + dt.timedelta(microseconds=micros)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
