"""Errors that end a run with exit code 2 and a one-line reason.

ConformanceError
├── UsageError        bad options or arguments
│   └── NothingSelected   the selection matches no operation of a spec
│       └── NothingSendable   or none that the run can send
├── SpecError         the spec cannot be read or is not OpenAPI
├── CredentialError   the target rejected the credentials
└── TargetError       the target cannot be reached or answers nonsense
"""

from __future__ import annotations

from collections.abc import Mapping

EXIT_PASS = 0
EXIT_DEFECTS = 1
EXIT_ERROR = 2
EXIT_INCOMPLETE = 3  # no defect, but something selected was not checked (accepted with --allow-incomplete)
EXIT_INTERRUPTED = 130  # Ctrl-C: the outputs hold what was sent before it (128 + SIGINT, as shells report it)


class ConformanceError(Exception):
    """A problem with the run's inputs, not a finding about the API; its message is one line."""

    verdict = "error"

    def __str__(self) -> str:
        return " ".join(super().__str__().split())


class UsageError(ConformanceError):
    """Options that cannot work together, or a value out of range."""


class NothingSelected(UsageError):
    """The selection matches no operation of a spec (over several files, another may match)."""


class NothingSendable(NothingSelected):
    """No selected operation of a spec can be sent (not served, or kept from a live target); `reasons` says why,
    per operation."""

    def __init__(self, message: str, reasons: Mapping[str, str]) -> None:
        super().__init__(message)
        self.reasons = dict(reasons)


class SpecError(ConformanceError):
    """The spec file is missing, unparsable, or not an OpenAPI 3 document."""


class CredentialError(ConformanceError):
    """The target answered 401 or 403 to a request carrying the given credentials."""


class TargetError(ConformanceError):
    """The target is unreachable, times out, or does not speak HTTP."""
