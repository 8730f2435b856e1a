"""Run settings: every option of `conformance run` in one validated place."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from conformance.errors import UsageError

# vcrpy's record modes; `none` and `once` replay an existing cassette.
RECORD_MODES = ("none", "once", "new_episodes", "all")
REPLAY_MODES = ("none", "once")
DEFAULT_SPEC = Path("specs/voucherify/customers.yaml")
DEFAULT_REPORT_DIR = Path("reports")
DEFAULT_SEED = 0
DEFAULT_MAX_EXAMPLES = 50
APP_ID_ENV = "VOUCHERIFY_APP_ID"
APP_TOKEN_ENV = "VOUCHERIFY_APP_TOKEN"


@dataclass(frozen=True, kw_only=True)
class RunSettings:
    """What one `conformance run` does; credentials are kept out of repr so they never reach a log."""

    spec: Path = DEFAULT_SPEC
    base_url: str | None = None
    app_id: str | None = None
    app_token: str | None = None
    report_dir: Path = DEFAULT_REPORT_DIR
    seed: int = DEFAULT_SEED
    max_examples: int = DEFAULT_MAX_EXAMPLES
    strict_spec: bool = False
    cassette: Path | None = None
    record_mode: str | None = None
    # Decided once, when the settings are made: the cassette exists then, and the mode only replays.
    replaying: bool = False

    def __repr__(self) -> str:
        return (
            f"RunSettings(spec={str(self.spec)!r}, base_url={self.base_url!r}, report_dir={str(self.report_dir)!r}, "
            f"seed={self.seed}, max_examples={self.max_examples}, strict_spec={self.strict_spec}, "
            f"cassette={str(self.cassette) if self.cassette else None!r}, record_mode={self.record_mode!r})"
        )

    @property
    def uses_sandbox(self) -> bool:
        return self.base_url is None and not self.replaying


def resolve_settings(
    *,
    spec: Path = DEFAULT_SPEC,
    base_url: str | None = None,
    app_id: str | None = None,
    app_token: str | None = None,
    report_dir: Path = DEFAULT_REPORT_DIR,
    seed: int = DEFAULT_SEED,
    max_examples: int = DEFAULT_MAX_EXAMPLES,
    strict_spec: bool = False,
    cassette: Path | None = None,
    record_mode: str | None = None,
    environ: Mapping[str, str] = os.environ,
) -> RunSettings:
    """Merge flags with the environment and validate once.

    Precedence for credentials: --app-id/--app-token flags, then VOUCHERIFY_APP_ID/VOUCHERIFY_APP_TOKEN.
    """
    app_id = app_id or environ.get(APP_ID_ENV) or None
    app_token = app_token or environ.get(APP_TOKEN_ENV) or None
    record_mode = _record_mode(cassette, record_mode)
    replaying = cassette is not None and cassette.exists() and record_mode in REPLAY_MODES
    if base_url is not None and not replaying:
        base_url = _validate_base_url(base_url)
        if not (app_id and app_token):
            raise UsageError(
                f"--base-url needs credentials: pass --app-id and --app-token, or set {APP_ID_ENV} and {APP_TOKEN_ENV}."
            )
    if max_examples < 1:
        raise UsageError(f"--max-examples must be at least 1; got {max_examples}.")
    if seed < 0:
        raise UsageError(f"--seed must be a non-negative integer; got {seed}.")
    return RunSettings(
        spec=spec,
        base_url=base_url,
        app_id=app_id,
        app_token=app_token,
        report_dir=report_dir,
        seed=seed,
        max_examples=max_examples,
        strict_spec=strict_spec,
        cassette=cassette,
        record_mode=record_mode,
        replaying=replaying,
    )


def _record_mode(cassette: Path | None, mode: str | None) -> str | None:
    """Default: replay only (`none`) when the cassette exists, so CI never reaches a network by accident."""
    if cassette is None:
        if mode is not None:
            raise UsageError("--record-mode needs --cassette PATH.")
        return None
    if mode is None:
        return "none" if cassette.exists() else "once"
    if mode not in RECORD_MODES:
        raise UsageError(f"--record-mode must be one of {', '.join(RECORD_MODES)}; got {mode!r}.")
    if mode == "none" and not cassette.exists():
        raise UsageError(f"Cassette {cassette} does not exist; record it first with --record-mode once.")
    return mode


def _validate_base_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"--base-url must be an http(s) URL such as https://api.voucherify.io; got {url!r}.")
    return url.rstrip("/")
