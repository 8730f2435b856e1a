"""Why a cassette cannot serve this run, each as a one-line message that says how to fix it.

ConformanceError                 (conformance.errors)
└── CassetteError                the cassette cannot be used for this run
    ├── UnreadableCassette       missing, empty, not UTF-8, or not YAML (with line and column)
    ├── NotACassette             YAML, but no vcrpy interactions or no conformance metadata
    ├── ChangedInputs            recorded with other inputs than this run's (names each one)
    ├── IncompleteCassette       holds fewer interactions than the recorded run sent
    ├── ReplayMiss               a complete cassette lacks a request this run sends
    └── NothingToRecheck         the spec knows none of the cassette's interactions
"""

from __future__ import annotations

from pathlib import Path

import yaml

from conformance.errors import ConformanceError

RERECORD = "Re-record it with --record-mode all, against the target it was recorded from"


class CassetteError(ConformanceError):
    """The cassette cannot be replayed for this run: missing, broken, or recorded from other inputs."""


class UnreadableCassette(CassetteError):
    """The file is missing, empty, not UTF-8, or not YAML."""

    @classmethod
    def from_exception(cls, path: Path, exc: BaseException) -> UnreadableCassette:
        return cls(f"Cannot read cassette {path}: {describe_read_error(exc)}. {RERECORD}, or fix the file.")


class NotACassette(CassetteError):
    """YAML that is not a vcrpy cassette, or a vcrpy cassette that conformance did not record."""


class ChangedInputs(CassetteError):
    """The run's inputs differ from the recording's."""

    @classmethod
    def listing(cls, path: Path | str, changed: list[str]) -> ChangedInputs:
        return cls(
            f"Cassette {path} was recorded with other inputs ({'; '.join(changed)}). "
            f"{RERECORD}, or run with the recorded options."
        )


class IncompleteCassette(CassetteError):
    """The cassette holds only part of its recorded run."""

    @classmethod
    def holding(cls, path: Path | str, held: int, sent: int | None) -> IncompleteCassette:
        if sent is None:
            return cls(
                f"Cassette {path} holds {held} interactions but no recorded outcome: its recording did not "
                f"finish, so it may lack requests this run sends. {RERECORD}."
            )
        return cls(f"Cassette {path} is incomplete: it holds {held} of the {sent} requests its run sent. {RERECORD}.")


class ReplayMiss(CassetteError):
    """A complete cassette without a recording of a request this run sends."""


class NothingToRecheck(CassetteError):
    """Not one recorded interaction is an operation of the given spec."""

    @classmethod
    def between(cls, path: Path | str, spec: Path | str, interactions: int, sample: str) -> NothingToRecheck:
        return cls(
            f"None of the {interactions} interactions in cassette {path} is an operation of {spec} "
            f"(the first is {sample}). Recheck with the spec the cassette was recorded from, or a later version of it."
        )

    @classmethod
    def not_a_run(cls, path: Path | str, command: str) -> NothingToRecheck:
        """A cassette another command recorded (`command`: the SDK gate's, with its options): no run's plan to run."""
        return cls(
            f"Cassette {path} was recorded by `conformance {command}`, not `conformance run`: recheck runs a run's "
            f"plan again. Replay it with `conformance {command} --cassette {path}`."
        )


def describe_read_error(exc: BaseException) -> str:
    """Say what is wrong with a cassette file and where: `line 12, column 3: found unexpected end of stream`."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or type(exc).__name__
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        return f"not valid YAML ({where}{problem})"
    if isinstance(exc, yaml.YAMLError):
        return f"not valid YAML ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})"
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text (byte {exc.start} is {exc.object[exc.start : exc.start + 1]!r})"
    if isinstance(exc, OSError):
        return str(exc.strerror or type(exc).__name__).lower()
    return type(exc).__name__
