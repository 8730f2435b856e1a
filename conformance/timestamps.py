"""The one date and date-time parser, shared by the sandbox, the checks and the SDK gate; it never overflows and
it checks the calendar (`2023-02-31` and `2023-13-45` are no dates).

Three readings, each for its own rule:
- `parse_rfc3339`: an RFC 3339 date-time, what `format: date-time` means (`T`, seconds and a zone `Z` or `+hh:mm`).
- `parse_full_date`: an RFC 3339 full-date, what `format: date` means (`2016-11-16`), as its midnight in UTC.
- `parse_iso8601`: what Voucherify's docs say list filters accept, "ISO 8601 (`2016-11-16T14:14:31Z` or
  `2016-11-16`)", read leniently as the API reads it: a plain date is that day's start in UTC, seconds may be left
  out, the zone may be `Z`, `+hh:mm`, `+hhmm` (as the official SDK sends `+0000`) or `+hh`, and no zone is UTC.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable

_RFC3339 = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$", re.ASCII)
_FULL_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)
_ISO8601 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$", re.ASCII
)
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_MICROS_PER_DAY = 86_400_000_000


# A run reads the same few thousand timestamps again and again: every page, every check, every probe.
@functools.lru_cache(maxsize=16384)
def parse_rfc3339(value: str) -> int | None:
    """Return microseconds since the Unix epoch (UTC), or None when `value` is not RFC 3339 date-time."""
    match = _RFC3339.match(value)
    return None if match is None else _micros(match)


@functools.lru_cache(maxsize=4096)
def parse_full_date(value: str) -> int | None:
    """Microseconds of midnight UTC of an RFC 3339 full-date (`2016-11-16`), or None when it is no calendar date."""
    match = _FULL_DATE.match(value)
    return None if match is None else _micros(match)


@functools.lru_cache(maxsize=4096)
def parse_iso8601(value: str) -> int | None:
    """Microseconds of an ISO 8601 date or date-time as Voucherify's list filters take it (module docstring)."""
    match = _ISO8601.match(value)
    return None if match is None else _micros(match)


def is_date_time(value: object) -> bool:
    """A jsonschema format check for `date-time`: a value that is not a string is some other keyword's concern."""
    return not isinstance(value, str) or parse_rfc3339(value) is not None


def is_full_date(value: object) -> bool:
    """A jsonschema format check for `date`, on the calendar: `2023-02-31` fails."""
    return not isinstance(value, str) or parse_full_date(value) is not None


# The formats whose meaning we check, by OpenAPI format name, for jsonschema's and jsonschema_rs' format checkers.
# Theirs are not ours to rely on: jsonschema's `date-time` passes anything unless the optional rfc3339-validator is
# installed (it is not a dependency of ours), and a validator built without a format checker checks no format.
FORMATS: dict[str, Callable[[object], bool]] = {"date-time": is_date_time, "date": is_full_date}


def _micros(match: re.Match[str]) -> int | None:
    """Epoch microseconds of a match of one of the patterns above (groups: date, then optional time and zone)."""
    groups = match.groups()
    year, month, day = (int(part) for part in groups[:3])
    try:
        ordinal = dt.date(year, month, day).toordinal()
    except ValueError:
        return None
    hour, minute, second, fraction, zone = (groups[3:] + (None,) * 5)[:5]
    clock = [int(part) if part else 0 for part in (hour, minute, second)]
    # RFC 3339 allows a leap second (60); it is the last instant of its minute.
    if clock[0] > 23 or clock[1] > 59 or clock[2] > 60:
        return None
    micros = int((fraction[1:] + "000000")[:6]) if fraction else 0
    offset = _offset_minutes(zone) if zone else 0
    if offset is None:
        return None
    day_micros = ((clock[0] * 60 + clock[1] - offset) * 60 + clock[2]) * 1_000_000 + micros
    return (ordinal - _EPOCH_ORDINAL) * _MICROS_PER_DAY + day_micros


def _offset_minutes(zone: str) -> int | None:
    """`Z`, `+hh:mm`, `+hhmm` or `+hh` in minutes east of UTC; None out of range."""
    if zone in ("Z", "z"):
        return 0
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        return None
    sign = -1 if zone[0] == "-" else 1
    return sign * (hours * 60 + minutes)


def format_micros(micros: int) -> str:
    """Format epoch microseconds the way Voucherify does: UTC, millisecond precision, `Z`."""
    moment = dt.datetime(1970, 1, 1) + dt.timedelta(microseconds=micros)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
