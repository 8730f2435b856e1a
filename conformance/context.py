"""Everything one run shares: settings, spec, schema, target, session and findings."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import schemathesis

from conformance.cassette import build_header, read_header, recording
from conformance.credentials import Credentials
from conformance.determinism import without_local_constants
from conformance.findings import FindingLog
from conformance.gate import Gate
from conformance.generation import schemathesis_config
from conformance.rate import parse_rate
from conformance.sandbox import Sandbox
from conformance.settings import RunSettings
from conformance.spec import Spec, load_spec
from conformance.transport import (
    RunSession,
    credential_headers,
    print_progress,
)

if TYPE_CHECKING:
    from schemathesis import BaseSchema

SANDBOX_TARGET = "embedded sandbox"
REPLAY_APP_ID = "replay-app-id"
REPLAY_APP_TOKEN = "replay-app-token"


@dataclass
class RunContext:
    """The state of one run, shared by the pytest suite, the probes and the summary."""

    settings: RunSettings
    spec: Spec
    base_url: str
    credentials: Credentials
    session: RunSession
    target: str
    gate: Gate = field(default_factory=lambda: Gate(on_send=print_progress))
    findings: FindingLog = field(default_factory=FindingLog)
    # What the request budget did not allow: probe steps by name, and how many generated cases went unsent.
    not_checked: set[str] = field(default_factory=set)
    unsent_cases: int = 0
    # The cassette's metadata while recording: the outcome is added to it before the cassette is saved.
    recording_header: dict[str, object] | None = None

    @property
    def headers(self) -> dict[str, str]:
        return credential_headers(self.credentials.app_id, self.credentials.app_token)

    def schema(self) -> BaseSchema:
        """The Schemathesis schema, configured for this run's target, seed and phases."""
        return schemathesis.openapi.from_dict(self.spec.raw, config=schemathesis_config(self.settings, self.base_url))


@contextlib.contextmanager
def open_context(settings: RunSettings) -> Iterator[RunContext]:
    """Build the context, starting the embedded sandbox when no base URL is given."""
    spec = load_spec(settings.spec)
    session = RunSession()
    with contextlib.ExitStack() as stack:
        stack.callback(session.close)
        if settings.replaying:
            assert settings.cassette is not None
            # The recorded target's URL keeps curl lines identical; credentials are never needed to replay.
            header = read_header(settings.cassette)
            base_url, target = str(header["base_url"]), str(header["target"])
            credentials = Credentials(settings.app_id or REPLAY_APP_ID, settings.app_token or REPLAY_APP_TOKEN)
        elif settings.base_url is None:
            sandbox = stack.enter_context(Sandbox(rate_limit=settings.sandbox_quota))
            base_url, credentials, target = sandbox.url, sandbox.credentials, SANDBOX_TARGET
        else:
            assert settings.app_id and settings.app_token, "resolve_settings guarantees credentials"
            base_url, target = settings.base_url, settings.base_url
            credentials = Credentials(settings.app_id, settings.app_token)
        gate = Gate(
            max_requests=settings.max_requests,
            interval=parse_rate(settings.rate_limit).interval if settings.rate_limit else 0.0,
            on_send=print_progress,
        )
        context = RunContext(settings, spec, base_url, credentials, session, target, gate)
        stack.enter_context(gate.installed())
        stack.enter_context(without_local_constants())
        if settings.cassette is not None and settings.record_mode is not None:
            header = build_header(
                spec_sha256=spec.sha256,
                seed=settings.seed,
                max_examples=settings.max_examples,
                target=target,
                base_url=base_url,
            )
            stack.enter_context(recording(settings.cassette, settings.record_mode, header, credentials.pair))
            context.recording_header = None if settings.replaying else header
        yield context
