"""How a result the engine already produced reaches the verdict suite: a pytest plugin object and a stash key."""

from __future__ import annotations

import pytest

from conformance.result import RunResult

RESULT_KEY = pytest.StashKey[RunResult]()
# How this session accepts an incomplete run, when it is not `conformance run`'s --allow-incomplete.
ALLOW_OPTION_KEY = pytest.StashKey[str]()


class ResultPlugin:
    """Hands a result the engine already produced (by `conformance run`) to the verdict suite."""

    def __init__(self, result: RunResult) -> None:
        self.result = result

    def pytest_configure(self, config: pytest.Config) -> None:
        config.stash[RESULT_KEY] = self.result
