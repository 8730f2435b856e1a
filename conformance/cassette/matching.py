"""When a request matches a recording: the matchers, and the canonical key that says the same thing in one value.

vcrpy's matchers by name, and ours for credentials (`VCR.register_matcher`). For every matcher we use, the key part
is the value it compares, computed the way it computes it, so two requests match exactly when their keys are
equal (`tests/test_cassette_index.py` checks both directions). That lets `index.py` find the few recordings a
request can match without comparing it with every recording.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from vcr import matchers

from conformance.credentials import SECRET_HEADERS
from conformance.timestamps import parse_iso8601

MATCH_ON = ("method", "path", "query", "credentials")
INSTANT_QUERY = "query_instants"  # the name `recording.recorder` registers `instant_query_matcher` under


def credentials_matcher(r1: Any, r2: Any) -> None:
    """Requests match only with the same credentials: none, the run's own, or other ones (already scrubbed)."""
    left, right = credentials_of(r1), credentials_of(r2)
    for name, one, other in zip(SECRET_HEADERS, left, right, strict=True):
        assert one == other, f"{name}: {one!r} != {other!r}"


def credentials_of(request: Any) -> tuple[str | None, ...]:
    """The value of each credential header (names compared case-insensitively), None where absent."""
    # vcrpy's HeadersDict is case-insensitive; `lower_items` walks it once instead of a lookup per name.
    present = {name: value for name, value in request.headers.lower_items() if name in SECRET_HEADERS}
    return tuple(present.get(name) for name in SECRET_HEADERS)


def query_instants(request: Any) -> tuple[tuple[str, str], ...]:
    """vcrpy's `Request.query` (the sorted pairs) with each date-time value as its instant in UTC microseconds: an
    SDK that sends `Z` where the recorded one sent `+0000` asks the same question of the API."""
    return tuple(sorted((name, _instant(value)) for name, value in request.query))


def _instant(value: str) -> str:
    micros = parse_iso8601(value) if "T" in value.upper() else None
    return value if micros is None else f"instant:{micros}"


def instant_query_matcher(r1: Any, r2: Any) -> None:
    """vcrpy's `query` matcher, with date-times compared by their instant; nothing else is compared loosely."""
    left, right = query_instants(r1), query_instants(r2)
    assert left == right, f"{left} != {right}"


# The value each matcher compares, computed the way the matcher computes it: for every matcher `m` here,
# `m(r1, r2)` passes exactly when `KEY_PARTS[m](r1) == KEY_PARTS[m](r2)` (`tests/test_cassette_index.py`).
KEY_PARTS: dict[Callable[..., Any], Callable[[Any], Hashable]] = {
    matchers.method: lambda r: r.method,
    matchers.scheme: lambda r: r.scheme,
    matchers.host: lambda r: r.host,
    matchers.port: lambda r: r.port,
    matchers.path: lambda r: r.path or "/",  # RFC 3986 6.2.3, as vcrpy's path matcher normalizes it
    matchers.query: lambda r: tuple(r.query),  # vcrpy's Request.query: the sorted parse_qsl pairs
    credentials_matcher: credentials_of,
    instant_query_matcher: query_instants,
}
Key = tuple[Hashable, ...]


def keyer_for(match_on: Sequence[Callable[..., Any]]) -> Callable[[Any], Key] | None:
    """A function from a (filtered) request to its canonical key; None if a matcher has no known key part."""
    parts = [KEY_PARTS.get(matcher) for matcher in match_on]
    known = [part for part in parts if part is not None]
    if len(known) < len(parts):
        return None
    return lambda request: tuple(part(request) for part in known)
