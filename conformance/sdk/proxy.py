"""A loopback server the SDK talks to: it forwards to the target (live, recorded by vcrpy when the gate records) or
answers from the cassettes (replay, `sdk.cassette.answering`), and keeps every request exactly as the SDK sent it,
so the requests can be checked against the spec.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

import requests

from conformance.gate import RateLimited
from conformance.sdk.exchanges import Exchange

HOST = "127.0.0.1"
NOT_RECORDED = 599
FORWARD_TIMEOUT = 30.0
_HOP_HEADERS = ("connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "host")
# A replay's answer to (method, path and query, headers), or None when no cassette holds it.
Answer = Callable[[str, str, Mapping[str, str]], "Exchange | None"]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _Server

    def do_GET(self) -> None:
        self._answer()

    def do_HEAD(self) -> None:
        self._answer()

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        headers = {name: value for name, value in self.headers.items()}
        exchange = self.server.proxy.exchange(self.command, self.path, headers)
        self.send_response(exchange.status)
        body = exchange.body.encode("utf-8")
        for name, value in exchange.headers.items():
            if name.lower() not in _HOP_HEADERS:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Stay quiet: request lines may carry filter values."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, proxy: RecordingProxy) -> None:
        super().__init__((HOST, 0), _Handler)
        self.proxy = proxy


class RecordingProxy:
    """`with RecordingProxy(base_url=...) as proxy: proxy.url`; `proxy.seen` holds every exchange in order.

    With `base_url`, requests are forwarded (credentials included); with `replay`, they are answered from the
    recordings and never leave the machine. A request that the recordings lack gets status 599 and is counted in
    `misses`.
    """

    def __init__(
        self,
        base_url: str | None = None,
        replay: Answer | None = None,
        label: str = "live",
        session: requests.Session | None = None,
        on_seen: Callable[[int], None] | None = None,
    ) -> None:
        self.label = label
        self._on_seen = on_seen  # told how many requests were seen so far, after each one (progress)
        self.base_url = base_url.rstrip("/") if base_url else None
        self._replay = replay
        self.seen: list[Exchange] = []
        self.misses = 0
        self.crashes: list[str] = []  # forwarding failures that were no transport error: errors of the gate
        self._lock = threading.Lock()
        # The run's session when given (its gate paces requests and waits out 429s, as for `conformance run`).
        self._session = session or requests.Session()
        self._server = _Server(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="sdk-proxy", daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self._server.server_address[1]}"

    def exchange(self, method: str, target: str, headers: Mapping[str, str]) -> Exchange:
        """Answer one request the SDK sent, and remember it."""
        answer = (
            self._forward(method, target, headers) if self.base_url is not None else self._play(method, target, headers)
        )
        seen = Exchange(answer.source, method, target, answer.status, answer.body, dict(answer.headers))
        with self._lock:
            self.seen.append(seen)
            count = len(self.seen)
        if self._on_seen is not None:
            self._on_seen(count)
        return seen

    def _play(self, method: str, target: str, headers: Mapping[str, str]) -> Exchange:
        kept = {k: v for k, v in headers.items() if k.lower() not in _HOP_HEADERS}
        with self._lock:  # vcrpy counts what it plays
            recorded = self._replay(method, target, kept) if self._replay is not None else None
            if recorded is None:
                self.misses += 1
        return recorded or Exchange(
            "replay", method, target, NOT_RECORDED, '{"code": 599, "message": "not in the cassette"}'
        )

    def _forward(self, method: str, target: str, headers: Mapping[str, str]) -> Exchange:
        outgoing = {k: v for k, v in headers.items() if k.lower() not in _HOP_HEADERS}
        try:
            response = self._session.request(
                method, f"{self.base_url}{target}", headers=outgoing, timeout=FORWARD_TIMEOUT, allow_redirects=False
            )
        except (requests.RequestException, RateLimited) as exc:  # the SDK must get an answer
            body = f'{{"code": 599, "message": "target unreachable: {type(exc).__name__}"}}'
            return Exchange(self.label, method, target, NOT_RECORDED, body)
        except Exception as exc:  # noqa: BLE001 - our own crash: the SDK still gets an answer, the gate an error
            crash = f"{type(exc).__name__}: {exc}"
            with self._lock:
                self.crashes.append(f"{method} {target}: {crash}")
            body = json.dumps({"code": NOT_RECORDED, "message": f"the SDK gate's proxy crashed ({crash})"})
            return Exchange(self.label, method, target, NOT_RECORDED, body)
        kept = {k: v for k, v in response.headers.items() if k.lower() not in _HOP_HEADERS}
        return Exchange(self.label, method, target, response.status_code, response.text, kept)

    def start(self) -> RecordingProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._session.close()

    def __enter__(self) -> RecordingProxy:
        return self.start()

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.stop()
