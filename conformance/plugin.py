"""pytest plugin: the `conformance` option group, and the fixtures of the verdict suite.

Loaded by the pytest11 entry point in every pytest session of an environment that has the package, so it only
adds options: nothing heavy is imported, and nothing runs, until a test asks for `conformance_result`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conformance.result import RunResult

PAIR_FIXTURE = "conformance_pair"
PREFIX = "conformance-"
ALLOW_INCOMPLETE = f"--{PREFIX}allow-incomplete"
# Between an operation and a check in a test id: ASCII, since pytest escapes anything else (`\\xb7`).
ID_SEPARATOR = " - "


def pytest_addoption(parser: pytest.Parser) -> None:
    from conformance.options import RUN_OPTIONS

    group = parser.getgroup("conformance", "API conformance against an OpenAPI spec (see `conformance run --help`)")
    for option in RUN_OPTIONS:
        group.addoption(f"--{PREFIX}{option.name}", dest=f"conformance_{option.dest}", **option.add_kwargs())


def run_result(config: pytest.Config) -> RunResult:
    """The run's result: handed in, or the engine run once per session with this session's options."""
    from conformance.suite.handoff import ALLOW_OPTION_KEY, RESULT_KEY

    if RESULT_KEY not in config.stash:
        config.stash[ALLOW_OPTION_KEY] = ALLOW_INCOMPLETE
        from conformance.engine.run import run
        from conformance.options import RUN_OPTIONS, settings_from

        values = {o.dest: config.getoption(f"conformance_{o.dest}") for o in RUN_OPTIONS}
        config.stash[RESULT_KEY] = run(settings_from(values))
    return config.stash[RESULT_KEY]


@pytest.fixture(scope="session")
def conformance_result(request: pytest.FixtureRequest) -> RunResult:
    """The immutable result of the whole run; every verdict test reads it, none sends anything."""
    return run_result(request.config)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """One verdict test per (operation, check) the run knows of; the engine runs (once) to know them."""
    if PAIR_FIXTURE not in metafunc.fixturenames:
        return
    from conformance.verdicts import pairs

    found = pairs(run_result(metafunc.config))
    metafunc.parametrize(PAIR_FIXTURE, found, ids=[f"{operation}{ID_SEPARATOR}{check}" for operation, check in found])


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "conformance: a verdict of the conformance run")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """An incomplete run (3) and a run that could not work (2: bad input, an unreachable target) exit as
    `conformance run` does; the failing test is then the run's own."""
    from conformance.result import Verdict
    from conformance.suite.handoff import RESULT_KEY

    result = session.config.stash.get(RESULT_KEY, None)
    if result is None or exitstatus != pytest.ExitCode.TESTS_FAILED:
        return
    if result.verdict in (Verdict.INCOMPLETE, Verdict.ERROR):
        session.exitstatus = result.exit_code
