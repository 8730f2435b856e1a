from __future__ import annotations

import datetime as dt

import jsonschema_rs
import pytest
from jsonschema import Draft4Validator, FormatChecker

from conformance.timestamps import (
    FORMATS,
    format_micros,
    is_date_time,
    is_full_date,
    parse_full_date,
    parse_iso8601,
    parse_rfc3339,
)


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


DAY = 86_400_000_000
# 2016-11-16, the date Voucherify's listing docs use, as midnight UTC in epoch microseconds.
DOCS_DAY = (dt.date(2016, 11, 16) - dt.date(1970, 1, 1)).days * DAY
DOCS_MOMENT = DOCS_DAY + (14 * 3600 + 14 * 60 + 31) * 1_000_000
IMPOSSIBLE_DATES = ("2023-02-31", "2023-13-45", "2023-00-10", "2023-04-31", "2023-02-29", "2023-06-00")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1970-01-01", 0), ("2016-11-16", DOCS_DAY), ("2024-02-29", 19782 * DAY), ("1969-12-31", -DAY)],
)
def test_a_full_date_is_its_midnight_in_utc(value: str, expected: int) -> None:
    assert parse_full_date(value) == expected


@pytest.mark.parametrize("value", [*IMPOSSIBLE_DATES, "2016-11-16T00:00:00Z", "20161116", "2016-11-6", "", "x"])
def test_what_is_no_calendar_date_is_no_full_date(value: str) -> None:
    assert parse_full_date(value) is None
    assert not is_full_date(value)


@pytest.mark.parametrize("value", [f"{day}T00:00:00Z" for day in IMPOSSIBLE_DATES])
def test_an_impossible_day_is_no_date_time(value: str) -> None:
    assert parse_rfc3339(value) is None
    assert not is_date_time(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2016-11-16T14:14:31Z", DOCS_MOMENT),
        ("2016-11-16T14:14:31+00:00", DOCS_MOMENT),
        ("2016-11-16T14:14:31+0000", DOCS_MOMENT),
        ("2016-11-16T16:14:31+0200", DOCS_MOMENT),
        ("2016-11-16T12:14:31-02", DOCS_MOMENT),
        ("2016-11-16T14:14:31.000+0000", DOCS_MOMENT),
        ("2016-11-16T14:14:31", DOCS_MOMENT),
        ("2016-11-16T14:14Z", DOCS_MOMENT - 31_000_000),
        ("2016-11-16", DOCS_DAY),
    ],
)
def test_iso8601_filter_values_read_as_the_docs_say(value: str, expected: int) -> None:
    assert parse_iso8601(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        *IMPOSSIBLE_DATES,
        *(f"{day}T00:00:00+0000" for day in IMPOSSIBLE_DATES),
        "2016-11-16T14:14:31+2400",
        "2016-11-16T14:14:31+000",
        "2016-11-16T24:00:00Z",
        "2016-11-16T14",
        "2016-11-16 14:14:31Z",
        "yesterday",
        "",
    ],
)
def test_what_is_no_date_is_no_iso8601_filter_value(value: str) -> None:
    assert parse_iso8601(value) is None


@pytest.mark.parametrize("value", ["2016-11-16T14:14:31+0000", "2016-11-16T14:14:31", "2016-11-16"])
def test_iso8601_leniency_is_not_rfc3339_date_time(value: str) -> None:
    assert parse_iso8601(value) is not None
    assert parse_rfc3339(value) is None


@pytest.mark.parametrize("name", sorted(FORMATS))
@pytest.mark.parametrize("value", [None, 3, ["2023-02-31"]])
def test_format_checks_leave_other_types_to_other_keywords(name: str, value: object) -> None:
    assert FORMATS[name](value)


@pytest.mark.parametrize(
    ("name", "good", "bad"),
    [("date", "2016-11-16", "2023-02-31"), ("date-time", "2016-11-16T14:14:31Z", "2023-02-31T00:00:00Z")],
)
def test_jsonschema_validators_check_formats_on_the_calendar(name: str, good: str, bad: str) -> None:
    checker = FormatChecker(formats=())
    for format_name, check in FORMATS.items():
        checker.checks(format_name)(check)
    schema = {"type": "string", "format": name}
    assert Draft4Validator(schema, format_checker=checker).is_valid(good)
    assert not Draft4Validator(schema, format_checker=checker).is_valid(bad)
    assert jsonschema_rs.Draft4Validator(schema, formats=FORMATS, validate_formats=True).is_valid(good)
    assert not jsonschema_rs.Draft4Validator(schema, formats=FORMATS, validate_formats=True).is_valid(bad)
