"""The generated cases of a recording, kept in the cassette's header, so that a replay re-sends them without
generating anything (Hypothesis' generation is most of a replay's time otherwise).

Each operation's entry lists the cases in the order they were tried, each a line of JSON as `st.case_record`
writes it (JSON parses many times faster than the same data as YAML), and
how generation ended. A replay takes an entry only when it can end the same way: generation completed, or the
budget stopped it. Otherwise (no entry, an older cassette, a case plain data could not carry, an error) the replay
generates the cases again, as before, and its recording's header still decides whether it may.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CASES_KEY = "generated_cases"  # in the cassette's conformance header
COMPLETED = "completed"
BUDGET = "budget"
REPLAYABLE = (COMPLETED, BUDGET)


@dataclass(frozen=True)
class RecordedCases:
    """One operation's recorded cases, and how their generation ended."""

    cases: tuple[str, ...]
    outcome: str
    covering: int | None = None  # how many of the cases (of all the recording generated) are the covering set


class CaseBook:
    """Writes each generated case into the header being recorded, and reads them back for a replay."""

    def __init__(self, recording: dict[str, Any] | None = None, recorded: dict[str, Any] | None = None) -> None:
        self._recording = recording.setdefault(CASES_KEY, {}) if recording is not None else None
        self._recorded = recorded.get(CASES_KEY) if recorded is not None else None

    @property
    def recording(self) -> bool:
        return self._recording is not None

    def replayable(self, label: str) -> RecordedCases | None:
        """The recorded cases of `label`, when the recording says how to end exactly as it did."""
        entry = self._recorded.get(label) if isinstance(self._recorded, dict) else None
        if not isinstance(entry, dict) or entry.get("outcome") not in REPLAYABLE:
            return None
        cases = entry.get("cases")
        if not isinstance(cases, list) or not all(isinstance(case, str) for case in cases):
            return None
        covering = entry.get("covering")
        return RecordedCases(tuple(cases), str(entry["outcome"]), covering if isinstance(covering, int) else None)

    def start(self, label: str) -> None:
        if self._recording is not None:
            self._recording[label] = {"outcome": "unfinished", "cases": []}

    def add(self, label: str, record: str | None) -> None:
        """A case about to be sent; None when plain data cannot carry it (the replay then generates again)."""
        if self._recording is None:
            return
        entry = self._recording[label]
        if record is None:
            entry["outcome"], entry["cases"] = "unrecordable", []
        elif entry["outcome"] != "unrecordable":
            entry["cases"].append(record)

    def cover(self, label: str, covering: int) -> None:
        """How many of the cases about to be sent lead the covering order as the covering set."""
        if self._recording is not None:
            self._recording[label]["covering"] = covering

    def end(self, label: str, outcome: str) -> None:
        if self._recording is not None and self._recording[label]["outcome"] != "unrecordable":
            self._recording[label]["outcome"] = outcome
