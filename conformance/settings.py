"""Run settings: every option of `conformance run` in one validated place."""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from conformance.credentials import APP_ID_ENV, APP_TOKEN_ENV
from conformance.errors import UsageError
from conformance.rate import Rate, parse_rate
from conformance.selection import Selection, parse_path_params
from conformance.spec import DEFAULT_SPEC as DEFAULT_SPEC  # re-exported: the default of `--spec`
from conformance.spec import load_spec

DEFAULT_CREDENTIALS_FILE = Path(".config/conformance/credentials.toml")
# vcrpy's record modes; `none` and `once` replay an existing cassette.
RECORD_MODES = ("none", "once", "new_episodes", "all")
REPLAY_MODES = ("none", "once")
DEFAULT_REPORT_DIR = Path("reports")
DEFAULT_SEED = 0
DEFAULT_MAX_EXAMPLES = 50
SPEC_SUFFIXES = (".json", ".yaml", ".yml")


@dataclass(frozen=True, kw_only=True)
class RunSettings:
    """What one `conformance run` does; credentials are kept out of repr so they never reach a log."""

    spec: Path = DEFAULT_SPEC  # the first (or only) spec file
    # Every spec file of a run over several (`--spec` repeated, or a folder); empty for a run over one file.
    specs: tuple[Path, ...] = ()
    base_url: str | None = None
    app_id: str | None = None
    app_token: str | None = None
    report_dir: Path = DEFAULT_REPORT_DIR
    seed: int = DEFAULT_SEED
    max_examples: int = DEFAULT_MAX_EXAMPLES
    strict_spec: bool = False
    allow_incomplete: bool = False
    cassette: Path | None = None
    record_mode: str | None = None
    # Decided once, when the settings are made: the cassette exists then, and the mode only replays.
    replaying: bool = False
    max_requests: int | None = None
    rate_limit: Rate | None = None
    sandbox_quota: Rate | None = None
    selection: Selection = field(default_factory=Selection)
    path_params: Mapping[str, str] = field(default_factory=dict)
    plan_only: bool = False
    resume: Path | None = None
    # The cluster that gave base_url (--cluster NAME), so that an error about the target names the option used.
    cluster: str | None = None

    @property
    def target_option(self) -> str:
        """The option that named the target, as the user typed it."""
        return f"--cluster {self.cluster}" if self.cluster is not None else "--base-url"

    @property
    def spec_files(self) -> tuple[Path, ...]:
        """The spec files the run covers, one or several."""
        return self.specs or (self.spec,)

    def __repr__(self) -> str:
        return (
            f"RunSettings(spec={str(self.spec)!r}, specs={len(self.spec_files)}, base_url={self.base_url!r}, "
            f"report_dir={str(self.report_dir)!r}, "
            f"seed={self.seed}, max_examples={self.max_examples}, strict_spec={self.strict_spec}, "
            f"cassette={str(self.cassette) if self.cassette else None!r}, record_mode={self.record_mode!r})"
        )


def resolve_settings(
    *,
    spec: Path | Sequence[Path] = DEFAULT_SPEC,
    base_url: str | None = None,
    app_id: str | None = None,
    app_token: str | None = None,
    report_dir: Path = DEFAULT_REPORT_DIR,
    seed: int = DEFAULT_SEED,
    max_examples: int = DEFAULT_MAX_EXAMPLES,
    strict_spec: bool = False,
    allow_incomplete: bool = False,
    cassette: Path | None = None,
    record_mode: str | None = None,
    max_requests: int | None = None,
    rate_limit: str | None = None,
    cluster: str | None = None,
    credentials_file: Path | None = None,
    sandbox_quota: str | None = None,
    selection: Selection | None = None,
    path_param: Sequence[str] | None = None,
    plan: bool = False,
    resume: Path | None = None,
    environ: Mapping[str, str] = os.environ,
) -> RunSettings:
    """Merge flags with the environment and validate once.

    Precedence for credentials: --app-id/--app-token flags, then VOUCHERIFY_APP_ID/VOUCHERIFY_APP_TOKEN.
    `spec` is one file, or several files and folders (`spec_files`).
    """
    files = spec_files([spec] if isinstance(spec, Path) else list(spec))
    if len(files) > 1 and cassette is not None:
        raise UsageError(f"--cassette takes one spec; got {len(files)} spec files. Record each file on its own.")
    # Credentials, first found wins: --app-id/--app-token, then VOUCHERIFY_APP_ID/VOUCHERIFY_APP_TOKEN,
    # then the credentials file (--credentials-file, default ~/.config/conformance/credentials.toml).
    stored = read_credentials_file(credentials_file, environ)
    app_id = app_id or environ.get(APP_ID_ENV) or stored.get("app_id") or None
    app_token = app_token or environ.get(APP_TOKEN_ENV) or stored.get("app_token") or None
    target_option = f"--cluster {cluster}" if cluster is not None else "--base-url"
    if cluster is not None:
        if base_url is not None:
            raise UsageError("Pass either --base-url or --cluster, not both.")
        base_url = cluster_url(load_spec(files[0]).raw, cluster)
    if max_requests is not None and max_requests < 1:
        raise UsageError(f"--max-requests must be at least 1; got {max_requests}.")
    pacing = parse_rate(rate_limit) if rate_limit is not None else None
    quota = parse_rate(sandbox_quota, "--sandbox-quota") if sandbox_quota is not None else None
    if quota is not None:
        if base_url is not None:
            raise UsageError("--sandbox-quota applies to the embedded sandbox only; drop --base-url or --cluster.")
        _check_quota_fits(quota, pacing, max_requests)
    record_mode = _record_mode(cassette, record_mode)
    replaying = cassette is not None and cassette.exists() and record_mode in REPLAY_MODES
    if base_url is not None and not replaying:
        base_url = _validate_base_url(base_url)
        if not (app_id and app_token) and not plan:  # --plan estimates from the spec and sends nothing: no credentials
            raise UsageError(
                f"{target_option} needs credentials: pass --app-id and --app-token, or set {APP_ID_ENV} and "
                f"{APP_TOKEN_ENV}, or write them to ~/{DEFAULT_CREDENTIALS_FILE}."
            )
    _check_report_dir(report_dir)
    if max_examples < 1:
        raise UsageError(f"--max-examples must be at least 1; got {max_examples}.")
    if seed < 0:
        raise UsageError(f"--seed must be a non-negative integer; got {seed}.")
    return RunSettings(
        spec=files[0],
        specs=tuple(files) if len(files) > 1 else (),
        base_url=base_url,
        app_id=app_id,
        app_token=app_token,
        report_dir=report_dir,
        seed=seed,
        max_examples=max_examples,
        strict_spec=strict_spec,
        allow_incomplete=allow_incomplete,
        cassette=cassette,
        record_mode=record_mode,
        replaying=replaying,
        max_requests=max_requests,
        rate_limit=pacing,
        sandbox_quota=quota,
        selection=selection or Selection(),
        path_params=parse_path_params(path_param),
        plan_only=plan,
        resume=_resume_file(resume, report_dir),
        cluster=cluster,
    )


def _check_quota_fits(quota: Rate, pacing: Rate | None, max_requests: int | None) -> None:
    """A run within the quota, or a UsageError before the first request: paced no faster than the quota, or with
    a budget no larger than one period's calls (else the quota's 429s end the run mid-way)."""
    if pacing is not None and pacing.interval >= quota.interval:
        return
    if max_requests is not None and max_requests <= quota.count:
        return
    paced = f"--rate-limit {pacing} is faster than it" if pacing is not None else "the run is not paced"
    raise UsageError(
        f"--sandbox-quota {quota} would stop this run mid-way ({paced}): add --rate-limit {quota} "
        f"(or slower), or --max-requests {quota.count} (or fewer)."
    )


def spec_files(given: Sequence[Path]) -> list[Path]:
    """The spec files named, in order and once each; a folder stands for its JSON and YAML files, sorted."""
    files: list[Path] = []
    for path in given or [DEFAULT_SPEC]:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in SPEC_SUFFIXES and p.is_file())
            if not found:
                raise UsageError(f"--spec {path}: the folder holds no {', '.join(SPEC_SUFFIXES)} file.")
            files += found
        else:
            files.append(path)
    return list(dict.fromkeys(files))


def _resume_file(path: Path | None, report_dir: Path) -> Path | None:
    """The coverage file; its folder must exist, or be the report dir (which the run makes): a typo in the path
    would else start a new campaign in a folder nobody asked for."""
    if path is None:
        return None
    if path.exists() and not path.is_file():
        raise UsageError(f"--resume must name a file; {path} is not one. Pass e.g. reports/progress.json.")
    folder = path.parent
    if not folder.is_dir() and folder.resolve() != report_dir.resolve():
        raise UsageError(
            f"--resume {path}: the folder {folder} does not exist. Create it, or keep the file in --report-dir "
            f"({report_dir})."
        )
    return path


def clusters(spec: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """The spec's server URL template and its API clusters (the `cluster` variable's enum, minus downloads)."""
    for server in spec.get("servers") or []:
        variable = (server.get("variables") or {}).get("cluster")
        if isinstance(variable, dict) and "{cluster}" in str(server.get("url", "")):
            names = tuple(str(v) for v in variable.get("enum", []) if "download" not in str(v))
            return str(server["url"]), names
    raise UsageError("--cluster needs a spec whose servers have a {cluster} variable; pass --base-url instead.")


def cluster_url(spec: dict[str, Any], cluster: str) -> str:
    """The base URL of one API cluster, as the spec's servers define it."""
    template, names = clusters(spec)
    if cluster not in names:
        close = difflib.get_close_matches(cluster, names, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise UsageError(f"--cluster must be one of {', '.join(names)}; got {cluster!r}.{hint}")
    return template.replace("{cluster}", cluster)


def read_credentials_file(path: Path | None, environ: Mapping[str, str]) -> dict[str, str]:
    """`[voucherify] app_id = ... / app_token = ...` from a TOML file; a missing default file is fine."""
    explicit = path is not None
    if path is None:
        home = environ.get("HOME")
        if not home:
            return {}
        path = Path(home) / DEFAULT_CREDENTIALS_FILE
    try:
        data = tomllib.loads(path.read_text())
    except FileNotFoundError:
        if explicit:
            raise UsageError(f"Credentials file {path} does not exist.") from None
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"Credentials file {path} is not readable TOML: {type(exc).__name__}.") from None
    section = data.get("voucherify", {})
    return {key: str(section[key]) for key in ("app_id", "app_token") if isinstance(section, dict) and key in section}


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
    if parts.username is not None or parts.password is not None:
        # The URL is printed and written (reports, the resume file): a secret in it would leak. Never echoed here.
        raise UsageError(
            "--base-url must not hold credentials (user:password@): pass --app-id/--app-token or "
            "VOUCHERIFY_APP_ID/VOUCHERIFY_APP_TOKEN."
        )
    return url.rstrip("/")


def _check_report_dir(path: Path) -> None:
    if path.exists() and not path.is_dir():
        raise UsageError(f"--report-dir must be a folder; {path} is a file. Pass a folder such as reports/.")
