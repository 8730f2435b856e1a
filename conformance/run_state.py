"""What a run leaves for the next one, whoever ran it (`conformance run` or the pytest plugin): the `--resume`
coverage file, and the recorded cassette's label. Written after every run, an interrupted one too, so that nothing
it did is lost."""

from __future__ import annotations

from conformance.engine.resume import belongs, cases_sent_in, done_in, generation, kept_findings, save
from conformance.engine.target import SANDBOX_TARGET
from conformance.result import RunResult
from conformance.settings import RunSettings


def keep(settings: RunSettings, result: RunResult) -> None:
    """Save the coverage of `--resume` (never over a file of another campaign), and label a cassette this run
    recorded with its target."""
    if settings.resume is not None and result.info.spec.sha256 and belongs(settings.resume, result.info.spec.sha256):
        done = done_in(result, _earlier(result))
        sent = cases_sent_in(result, result.info.resumed_cases)
        generated_by = generation(settings.seed, settings.max_examples)
        save(
            settings.resume, result.info.spec.sha256, done, sent, generated_by, kept_findings(result), target(settings)
        )
    if settings.cassette is not None and not settings.replaying and settings.cassette.exists():
        from conformance.cassette import label_cassette  # vcrpy and YAML, for runs with a cassette only

        label_cassette(settings.cassette, result.info.target)


def target(settings: RunSettings) -> str:
    """Which target a campaign runs against, as its coverage file names it: the base URL (credentials aside), a
    cassette's replay, or the embedded sandbox (started afresh each run, from the same spec and seed)."""
    if settings.replaying:
        return f"the replay of {settings.cassette}"
    return settings.base_url if settings.base_url is not None else SANDBOX_TARGET


def _earlier(result: RunResult) -> dict[str, set[str]]:
    return {operation: set(phases) for operation, phases in result.info.resumed.items()}
