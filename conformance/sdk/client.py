"""Our side of the worker: one long-lived subprocess per SDK version, spoken to in JSON lines."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from types import TracebackType
from typing import Any

from conformance.errors import ConformanceError
from conformance.sdk.catalog import Catalog, SdkMethod
from conformance.sdk.environment import SdkEnv

WORKER = Path(__file__).with_name("worker.py")


class WorkerError(ConformanceError):
    """The SDK's worker process died or answered something that is not JSON."""


class SdkWorker:
    """`with SdkWorker(env) as sdk: sdk.parse("CustomersListResponseBody", body)`."""

    def __init__(self, env: SdkEnv) -> None:
        self.env = env
        self._process: subprocess.Popen[str] | None = None
        self._catalog: Catalog | None = None
        self.version = ""

    def __enter__(self) -> SdkWorker:
        # -I: isolated mode, so nothing from our cwd or environment shadows the SDK's own packages.
        self._process = subprocess.Popen(
            [str(self.env.python), "-I", str(WORKER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        info = self.ask({"op": "info"})
        if not info.get("ok"):
            raise WorkerError(f"{self.env.label}: the SDK cannot be imported in {self.env.python}.")
        self.version = str(info["version"])
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self._process is not None:
            if self._process.stdin:
                self._process.stdin.close()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            for stream in (self._process.stdout, self._process.stderr):
                if stream:
                    stream.close()
            self._process = None

    def ask(self, instruction: dict[str, Any]) -> dict[str, Any]:
        process = self._process
        if process is None or process.stdin is None or process.stdout is None:
            raise WorkerError("The SDK worker is not running.")
        try:
            process.stdin.write(json.dumps(instruction) + "\n")
            process.stdin.flush()
            line = process.stdout.readline()
        except OSError:
            line = ""
        if not line:
            stderr = process.stderr.read() if process.stderr else ""
            last = (stderr.strip().splitlines() or ["no output"])[-1]
            raise WorkerError(f"The {self.env.label} worker stopped: {last}")
        try:
            answer = json.loads(line)
        except ValueError:
            raise WorkerError(f"The {self.env.label} worker answered non-JSON: {line[:80]!r}") from None
        if not isinstance(answer, dict):
            raise WorkerError(f"The {self.env.label} worker answered {type(answer).__name__}, not an object.")
        return answer

    def catalog(self) -> Catalog:
        """The SDK's methods and the operations they send, read once from its source."""
        if self._catalog is None:
            answer = self.ask({"op": "catalog"})
            if not answer.get("ok"):
                raise WorkerError(f"Cannot read the methods of {self.env.label}: {answer.get('crash', 'no answer')}")
            methods = tuple(SdkMethod.from_worker(entry) for entry in answer.get("methods", []))
            self._catalog = Catalog(self.version, methods)
        return self._catalog

    def parse(self, model: str, body: str) -> dict[str, Any]:
        """Parse a JSON body into an SDK model: {"ok", "dump", "naive"} or {"ok": False, "errors"}."""
        return self.ask({"op": "parse", "model": model, "body": body})

    def signature(self, api: str, method: str) -> dict[str, Any]:
        """{"ok", "arguments", "datetimes"} of an SDK method, or {"ok": False, "missing": ...}."""
        return self.ask({"op": "signature", "api": api, "method": method})

    def call(
        self,
        host: str,
        api: str,
        method: str,
        kwargs: dict[str, Any],
        credentials: tuple[str, str],
    ) -> dict[str, Any]:
        """Call one SDK method against `host`; ISO strings for datetime arguments become aware datetimes."""
        return self.ask(
            {
                "op": "call",
                "host": host,
                "api": api,
                "method": method,
                "kwargs": kwargs,
                "credentials": list(credentials),
            }
        )
