"""pytest plugin: the `conformance` option group and the fixtures the suite runs on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from schemathesis.checks import CHECKS, is_check_class, load_all_checks

import conformance.checks  # noqa: F401 - registers our response checks
from conformance.context import RunContext, open_context
from conformance.openapi import HTTP_METHODS
from conformance.probes import PROBE_CHECKS
from conformance.settings import DEFAULT_MAX_EXAMPLES, DEFAULT_SEED, DEFAULT_SPEC, resolve_settings
from conformance.spec import load_spec

CONTEXT_KEY = pytest.StashKey[RunContext]()
PAIR_FIXTURE = "conformance_pair"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("conformance", "API conformance against an OpenAPI spec")
    group.addoption("--conformance-spec", type=Path, default=DEFAULT_SPEC, help="OpenAPI spec to test against.")
    group.addoption(
        "--conformance-base-url",
        default=None,
        help="Target base URL; without it the embedded sandbox is started. "
        "Credentials come from VOUCHERIFY_APP_ID and VOUCHERIFY_APP_TOKEN.",
    )
    group.addoption("--conformance-seed", type=int, default=DEFAULT_SEED, help="Seed for case generation.")
    group.addoption(
        "--conformance-max-examples", type=int, default=DEFAULT_MAX_EXAMPLES, help="Fuzzing examples per operation."
    )


class ContextPlugin:
    """Hands a context built outside pytest (by `conformance run`) to the suite."""

    def __init__(self, context: RunContext) -> None:
        self.context = context

    def pytest_configure(self, config: pytest.Config) -> None:
        config.stash[CONTEXT_KEY] = self.context


@pytest.fixture(scope="session")
def conformance_context(request: pytest.FixtureRequest) -> Iterator[RunContext]:
    """The run's shared state; built from the command-line options when pytest runs the suite directly."""
    if CONTEXT_KEY in request.config.stash:
        yield request.config.stash[CONTEXT_KEY]
        return
    option = request.config.getoption
    settings = resolve_settings(
        spec=option("--conformance-spec"),
        base_url=option("--conformance-base-url"),
        seed=option("--conformance-seed"),
        max_examples=option("--conformance-max-examples"),
    )
    with open_context(settings) as context:
        request.config.stash[CONTEXT_KEY] = context
        yield context


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize the per-check verdict test over every (operation, check) pair of the spec."""
    if PAIR_FIXTURE not in metafunc.fixturenames:
        return
    config = metafunc.config
    if CONTEXT_KEY in config.stash:
        spec = config.stash[CONTEXT_KEY].spec
    else:
        spec = load_spec(config.getoption("--conformance-spec"))
    pairs = [(operation, check) for operation in operation_labels(spec.raw) for check in check_names()]
    metafunc.parametrize(PAIR_FIXTURE, pairs, ids=[f"{operation}::{check}" for operation, check in pairs])


def operation_labels(raw: dict[str, object]) -> list[str]:
    """`METHOD /path` for every operation of a spec, as Schemathesis labels them."""
    methods = HTTP_METHODS
    paths = raw.get("paths")
    assert isinstance(paths, dict)
    return [f"{method.upper()} {path}" for path, item in paths.items() for method in methods if method in item]


def check_names() -> list[str]:
    """Names of every check: registered response checks (built-in and ours), then our multi-request probes."""
    load_all_checks()
    registered = [check.__name__ for check in CHECKS.get_all() if not is_check_class(check)]
    return [*registered, *PROBE_CHECKS]
