"""Status codes against response keys: `200`, `2XX` and `default`, as Schemathesis 4.32.5 expands them."""

from __future__ import annotations

import string
from collections.abc import Iterable
from functools import lru_cache
from itertools import product

# `not_a_server_error`'s default `expected-statuses`: anything else, 1xx included, is a server error (sic).
NOT_A_SERVER_ERROR_EXPECTED = ("2xx", "3xx", "4xx")
DEFAULT_KEY = "default"
_CHARACTERS = frozenset(string.digits + "X")


@lru_cache(maxsize=256)
def expand(pattern: str | int) -> tuple[int, ...]:
    """The statuses a response key stands for: `2XX` (any case) for 200-299; none for text that is no code pattern."""
    text = str(pattern).upper()
    if not 0 < len(text) <= 3 or any(char not in _CHARACTERS for char in text):
        return ()
    choices = [list(string.digits) if char == "X" else [char] for char in text]
    return tuple(int("".join(digits)) for digits in product(*choices))


def expand_all(patterns: Iterable[str]) -> list[int]:
    return [status for pattern in patterns for status in expand(pattern)]


EXPECTED_NOT_SERVER_ERRORS = frozenset(expand_all(NOT_A_SERVER_ERROR_EXPECTED))


def matching_key(keys: Iterable[str], status: int) -> str | None:
    """The most specific key for `status`: exact, then wildcards with fewer `X` first, then `default`."""
    keys = list(keys)
    if str(status) in keys:
        return str(status)
    # Only an upper-case `X` counts towards "fewer wildcards" (sic), while `expand` reads `2xx` as well.
    for key in sorted(keys, key=lambda k: k.count("X")):
        if key != DEFAULT_KEY and status in expand(key):
            return key
    return DEFAULT_KEY if DEFAULT_KEY in keys else None
