"""The engine: settings in, an immutable RunResult out (`conformance.engine.run.run`). Nothing here knows which
reports exist. The package imports nothing itself: `engine.offline` (recheck, the SDK gate) loads Schemathesis only
when a checker is made."""
