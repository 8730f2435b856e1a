"""`--resume FILE`: what earlier budgeted runs of the same spec already covered, so that this run continues there.

The file holds, per operation, the phases ("probes", "generated cases") that ran to the end, and, of a
generated-cases phase that the budget cut short, how many cases were sent. Generation is derandomized: with the
same seed, examples and request-shaping code, a run generates the same cases in the same order, so the next run
skips that many and sends from the next case on. A phase longer than one run's budget thus finishes over several
runs. With other generation inputs the count means nothing, and the phase starts over. A probes phase cut short
(by the budget or Ctrl-C) runs again whole, its requests sent before answered from what they received, kept next
to this file (`engine.received`): a resumed run sends nothing twice.

The file also keeps the campaign's findings (defects, spec gaps, errors' messages are not kept: an error stops its
phase, which then runs again): each run's verdict is the campaign's so far, so the run that completes the last
phase never passes over a defect an earlier run found (`campaign`).

The file says which format it is in; one of another format, or not written by conformance, is a UsageError.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from conformance.engine.generated import GENERATED
from conformance.errors import UsageError
from conformance.result import EARLIER, Finding, Kind, RunResult

__all__ = [
    "EARLIER",
    "Resumed",
    "belongs",
    "campaign",
    "cases_sent_in",
    "check",
    "done_in",
    "generation",
    "kept_findings",
    "load",
    "save",
]

# 2: what the probes received is kept next to the file; a file of format 1 would resend it.
# 3: the campaign's findings are kept; a file of format 2 would lose those of its earlier runs.
FORMAT = 3
KEPT = (Kind.DEFECT, Kind.SPEC_GAP)  # spec findings are the spec's, found again by every run


@dataclass(frozen=True)
class Resumed:
    """What earlier runs covered: phases done per operation; generated cases sent of a phase not done."""

    done: dict[str, set[str]] = field(default_factory=dict)
    cases_sent: dict[str, int] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()


def generation(seed: int, max_examples: int) -> dict[str, Any]:
    """The inputs that decide which cases a run generates, in which order."""
    from conformance.cassette.header import request_shaping_sha  # hashes the code: only with --resume

    return {"seed": seed, "max_examples": max_examples, "suite_requests": request_shaping_sha()}


def check(path: Path, target: str) -> None:
    """Before a run writes anything: an existing `path` is a coverage file of this format, of a campaign against this
    `target` (UsageError otherwise, and the file is left as it is: it may be someone's notes, or another campaign).
    A phase done against one target says nothing of another: staging's probes must not pass production."""
    if not path.exists():
        return
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        data = None
    if not isinstance(data, dict) or "format" not in data:
        raise UsageError(
            f"--resume {path} is not a coverage file written by conformance (no JSON object with a format); "
            "it was left as it is: pass a new file."
        )
    if data["format"] != FORMAT:
        raise UsageError(
            f"--resume {path} is a coverage file of format {data['format']!r}, and this release reads format "
            f"{FORMAT}: pass a new file (the run starts over)."
        )
    if data.get("target", target) != target:
        raise UsageError(
            f"--resume {path} was written for a campaign against {data['target']}, and this run's target is {target}: "
            "pass a new file, or that target."
        )


def belongs(path: Path, spec_sha256: str) -> bool:
    """The file may be written for this spec: it does not exist yet, or it is this spec's campaign."""
    if not path.exists():
        return True
    try:
        return bool(json.loads(path.read_text()).get("spec_sha256") == spec_sha256)
    except (OSError, ValueError, AttributeError):
        return False


def load(path: Path | None, spec_sha256: str, generated_by: dict[str, Any] | None = None) -> Resumed:
    """What earlier runs covered; nothing for a new file; UsageError for a file of another spec."""
    if path is None or not path.exists():
        return Resumed()
    try:
        data = json.loads(path.read_text())
        if data["format"] != FORMAT:
            raise UsageError(
                f"--resume {path} is a coverage file of format {data['format']!r}, and this release reads format "
                f"{FORMAT}: pass a new file (the run starts over)."
            )
        if data.get("spec_sha256") != spec_sha256:
            raise UsageError(
                f"--resume {path} was written for another spec (sha256 {str(data.get('spec_sha256'))[:12]}…); "
                "pass a new file, or the spec it was made for."
            )
        done = {operation: set(phases) for operation, phases in data["done"].items()}
        same = generated_by is not None and data.get("generation") == generated_by
        sent = {op: int(n) for op, n in data.get("cases_sent", {}).items()} if same else {}
        return Resumed(done, sent, tuple(Finding.from_json(item) for item in data["findings"]))
    except (OSError, ValueError, KeyError, AttributeError, TypeError) as exc:
        raise UsageError(
            f"--resume {path} is not a coverage file written by conformance: {type(exc).__name__}."
        ) from None


def done_in(result: RunResult, earlier: dict[str, set[str]]) -> dict[str, set[str]]:
    """Phases done per operation after this run: the earlier ones, plus those this run finished."""
    done = {operation: set(found) for operation, found in earlier.items()}
    for op in result.operations:
        if op.complete_phases:
            done.setdefault(op.operation, set()).update(op.complete_phases)
    return done


def cases_sent_in(result: RunResult, earlier: dict[str, int]) -> dict[str, int]:
    """Generated cases sent per operation after this run, for the phases still not done."""
    sent = dict(earlier)
    for op in result.operations:
        if GENERATED in op.complete_phases:
            sent.pop(op.operation, None)
        elif op.cases_sent:
            sent[op.operation] = sent.get(op.operation, 0) + op.cases_sent
    return sent


def campaign(result: RunResult, earlier: tuple[Finding, ...]) -> RunResult:
    """The run's result with the findings earlier runs of its campaign made and this one did not make again (marked
    `earlier`): the verdict is the campaign's. A finding this run made again is its own."""
    if not earlier:
        return result
    again = {_identity(finding) for finding in result.findings}
    kept = tuple(replace(f, earlier=True) for f in earlier if _identity(f) not in again)
    return replace(result, findings=(*kept, *result.findings))


def kept_findings(result: RunResult) -> tuple[Finding, ...]:
    """What the coverage file keeps of the campaign's findings."""
    return tuple(finding for finding in result.findings if finding.kind in KEPT)


def _identity(finding: Finding) -> tuple[str, str, str, str]:
    return (finding.kind.value, finding.check, finding.operation, finding.message)


def save(
    path: Path,
    spec_sha256: str,
    done: dict[str, set[str]],
    cases_sent: dict[str, int],
    generated_by: dict[str, Any],
    findings: tuple[Finding, ...] = (),
    target: str = "",
) -> None:
    data = {
        "format": FORMAT,
        "spec_sha256": spec_sha256,
        "target": target,
        "done": {op: sorted(p) for op, p in sorted(done.items())},
        "cases_sent": dict(sorted(cases_sent.items())),
        "generation": generated_by,
        "findings": [finding.as_json() for finding in findings],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n")
