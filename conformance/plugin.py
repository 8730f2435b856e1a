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
FIRST_INTERRUPT = "\nInterrupted: stopping the run, and judging what was sent (Ctrl-C again to quit at once)."


def pytest_addoption(parser: pytest.Parser) -> None:
    from conformance.options import RUN_OPTIONS

    group = parser.getgroup("conformance", "API conformance against an OpenAPI spec (see `conformance run --help`)")
    for option in RUN_OPTIONS:
        kwargs = option.add_kwargs()
        # Kept as text, and checked by the settings: a bad value is the run's error (exit 2), not pytest's (4).
        kwargs.pop("type", None)
        kwargs.pop("choices", None)
        group.addoption(f"--{PREFIX}{option.name}", dest=f"conformance_{option.dest}", **kwargs)


def run_result(config: pytest.Config) -> RunResult:
    """The run's result: handed in, or the engine run once per session with this session's options."""
    from conformance.suite.handoff import ALLOW_OPTION_KEY, RESULT_KEY

    if RESULT_KEY not in config.stash:
        config.stash[ALLOW_OPTION_KEY] = ALLOW_INCOMPLETE
        config.stash[RESULT_KEY] = _run(config)
    return config.stash[RESULT_KEY]


def _run(config: pytest.Config) -> RunResult:
    """The engine's result; input it cannot work with (a bad option, a broken spec) is the run's error, as
    `conformance run` makes it one line and exit 2, never a collection traceback. Ctrl-C is held as the command
    holds it: the run stops before its next request, and what it did is kept (`run_state.keep`) and judged."""
    from conformance import interrupts
    from conformance.engine.run import run
    from conformance.errors import ConformanceError
    from conformance.options import RUN_OPTIONS, settings_from, typed
    from conformance.run_state import keep

    try:
        values = {o.dest: typed(o, config.getoption(f"conformance_{o.dest}")) for o in RUN_OPTIONS}
        settings = settings_from(values)
        with interrupts.first_stops(FIRST_INTERRUPT):
            result = run(settings)
        keep(settings, result)
        return result
    except ConformanceError as exc:
        return _errored(str(exc))


def _errored(message: str) -> RunResult:
    from datetime import UTC, datetime

    import conformance
    from conformance.result import RunError, RunInfo, RunResult, SpecInfo
    from conformance.settings import DEFAULT_SEED

    spec = SpecInfo(path="", title="", version="", sha256="")
    started = datetime.now(UTC).isoformat(timespec="seconds")
    info = RunInfo(tool_version=conformance.__version__, seed=DEFAULT_SEED, started_at=started, target="", spec=spec)
    return RunResult(info=info, errors=(RunError(message),))


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
    """An incomplete run (3), a run that could not work (2: bad input, an unreachable target) and an interrupted one
    (130) exit as `conformance run` does; the failing test is then the run's own."""
    from conformance.result import Verdict
    from conformance.suite.handoff import RESULT_KEY

    result = session.config.stash.get(RESULT_KEY, None)
    if result is None or exitstatus != pytest.ExitCode.TESTS_FAILED:
        return
    if result.verdict in (Verdict.INCOMPLETE, Verdict.ERROR, Verdict.INTERRUPTED):
        session.exitstatus = result.exit_code
