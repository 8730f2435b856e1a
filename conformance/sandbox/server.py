"""A real HTTP/1.1 server on loopback that hands every request to a sandbox App."""

from __future__ import annotations

import secrets
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from conformance.credentials import Credentials
from conformance.sandbox.errors import error
from conformance.sandbox.http import App, Request, Response
from conformance.sandbox.quota import Quota
from conformance.sandbox.spec_app import SpecApp
from conformance.spec import DEFAULT_SPEC, load_spec

HOST = "127.0.0.1"
MAX_BODY = 1 << 20
# The seed of the sandbox's data: the same seed serves the same items, so a curl line can be replayed.
DEFAULT_SEED = 20180801


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; without this, delayed ACKs add ~40 ms to every response.
    disable_nagle_algorithm = True
    server: _Server

    def __getattr__(self, name: str) -> Callable[[], None]:
        # http.server looks up do_<METHOD>; answer every method, even ones it has never heard of.
        if name.startswith("do_"):
            return self._dispatch
        raise AttributeError(name)

    def _dispatch(self) -> None:
        length = self.headers.get("Content-Length", "0")
        if not length.isdigit() or int(length) > MAX_BODY:
            self._send(error(413, "query_too_large", "Payload too large", "Send at most 1 MiB."), close=True)
            return
        self.rfile.read(int(length))
        url = urlsplit(self.path)
        headers = {name.lower(): value for name, value in self.headers.items()}
        request = Request(self.command, url.path, url.query, headers)
        try:
            response = self.server.app(request)
        except Exception as exc:  # noqa: BLE001 - last resort: a bug must answer, not drop the connection
            response = error(500, "internal_error", "Internal Server Error", type(exc).__name__)
        self._send(response)

    def _send(self, response: Response, close: bool = False) -> None:
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Stay quiet: request lines could carry filter values a user considers private."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, app: App) -> None:
        super().__init__((HOST, port), _Handler)
        self.app = app

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up (a process leaving with a keep-alive connection open) is not a server error:
        say nothing. Anything else is, and socketserver prints it as it always does."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class Sandbox:
    """The embedded Voucherify sandbox: `with Sandbox() as sandbox: sandbox.url`.

    It serves every GET operation of an OpenAPI document (`spec`; the packaged default spec without one) from the
    document itself (`served_operations`), under its first server URL's base path, and says why it skips the rest
    (`not_served`).
    """

    def __init__(
        self,
        port: int = 0,
        seed: int = DEFAULT_SEED,
        credentials: Credentials | None = None,
        wrap: Callable[[App], App] | None = None,
        rate_limit: str | None = None,
        spec: dict[str, Any] | None = None,
    ) -> None:
        self.credentials = credentials or Credentials(f"sandbox-{secrets.token_hex(4)}", secrets.token_hex(16))
        # The spec app, for tests that need a path's accepted values.
        self.spec_app = SpecApp(load_spec(DEFAULT_SPEC).raw if spec is None else spec, self.credentials, seed)
        self.served_operations = self.spec_app.served
        self.not_served = dict(self.spec_app.not_served)
        app: App = wrap(self.spec_app) if wrap else self.spec_app
        self.quota = Quota(rate_limit) if rate_limit is not None else None
        if self.quota is not None:
            app = self.quota.wrap(app)
        self.served = 0
        self._served_lock = threading.Lock()
        self._server = _Server(port, self._counted(app))
        self._thread = threading.Thread(target=self._server.serve_forever, name="sandbox", daemon=True)

    def _counted(self, app: App) -> App:
        """Count every request the server answers, so tests can check budgets at the server."""

        def counted(request: Request) -> Response:
            with self._served_lock:
                self.served += 1
            return app(request)

        return counted

    @property
    def url(self) -> str:
        """Where the spec's paths start: the host, and the base path of the spec's server URL."""
        return f"http://{HOST}:{self._server.server_address[1]}{self.spec_app.base_path}"

    def start(self) -> Sandbox:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.stop()
