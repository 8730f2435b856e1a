"""Everything one run shares: settings, spec, schema, target, session and findings."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import schemathesis
from schemathesis.config import SchemathesisConfig

from conformance.findings import FindingLog
from conformance.sandbox import Credentials, Sandbox
from conformance.settings import RunSettings
from conformance.spec import Spec, load_spec
from conformance.transport import CREDENTIAL_HEADERS, CountingSession, credential_headers, print_progress

if TYPE_CHECKING:
    from schemathesis import BaseSchema

PHASES = ("examples", "coverage", "fuzzing")


@dataclass
class RunContext:
    """The state of one run, shared by the pytest suite, the probes and the summary."""

    settings: RunSettings
    spec: Spec
    base_url: str
    credentials: Credentials
    session: CountingSession
    findings: FindingLog = field(default_factory=FindingLog)

    @property
    def headers(self) -> dict[str, str]:
        return credential_headers(self.credentials.app_id, self.credentials.app_token)

    @property
    def target(self) -> str:
        return "embedded sandbox" if self.settings.uses_sandbox else self.base_url

    def schema(self) -> BaseSchema:
        """The Schemathesis schema, configured for this run's target, seed and phases."""
        return schemathesis.openapi.from_dict(self.spec.raw, config=schemathesis_config(self.settings, self.base_url))


def schemathesis_config(settings: RunSettings, base_url: str) -> SchemathesisConfig:
    """Pinned generation: seeded, no example database, examples + coverage + fuzzing, both modes."""
    keys = [name.lower() for name in CREDENTIAL_HEADERS]
    return SchemathesisConfig.from_dict(
        {
            "seed": settings.seed,
            "base-url": base_url,
            "generation": {
                "mode": "all",
                "max-examples": settings.max_examples,
                "database": "none",
                # We add real credentials to every request; generated ones would only be noise.
                "with-security-parameters": False,
            },
            "phases": {name: {"enabled": True} for name in PHASES} | {"stateful": {"enabled": False}},
            "output": {"sanitization": {"keys-to-sanitize": [*keys, "authorization", "cookie", "set-cookie"]}},
        }
    )


@contextlib.contextmanager
def open_context(settings: RunSettings) -> Iterator[RunContext]:
    """Build the context, starting the embedded sandbox when no base URL is given."""
    spec = load_spec(settings.spec)
    session = CountingSession(on_send=print_progress)
    with contextlib.ExitStack() as stack:
        stack.callback(session.close)
        if settings.base_url is None:
            sandbox = stack.enter_context(Sandbox())
            base_url, credentials = sandbox.url, sandbox.credentials
        else:
            assert settings.app_id and settings.app_token, "resolve_settings guarantees credentials"
            base_url, credentials = settings.base_url, Credentials(settings.app_id, settings.app_token)
        yield RunContext(settings, spec, base_url, credentials, session)
