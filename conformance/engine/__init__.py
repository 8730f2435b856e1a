"""The engine: settings in, an immutable RunResult out. Nothing here knows which reports exist."""

from conformance.engine.run import run

__all__ = ["run"]
