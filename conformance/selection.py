"""Which operations a run covers: Schemathesis' include/exclude filters, and safe methods against live targets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from conformance.errors import UsageError
from conformance.openapi import HTTP_METHODS

FILTERS = ("path", "method", "operation-id", "tag")
SAFE_METHODS = ("GET", "HEAD")
METHOD_CHOICES = ("safe", "all")


@dataclass(frozen=True)
class Selection:
    """Include and exclude filters with Schemathesis' names and meaning, and whether unsafe methods may run."""

    include: tuple[tuple[str, tuple[str, ...]], ...] = ()  # ("path", ("/v1/customers",)), ...
    exclude: tuple[tuple[str, tuple[str, ...]], ...] = ()
    all_methods: bool = False

    @property
    def methods(self) -> tuple[str, ...] | None:
        """The methods a live run may send; None for all of them."""
        return None if self.all_methods else SAFE_METHODS


def parse_selection(
    include: dict[str, Sequence[str] | None], exclude: dict[str, Sequence[str] | None], methods: str | None
) -> Selection:
    """Validate once: known filter names, real HTTP methods, `safe` or `all`."""
    if methods not in (None, *METHOD_CHOICES):
        raise UsageError(f"--methods must be one of {', '.join(METHOD_CHOICES)}; got {methods!r}.")
    return Selection(_filters(include, "include"), _filters(exclude, "exclude"), methods == "all")


def _filters(given: dict[str, Sequence[str] | None], side: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    found = []
    for name, values in given.items():
        if name not in FILTERS:
            raise UsageError(f"Unknown filter --{side}-{name}; expected one of {', '.join(FILTERS)}.")
        if not values:
            continue
        if name == "method":
            bad = [v for v in values if v.lower() not in HTTP_METHODS]
            if bad:
                raise UsageError(f"--{side}-method takes HTTP methods such as GET; got {', '.join(bad)}.")
            values = [v.upper() for v in values]
        found.append((name, tuple(values)))
    return tuple(found)


def parse_path_params(values: Sequence[str] | None) -> dict[str, str]:
    """`--path-param NAME=VALUE`, repeatable."""
    params: dict[str, str] = {}
    for value in values or ():
        name, sep, given = value.partition("=")
        if not sep or not name.strip() or not given:
            raise UsageError(f"--path-param must look like customerId=cust_123; got {value!r}.")
        params[name.strip()] = given
    return params
