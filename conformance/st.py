"""Schemathesis and Hypothesis behind one seam: every use of their private names is here, and the public uses
that go with them (a spec's schema and its operations, and a recorded response, public names only, are `st_schema`'s).

`tests/test_st_contract.py` pins what this module relies on against the installed versions (any of the ranges
pyproject.toml declares), so an upgrade that moves a private name fails there, with the name, instead of deep
inside a run.
"""

from __future__ import annotations

import base64
import contextlib
import json
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import hypothesis
from hypothesis.internal.conjecture import providers
from requests.structures import CaseInsensitiveDict
from schemathesis.checks import CheckContext, run_checks, run_checks_for
from schemathesis.core import NOT_SET
from schemathesis.core.failures import Failure, Severity
from schemathesis.engine.run import PhaseName
from schemathesis.generation.feedback import FeedbackSources
from schemathesis.generation.meta import CaseMetadata, CoveragePhaseData, CoverageScenario
from schemathesis.pytest._test_builder import build_operation_test

from conformance.errors import ConformanceError
from conformance.leniency import Negation, Sent

if TYPE_CHECKING:
    from schemathesis import APIOperation, Case, Response

__all__ = [
    "RECORDER_ONLY",
    "RESPONSE_ONLY",
    "SKIPPED_BUILTINS",
    "DeterminismError",
    "Failure",
    "Severity",
    "UnrecordableCase",
    "case_for_query",
    "case_from_record",
    "case_kind",
    "case_record",
    "check_context",
    "curl_command",
    "enabled_builtins",
    "failure_key",
    "generated_cases",
    "run_one_check",
    "sent",
    "without_local_constants",
]

# Built-in checks we do not run: `ignored_auth` re-sends requests through sessions of its own, past our
# budget; our `auth_required` probe checks the same, on our session.
SKIPPED_BUILTINS = frozenset({"ignored_auth"})
# Built-in checks that judge sequences Schemathesis records in its stateful phase, which we do not run: with no
# recorder they can never find anything, so they are reported as not applicable rather than as passed.
RECORDER_ONLY = frozenset({"use_after_free", "ensure_resource_availability", "object_level_authorization"})
# Built-in checks that judge a response alone, in Schemathesis' registry order: the ones a probe's response and a
# recorded exchange get (the others need a generated case's metadata, or re-send requests).
RESPONSE_ONLY = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
)
OnFailure = Callable[[str, Failure], None]
UNEXPECTED_KEYWORD = "additionalProperties"  # a negative mutation that adds a name the schema does not declare


# Hypothesis mixes string and number literals of every *local* module in `sys.modules` (ours, our tests, whatever
# else the process imported; not site-packages) into what it generates: two processes with the same seed would send
# different cases, and a cassette recorded in one could not be replayed in the other. No public setting turns that
# off, so while a run lasts the pool is empty; pyproject bounds Hypothesis to the releases that have these names.
LOCAL_CONSTANTS = ("_get_local_constants", "Constants", "CONSTANTS_CACHE")  # of hypothesis...conjecture.providers


class DeterminismError(ConformanceError):
    """The installed Hypothesis no longer has the internal that keeps generation deterministic."""


@contextlib.contextmanager
def without_local_constants() -> Iterator[None]:
    """Generation that depends only on the spec, the seed and the responses, never on which modules are loaded."""
    missing = [name for name in LOCAL_CONSTANTS if not hasattr(providers, name)]
    if missing:
        raise DeterminismError(
            f"Hypothesis {hypothesis.__version__} has no hypothesis.internal.conjecture.providers.{missing[0]}, which "
            "keeps generation deterministic. Install a Hypothesis release that pyproject.toml allows."
        )
    original, empty = providers._get_local_constants, providers.Constants()  # type: ignore[attr-defined]
    providers._get_local_constants = lambda: empty
    providers.CONSTANTS_CACHE.cache.clear()  # filtered constants of earlier draws, local ones included
    try:
        yield
    finally:
        providers._get_local_constants = original
        providers.CONSTANTS_CACHE.cache.clear()


def generated_cases(
    operation: APIOperation[Any, Any, Any, Any], send: Callable[[Case[Any]], None]
) -> Callable[[], None]:
    """A callable that runs every generated case of the operation's enabled phases through `send`, as
    `schema.parametrize()` would under pytest: same seed derivation, same phases, same cases."""

    def test(case: Case[Any]) -> None:
        send(case)

    test.__name__ = f"generated_{operation.method}"
    built = build_operation_test(
        config=operation.schema.config,
        operation=operation,
        test_func=test,
        given_kwargs={},
        feedback=FeedbackSources(),
    )
    return built


class UnrecordableCase(ValueError):
    """A generated case holds a value that plain data cannot carry (a NaN, a non-string key, an object)."""


BASE64 = "$base64"  # how Schemathesis itself carries bytes in plain data


def case_record(case: Case[Any]) -> str:
    """A generated case as one line of JSON: what it sends, and its metadata as Schemathesis' own
    `CaseMetadata.to_dict()` carries it across processes. UnrecordableCase when JSON cannot hold it."""
    record: dict[str, Any] = {
        "method": case.method,
        "path_parameters": dict(case.path_parameters or {}),
        "headers": dict(case.headers or {}),
        "cookies": dict(case.cookies or {}),
        "query": dict(case.query or {}),
        "media_type": case.media_type,
        "meta": case.meta.to_dict() if case.meta is not None else None,
    }
    if case.body is not NOT_SET:
        record["body"] = {BASE64: base64.b64encode(case.body).decode()} if isinstance(case.body, bytes) else case.body
    try:
        return json.dumps(record, allow_nan=False, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        raise UnrecordableCase(str(exc)) from None


def case_from_record(operation: APIOperation[Any, Any, Any, Any], text: str) -> Case[Any]:
    """The case a `case_record` describes, as Schemathesis' own replay rebuilds one: same request, same metadata."""
    record = json.loads(text)
    body = record.get("body", NOT_SET)
    if isinstance(body, dict) and set(body) == {BASE64}:
        body = base64.b64decode(body[BASE64])
    case = operation.Case(
        method=record["method"],
        path_parameters=record["path_parameters"],
        headers=CaseInsensitiveDict(record["headers"]),
        cookies=record["cookies"],
        query=record["query"],
        body=body,
        media_type=record["media_type"],
    )
    if record["meta"] is not None:
        case._meta = CaseMetadata.from_dict(record["meta"])
    case.freeze_metadata()
    return case


def case_for_query(operation: APIOperation[Any, Any, Any, Any], query: dict[str, str], path: dict[str, str]) -> Any:
    """A case with exactly this query and these path parameters (for probes and rechecks)."""
    return operation.Case(query=query, path_parameters=path or None)


def check_context(case: Case[Any], headers: dict[str, str], auth_enforced: set[str]) -> CheckContext:
    """What Schemathesis' checks need to judge one response of this case."""
    phase = PhaseName.from_str(case.meta.phase.name.value) if case.meta is not None else None
    schema = case.operation.schema
    return CheckContext(
        override=case._override,
        auth=None,
        headers=CaseInsensitiveDict(headers),
        config=_checks_config(case.operation, phase.value if phase else None),
        transport_kwargs=None,
        response_checks=run_checks_for(schema).for_responses(),
        phase=phase,
        auth_enforced_operations=auth_enforced,
    )


# The checks' configuration of each (operation, phase): Schemathesis merges it from the config's hierarchy on each
# call, which cost more than most checks. The operation is kept with it, so that its id is not reused.
_CHECKS_CONFIGS: dict[tuple[int, str | None], tuple[Any, Any]] = {}
MAX_CHECKS_CONFIGS = 1024  # a whole-API run has about 400 operations; beyond that, start again


def _checks_config(operation: APIOperation[Any, Any, Any, Any], phase: str | None) -> Any:
    key = (id(operation), phase)
    if key not in _CHECKS_CONFIGS or _CHECKS_CONFIGS[key][0] is not operation:
        if len(_CHECKS_CONFIGS) >= MAX_CHECKS_CONFIGS:
            _CHECKS_CONFIGS.clear()
        _CHECKS_CONFIGS[key] = (operation, operation.schema.config.checks_config_for(operation=operation, phase=phase))
    return _CHECKS_CONFIGS[key][1]


def enabled_builtins(ctx: CheckContext) -> list[Callable[..., Any]]:
    """The built-in checks this context enables, minus those we skip."""
    return [check for check in ctx.internals.checks if check.__name__ not in SKIPPED_BUILTINS]


def run_one_check(
    check: Callable[..., Any], case: Case[Any], response: Response, ctx: CheckContext, on_failure: OnFailure
) -> bool:
    """Run one check; report its failures; True when it applied. Anything else it raises propagates."""
    applied = False

    def succeeded(_name: str, _case: Case[Any]) -> None:
        nonlocal applied
        applied = True

    def failed(name: str, _collected: set[Failure], failure: Failure) -> None:
        nonlocal applied
        applied = True
        on_failure(name, failure)

    run_checks(case=case, response=response, ctx=ctx, checks=[check], on_failure=failed, on_success=succeeded)
    return applied


def failure_key(failure: Any) -> str:
    """Schemathesis' notion of "the same failure" (ours have it too), for de-duplication."""
    return str(failure._unique_key)


def curl_command(case: Case[Any], base_url: str, headers: dict[str, str]) -> str:
    return str(case.as_curl_command(headers=headers, base_url=base_url))


def case_kind(case: Case[Any]) -> tuple[str, str | None, str | None, str | None]:
    """(mode, parameter location, parameter, coverage scenario) from Schemathesis' metadata: what the case
    exercises; a case without metadata is a positive one."""
    meta = case._meta  # as `sent` reads it: `case.meta` would revalidate the case
    if meta is None:
        return ("positive", None, None, None)
    data = meta.phase.data
    location = data.parameter_location.value if data.parameter_location is not None else None
    scenario = data.scenario.value if isinstance(data, CoveragePhaseData) else None
    return (meta.generation.mode.value, location, data.parameter, scenario)


def sent(case: Case[Any]) -> Sent:
    """What the case sent, and what Schemathesis' metadata says it mutated on purpose (issue #21: a finding is
    excused or downgraded on that evidence, never on a failure message's text)."""
    negations: list[Negation] = []
    meta = case._meta  # read as Schemathesis' own `coverage_scenario` does: `case.meta` would revalidate the case
    if meta is not None and meta.generation.mode.is_negative:
        data = meta.phase.data
        unexpected = (
            isinstance(data, CoveragePhaseData) and data.scenario is CoverageScenario.OBJECT_UNEXPECTED_PROPERTIES
        )
        if data.parameter_location is not None and (data.parameter is not None or not data.mutations):
            negations.append(Negation(data.parameter_location.value, data.parameter, unexpected))
        negations += [
            Negation(
                m.parameter_location.value,
                m.parameter,
                UNEXPECTED_KEYWORD in m.keywords and m.parameter is None,
                tuple(str(step) for step in m.path),
            )
            for m in getattr(data, "mutations", ())
        ]
    return Sent(
        query=dict(case.query or {}),
        path=dict(case.path_parameters or {}),
        body=case.body is not NOT_SET,
        negations=tuple(dict.fromkeys(negations)),
    )
