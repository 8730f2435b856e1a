"""`conformance sdk` as a library call: settings in, an immutable RunResult out, nothing printed or written.

Target precedence (as for `conformance run`): every --cassette exists and no --base-url -> replay offline;
otherwise live (--base-url, else the embedded sandbox), recording into the one --cassette when it is new.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import conformance
from conformance.credentials import Credentials
from conformance.errors import UsageError
from conformance.result import OperationResult, RunInfo, RunResult, SpecInfo
from conformance.sdk.client import SdkWorker
from conformance.sdk.drive import Driver
from conformance.sdk.environment import DEFAULT_SDK, SdkEnv
from conformance.sdk.exchanges import read_cassette, spec_examples, write_cassette
from conformance.sdk.findings import FindingLog
from conformance.sdk.operations import list_operations
from conformance.sdk.parsing import parse_all, report
from conformance.sdk.proxy import RecordingProxy
from conformance.sdk.regressions import compare
from conformance.spec import Spec

REPLAY_CREDENTIALS = Credentials("replay-app-id", "replay-app-token")


@dataclass(frozen=True, kw_only=True)
class SdkSettings:
    """What one `conformance sdk` run does; credentials stay out of repr."""

    spec: Spec
    sdk: SdkEnv
    against: SdkEnv | None = None
    base_url: str | None = None
    credentials: Credentials | None = None
    cassettes: tuple[Path, ...] = ()
    examples: bool = False

    @property
    def replaying(self) -> bool:
        return bool(self.cassettes) and self.base_url is None and all(path.exists() for path in self.cassettes)

    @property
    def recording(self) -> Path | None:
        new = [path for path in self.cassettes if not path.exists()]
        if len(new) > 1 or (new and len(self.cassettes) > 1):
            raise UsageError("Record into one new --cassette at a time; the others must exist to be replayed.")
        return new[0] if new else None


@contextlib.contextmanager
def _target(settings: SdkSettings) -> Iterator[tuple[str | None, Credentials, str]]:
    """(base URL or None for replay, credentials, label); starts and stops the embedded sandbox."""
    if settings.replaying:
        yield None, REPLAY_CREDENTIALS, f"cassette {', '.join(map(str, settings.cassettes))}"
    elif settings.base_url is not None:
        if settings.credentials is None:
            raise UsageError("--base-url needs credentials: pass --app-id and --app-token, or set the env variables.")
        yield settings.base_url, settings.credentials, settings.base_url
    else:
        from conformance.sandbox import Sandbox

        with Sandbox() as sandbox:
            yield sandbox.url, sandbox.credentials, "embedded sandbox"


def run_sdk_gate(
    settings: SdkSettings, worker: SdkWorker | None = None, candidate: SdkWorker | None = None
) -> RunResult:
    """Parse recorded responses (and examples) into the SDK's models, drive the SDK, or compare two versions.

    `worker` / `candidate`: already started workers for `settings.sdk` / `settings.against`, to share the SDK's
    import (seconds: it defines some 1,400 pydantic models) across many gates; they are left running.
    """
    started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    recording = settings.recording  # validated before anything starts
    recorded = [exchange for path in settings.cassettes if path.exists() for exchange in read_cassette(path)]
    examples = spec_examples(settings.spec.raw) if settings.examples else []
    log = FindingLog()
    operations: list[OperationResult] = []
    requests = 0
    with contextlib.ExitStack() as stack:
        worker = worker or stack.enter_context(SdkWorker(settings.sdk))
        base_url, credentials, label = stack.enter_context(_target(settings))
        with RecordingProxy(base_url=base_url, replay=recorded, label=label) as proxy:
            if settings.against is None:
                report(
                    log, worker.version, settings.spec.raw, parse_all(worker, settings.spec.raw, recorded + examples)
                )
            driver = Driver(worker, proxy, settings.spec.raw, credentials, log, live=base_url is not None)
            if settings.against is None or not (recorded or examples):
                operations = [driver.operation(op) for op in list_operations(settings.spec.raw)]
            requests = 0 if base_url is None else len(proxy.seen)
            driven = list(proxy.seen)
        if settings.against is not None:
            log = FindingLog()  # the comparison's verdict is its regressions alone
            candidate = candidate or stack.enter_context(SdkWorker(settings.against))
            compare(log, settings.spec.raw, worker, candidate, recorded + examples + driven)
        if recording is not None and base_url is not None:
            write_cassette(recording, driven, _header(settings, worker.version, label))
        version = worker.version
    return RunResult(
        info=RunInfo(
            tool_version=conformance.__version__,
            seed=0,
            started_at=started,
            target=f"{label} via voucherify {version}",
            spec=SpecInfo(str(settings.spec.path), settings.spec.title, settings.spec.version, settings.spec.sha256),
            replay={"cassette": ", ".join(map(str, settings.cassettes))} if settings.replaying else {},
        ),
        operations=tuple(operations),
        findings=log.findings(),
        requests=requests,
    )


def _header(settings: SdkSettings, version: str, label: str) -> dict[str, str]:
    return {
        "kind": "sdk",
        "sdk": f"voucherify=={version}",
        "spec_sha256": settings.spec.sha256,
        "suite": conformance.__version__,
        "target": label,
        "recorded_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


__all__ = ["DEFAULT_SDK", "REPLAY_CREDENTIALS", "SdkSettings", "run_sdk_gate"]
