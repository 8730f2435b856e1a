"""Run settings: every option of `conformance run` in one validated place."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from conformance.errors import UsageError

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

    def __repr__(self) -> str:
        return (
            f"RunSettings(spec={str(self.spec)!r}, base_url={self.base_url!r}, report_dir={str(self.report_dir)!r}, "
            f"seed={self.seed}, max_examples={self.max_examples}, strict_spec={self.strict_spec})"
        )

    @property
    def uses_sandbox(self) -> bool:
        return self.base_url is None


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
    environ: Mapping[str, str] = os.environ,
) -> RunSettings:
    """Merge flags with the environment and validate once.

    Precedence for credentials: --app-id/--app-token flags, then VOUCHERIFY_APP_ID/VOUCHERIFY_APP_TOKEN.
    """
    app_id = app_id or environ.get(APP_ID_ENV) or None
    app_token = app_token or environ.get(APP_TOKEN_ENV) or None
    if base_url is not None:
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
    )


def _validate_base_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"--base-url must be an http(s) URL such as https://api.voucherify.io; got {url!r}.")
    return url.rstrip("/")
