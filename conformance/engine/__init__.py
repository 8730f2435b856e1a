"""The engine: settings in, an immutable RunResult out (`conformance.engine.run.run`). Nothing here knows which
reports exist. The package imports nothing itself: `engine.offline` (recheck, the SDK gate) must not pay for the
run machinery and Schemathesis."""
