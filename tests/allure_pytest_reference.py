"""The reference for the Allure writer: the verdict suite run by pytest with allure-pytest, as the pytest plugin's
users run it (`pytest --pyargs conformance.suite --alluredir DIR`), handed a result the engine already produced.

`conformance run` writes its Allure results directly (`conformance.writers.allure`), without pytest.
`tests/test_allure_writer.py` holds the two outputs equal, so a report reads the same from either.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conformance import suite
from conformance.result import RunResult
from conformance.suite.handoff import ResultPlugin

SUITE = Path(suite.__file__).parent / "test_conformance.py"
AUTOLOAD = "PYTEST_DISABLE_PLUGIN_AUTOLOAD"


def write_with_allure_pytest(result: RunResult, results: Path) -> None:
    """allure-results/ from the verdict suite under pytest and allure-pytest, into `results`."""
    args = [
        str(SUITE),
        "--rootdir",
        str(SUITE.parent),
        "-c",
        os.devnull,
        "-p",
        "no:cacheprovider",
        "-p",
        "no:terminal",
        "-p",
        "conformance.plugin",
        "-p",
        "allure_pytest.plugin",
        f"--alluredir={results}",
    ]
    with _no_autoload():
        pytest.main(args, plugins=[ResultPlugin(result)])


@contextmanager
def _no_autoload() -> Iterator[None]:
    previous = os.environ.get(AUTOLOAD)
    os.environ[AUTOLOAD] = "1"
    try:
        yield
    finally:
        if previous is None:
            del os.environ[AUTOLOAD]
        else:
            os.environ[AUTOLOAD] = previous
