"""A recorded response, as the checks read it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RecordedResponse:
    """Status, headers (name -> every value, as recorded) and the body's bytes."""

    status: int
    headers: Mapping[str, list[str]]
    body: bytes
    _lowered: dict[str, list[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # As Schemathesis' Response: names are lower-cased and, when two differ only in case, the later one wins.
        object.__setattr__(self, "_lowered", {name.lower(): values for name, values in self.headers.items()})

    def header(self, name: str) -> list[str] | None:
        """Every value of the header `name` (any case), or None when it is absent."""
        return self._lowered.get(name.lower())

    @property
    def content_type(self) -> str | None:
        """The first Content-Type value; None when there is none (Schemathesis' `response_content_type`)."""
        values = self.header("content-type")
        return values[0] if values else None
