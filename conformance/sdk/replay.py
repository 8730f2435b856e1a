"""The gate's cassettes: what a recording writes in its header, and what a replay reads from the cassettes given.

An SDK cassette (`kind: sdk`, written by `conformance sdk --cassette NEW`) holds every request the gate's SDK sent
for its spec files and the answers; a replay drives the SDK again and answers each request from the cassettes
(`sdk.cassette`), so a request they lack is an error (`ReplayMiss`), never a pass. Any other cassette
(`conformance run`'s) adds recorded responses to parse, and answers too. The header also keeps the recorded
outcome, which a replay must give again. Every file is read once, by the one cassette reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import conformance
from conformance.cassette.reader import META_KEY, read_cassette
from conformance.errors import UsageError
from conformance.result import RunResult
from conformance.sdk.exchanges import Exchange, exchanges_of
from conformance.spec import Spec

SDK_KIND = "sdk"
NOT_SERVED_KEY = "not_served"  # what the recording's sandbox did not serve, and why
SPECS_KEY = "specs"  # the spec files recorded: file name -> sha256
RECORDED_KEY = "recorded"  # the recorded outcome: verdict, coverage, findings
RECORD_HINT = "record one with `conformance sdk --spec SPEC --cassette NEW.yaml` (scripts/record_cassettes.py --sdk)"


class ReplayMiss(Exception):
    """The SDK sent a request that no cassette answers: the replay cannot judge it (an error, never a pass)."""


@dataclass
class Recordings:
    """What the cassettes given hold: answers to replay, responses to parse, and their headers' facts."""

    answers: list[Exchange] = field(default_factory=list)  # SDK cassettes: what the SDK sent and got
    responses: list[Exchange] = field(default_factory=list)  # other cassettes: responses to parse
    not_served: dict[str, str] = field(default_factory=dict)
    specs: dict[str, str] = field(default_factory=dict)  # sha256 -> file name, of every SDK cassette
    headers: dict[Path, dict[str, Any]] = field(default_factory=dict)
    answering: list[Path] = field(default_factory=list)  # what a replay asks: SDK cassettes first, then the others

    @property
    def every(self) -> list[Exchange]:
        return self.answers + self.responses


def load_recordings(paths: tuple[Path, ...]) -> Recordings:
    """Read every existing cassette once; an unreadable one is a one-line CassetteError."""
    found = Recordings()
    others: list[Path] = []
    for path in paths:
        if not path.exists():
            continue
        cassette = read_cassette(path)
        exchanges, header = exchanges_of(cassette), cassette.metadata.get(META_KEY)
        header = header if isinstance(header, dict) else {}
        found.headers[path] = header
        if header.get("kind") == SDK_KIND:
            found.answering.append(path)
            found.answers += exchanges
            recorded = header.get(SPECS_KEY) or {}
            found.specs.update({str(sha): str(name) for name, sha in recorded.items()} if recorded else {})
            if not recorded and header.get("spec_sha256"):  # recorded before the header named its spec files
                found.specs[str(header["spec_sha256"])] = "?"
        else:
            others.append(path)
            found.responses += exchanges
        found.not_served.update(header.get(NOT_SERVED_KEY) or {})
    found.answering += others
    return found


def check_replayable(specs: tuple[Spec, ...], recordings: Recordings, cassettes: tuple[Path, ...]) -> None:
    """Every spec a replay drives needs an SDK cassette recorded on that very spec: one line and exit 2 if not."""
    if not recordings.specs:
        return  # no SDK cassette: each request the SDK sends is a miss, an error naming the call
    for spec in specs:
        if spec.sha256 not in recordings.specs:
            given = ", ".join(map(str, cassettes))
            raise UsageError(
                f"--spec {spec.path}: no SDK cassette among {given} was recorded on this spec (its sha256 differs, "
                f"or it was not recorded); {RECORD_HINT}."
            )


def header(
    specs: tuple[Spec, ...], version: str, target: str, not_served: dict[str, str], result: RunResult
) -> dict[str, Any]:
    """The conformance block of an SDK cassette: what it was recorded on, and the outcome a replay must give."""
    complete, selected = result.coverage()
    return {
        "kind": SDK_KIND,
        "sdk": f"voucherify=={version}",
        SPECS_KEY: {spec.path.name: spec.sha256 for spec in specs},
        "suite": conformance.__version__,
        "target": target,  # no time of recording: recording twice from the same code and target gives the same file
        NOT_SERVED_KEY: dict(sorted(not_served.items())),
        RECORDED_KEY: recorded_outcome(result) | {"coverage": [complete, selected]},
    }


def recorded_outcome(result: RunResult) -> dict[str, Any]:
    """What a replay of the cassette must give again: the verdict and every distinct finding (not the request
    count: a replay sends none)."""
    outcome = result.outcome()
    return {key: value for key, value in outcome.items() if key != "requests"}
