"""The pytest suite that `conformance run` executes; `pytest --pyargs conformance.suite` runs it too."""
