"""When a request matches a recording: the matchers, and the canonical key that says the same thing in one value.

For every matcher `m` we index by, `m(r1, r2)` passes exactly when `KEY_PARTS[m](r1) == KEY_PARTS[m](r2)`
(`tests/test_cassette_index.py` checks both directions). So comparing keys is as strict as running the
matchers, and a request can be found in a dict instead of by comparing it with every recording.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from vcr import matchers

from conformance.credentials import SECRET_HEADERS

MATCH_ON = ("method", "path", "query", "credentials")
Matcher = Callable[[Any, Any], None]
KeyPart = Callable[[Any], Hashable]
Keyer = Callable[[Any], tuple[Hashable, ...]]


def credentials_matcher(r1: Any, r2: Any) -> None:
    """Requests match only with the same credentials: none, the run's own, or other ones (already scrubbed)."""
    left, right = credentials_of(r1), credentials_of(r2)
    for name, one, other in zip(SECRET_HEADERS, left, right, strict=True):
        assert one == other, f"{name}: {one!r} != {other!r}"


def credentials_of(request: Any) -> tuple[str | None, ...]:
    """The value of each credential header (names compared case-insensitively), None where absent."""
    headers = request.headers  # vcrpy's HeadersDict: case-insensitive
    return tuple(headers.get(name) for name in SECRET_HEADERS)


# Each part is what its matcher compares, computed the way the matcher computes it.
KEY_PARTS: dict[Callable[..., Any], KeyPart] = {
    matchers.method: lambda r: r.method,
    matchers.scheme: lambda r: r.scheme,
    matchers.host: lambda r: r.host,
    matchers.port: lambda r: r.port,
    matchers.path: lambda r: r.path or "/",  # RFC 3986 6.2.3, as vcrpy's _normalized_path
    matchers.query: lambda r: tuple(r.query),  # vcrpy's Request.query: sorted parse_qsl pairs
    credentials_matcher: credentials_of,
}


def keyer_for(match_on: Sequence[Callable[..., Any]]) -> Keyer | None:
    """A function from a (filtered) request to its canonical key; None if a matcher has no known key part."""
    parts = [KEY_PARTS.get(matcher) for matcher in match_on]
    if any(part is None for part in parts):
        return None
    known: list[KeyPart] = [part for part in parts if part is not None]
    return lambda request: tuple(part(request) for part in known)
