"""The embedded Voucherify sandbox: a real HTTP server over a SQLite store."""

from conformance.credentials import Credentials
from conformance.sandbox.server import Sandbox

__all__ = ["Credentials", "Sandbox"]
