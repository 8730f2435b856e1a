"""A real HTTP/1.1 server on loopback that hands every request to a sandbox App."""

from __future__ import annotations

import functools
import secrets
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from conformance.credentials import Credentials
from conformance.sandbox.app import ListResource, SandboxApp
from conformance.sandbox.customers import customer_store, list_customers
from conformance.sandbox.errors import error
from conformance.sandbox.http import App, Request, Response
from conformance.sandbox.products import list_products, product_store
from conformance.sandbox.quota import Quota
from conformance.sandbox.seed import DEFAULT_CUSTOMERS, DEFAULT_SEED, generate_customers
from conformance.sandbox.spec_app import SpecApp

HOST = "127.0.0.1"
MAX_BODY = 1 << 20


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

    Without `spec` it serves the default customers spec by hand-written code; with an OpenAPI document it serves
    every GET list operation of that document (`served_operations`) and says why it skips the rest (`not_served`).
    """

    def __init__(
        self,
        port: int = 0,
        customers: int = DEFAULT_CUSTOMERS,
        seed: int = DEFAULT_SEED,
        credentials: Credentials | None = None,
        wrap: Callable[[App], App] | None = None,
        rate_limit: str | None = None,
        spec: dict[str, Any] | None = None,
    ) -> None:
        self.spec_app: SpecApp | None = None  # the spec app, for tests that need a path's accepted values
        self.credentials = credentials or Credentials(f"sandbox-{secrets.token_hex(4)}", secrets.token_hex(16))
        app: App = self._default_app(customers, seed) if spec is None else self._spec_app(spec, seed)
        app = wrap(app) if wrap else app
        self.quota = Quota(rate_limit) if rate_limit is not None else None
        if self.quota is not None:
            app = self.quota.wrap(app)
        self.served = 0
        self._served_lock = threading.Lock()
        self._server = _Server(port, self._counted(app))
        self._thread = threading.Thread(target=self._server.serve_forever, name="sandbox", daemon=True)

    def _default_app(self, customers: int, seed: int) -> App:
        """Today's hand-written routes for the default customers spec (and the products example)."""
        routes: dict[str, ListResource] = {
            "/v1/customers": functools.partial(list_customers, customer_store(generate_customers(customers, seed))),
            "/v1/products": functools.partial(list_products, product_store()),
        }
        self.served_operations = frozenset(f"GET {path}" for path in routes)
        self.not_served: dict[str, str] = {}
        return SandboxApp(routes, self.credentials)

    def _spec_app(self, spec: dict[str, Any], seed: int) -> App:
        """Every GET list of the given spec, each in its own paging style, over generated rows."""
        app = SpecApp(spec, self.credentials, seed)
        self.spec_app = app
        self.served_operations = app.served
        self.not_served = dict(app.not_served)
        return app

    def _counted(self, app: App) -> App:
        """Count every request the server answers, so tests can check budgets at the server."""

        def counted(request: Request) -> Response:
            with self._served_lock:
                self.served += 1
            return app(request)

        return counted

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self._server.server_address[1]}"

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
