from __future__ import annotations

import pytest

from conformance.timestamps import format_micros, parse_rfc3339


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1970-01-01T00:00:00Z", 0),
        ("1970-01-01T00:00:00.5z", 500_000),
        ("1970-01-01t01:00:00+01:00", 0),
        ("1969-12-31T23:59:59.999999Z", -1),
        ("0001-01-01T00:00:00+23:59", -62135596800_000_000 - 1439 * 60_000_000),
        ("9999-12-31T23:59:60-23:59", 253402300800_000_000 + 1439 * 60_000_000),
    ],
)
def test_valid_rfc3339_parses_to_utc_micros(value: str, expected: int) -> None:
    assert parse_rfc3339(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "2023-12-22",
        "2023-12-22T10:13:06",
        "2023-02-30T00:00:00Z",
        "2023-12-22T24:00:00Z",
        "2023-12-22T10:13:06+24:00",
        "2023-12-22 10:13:06Z",
        "\uff11\uff19\uff17\uff10-01-01T00:00:00Z",
        "2023-12-22T10:13:06.Z",
    ],
)
def test_invalid_values_are_rejected(value: str) -> None:
    assert parse_rfc3339(value) is None


def test_format_round_trips_at_millisecond_precision() -> None:
    assert format_micros(parse_rfc3339("2022-08-30T06:32:07.380Z") or 0) == "2022-08-30T06:32:07.380Z"
