"""The target of a run: base URL, credentials, label and session; started, replayed or reached as the settings say."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from conformance.credentials import Credentials
from conformance.session import RunSession
from conformance.settings import RunSettings
from conformance.spec import Spec

if TYPE_CHECKING:
    from conformance.sandbox import Sandbox

SANDBOX_TARGET = "embedded sandbox"
REPLAY_APP_ID = "replay-app-id"
REPLAY_APP_TOKEN = "replay-app-token"


@dataclass(frozen=True)
class Target:
    """Where a run sends its requests, and how."""

    base_url: str
    credentials: Credentials
    label: str
    session: RunSession = field(repr=False)
    # While recording: the cassette's metadata, to which the run adds its outcome before the cassette is saved.
    recording_header: dict[str, Any] | None = field(default=None, repr=False)
    # While replaying: the cassette, and when and against what it was recorded.
    replay: dict[str, str] = field(default_factory=dict)
    # While replaying: the cassette's conformance header, with the cases its run generated.
    recorded_header: dict[str, Any] = field(default_factory=dict, repr=False)
    # The embedded sandbox, when the run started one.
    sandbox: Sandbox | None = field(default=None, repr=False)
    # The option that named a live target (`--base-url`, `--cluster api`): what an error about it tells to check.
    option: str = "--base-url"

    @property
    def headers(self) -> dict[str, str]:
        return self.credentials.headers


@contextlib.contextmanager
def open_target(settings: RunSettings, spec: Spec, session: RunSession) -> Iterator[Target]:
    """Start the embedded sandbox, open the cassette, or take the live URL; close what was opened."""
    with contextlib.ExitStack() as stack:
        stack.callback(session.close)
        sandbox: Sandbox | None = None
        replay: dict[str, str] = {}
        recorded: dict[str, Any] = {}
        if settings.cassette is not None:
            # Imported here: vcrpy and YAML cost a tenth of a second that a run without a cassette need not pay.
            from conformance.cassette.header import build_header
            from conformance.cassette.reader import read_header
            from conformance.cassette.recording import recording
        if settings.replaying:
            assert settings.cassette is not None
            # The recorded target's URL keeps curl lines identical; credentials are never needed to replay.
            header = recorded = read_header(settings.cassette)
            base_url, label = str(header["base_url"]), str(header["target"])
            credentials = Credentials(settings.app_id or REPLAY_APP_ID, settings.app_token or REPLAY_APP_TOKEN)
            replay = {
                "cassette": str(settings.cassette),
                "recorded_against": label,
                "recorded_at": str(header.get("recorded_at", "unknown")),
            }
        elif settings.base_url is None:
            quota = str(settings.sandbox_quota) if settings.sandbox_quota else None
            # Imported here: a replay or a live target needs no server, SQLite or request validators of its own.
            from conformance.sandbox import Sandbox

            sandbox = stack.enter_context(Sandbox(rate_limit=quota, spec=spec.raw))
            base_url, credentials, label = sandbox.url, sandbox.credentials, SANDBOX_TARGET
        else:
            assert settings.app_id and settings.app_token, "resolve_settings guarantees credentials"
            base_url, label = settings.base_url, settings.base_url
            credentials = Credentials(settings.app_id, settings.app_token)
        session.settle_environment(base_url)
        recording_header = None
        if settings.cassette is not None and settings.record_mode is not None:
            header = build_header(
                spec_sha256=spec.sha256,
                seed=settings.seed,
                max_examples=settings.max_examples,
                max_requests=settings.max_requests,
                target=label,
                base_url=base_url,
            )
            playback = stack.enter_context(recording(settings.cassette, settings.record_mode, header, credentials.pair))
            if playback is not None:
                session.play_from(playback)
            recording_header = None if settings.replaying else header
        yield Target(
            base_url, credentials, label, session, recording_header, replay, recorded, sandbox, settings.target_option
        )
