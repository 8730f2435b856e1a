"""The probes' own requests count towards the covering set (`probes.covering`): each kind of case they serve is one
the covering set would hold, and one the probes really send, with a value the parameter's schema admits (positive)
or refuses (negative); the covering set is smaller by at least a case per parameter they serve."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl

import pytest

from conformance import st, st_schema
from conformance.engine.budget import CaseKind, covering_size
from conformance.engine.log import GENERATED
from conformance.generation import schemathesis_config
from conformance.probes.covering import NEGATIVE, POSITIVE, QUERY, served
from conformance.profile import list_profile
from conformance.profile.parameters import query_parameters
from conformance.query_values import mismatch
from conformance.sandbox import Sandbox
from conformance.sandbox.http import App, Request, Response
from conformance.settings import DEFAULT_SPEC, resolve_settings
from conformance.spec import load_spec
from tests.conftest import CREDENTIALS, run_against

SPEC = load_spec(DEFAULT_SPEC)
SETTINGS = resolve_settings(spec=DEFAULT_SPEC, max_examples=3)
LISTS = [
    label
    for label in (f"{m.upper()} {p}" for p, item in SPEC.raw["paths"].items() for m in item)
    if list_profile(SPEC.raw, *label.split(" ", 1))
]


def _kinds(label: str) -> list[CaseKind]:
    config = schemathesis_config(SETTINGS, "http://127.0.0.1")
    schema = st_schema.select(st_schema.load_schema(SPEC.raw, config), SETTINGS.selection)
    (operation,) = [op for name, op, _ in st_schema.operations(schema) if name == label]
    cases: list[object] = []
    with st.without_local_constants():
        st.generated_cases(operation, cases.append)()
    return [CaseKind(*st.case_kind(case)) for case in cases]  # type: ignore[arg-type]


@pytest.mark.parametrize("label", LISTS)
def test_what_the_probes_serve_is_in_the_covering_set_and_leaves_it(label: str) -> None:
    method, path = label.split(" ", 1)
    profile = list_profile(SPEC.raw, method, path)
    assert profile is not None
    kinds, kept = _kinds(label), served(SPEC.raw, method, path, profile)
    assert kept.parameters and kept.checks
    assert kept.parameters <= {kind.parameter_key for kind in kinds}
    assert kept.checks <= {kind.check_key for kind in kinds}
    # Each served parameter is one case fewer (the plan counts that much, `budget_plan`); a served check key rides
    # along with the first case of some parameter, and saves a case only where that parameter is served too.
    assert covering_size(kinds, kept) <= covering_size(kinds) - len(kept.parameters)


@pytest.mark.parametrize("label", LISTS)
def test_the_probes_send_what_they_serve(label: str, tmp_path: Path) -> None:
    """Run only as far as the probes (a budget of what a full run sent before its generated cases): every parameter
    they serve went out with a value of the mode they serve it in."""
    method, path = label.split(" ", 1)
    with Sandbox(credentials=CREDENTIALS) as server:
        full = run_against(server, tmp_path / "full", max_examples=3)
    before = sum(full.run_requests.values()) + sum(
        n for op in full.operations for phase, n in op.requests_by_phase.items() if phase != GENERATED
    )
    queries: list[str] = []

    def wrap(app: App) -> App:
        def recorded(request: Request) -> Response:
            queries.append(request.query)
            return app(request)

        return recorded

    with Sandbox(credentials=CREDENTIALS, wrap=wrap) as server:
        run_against(server, tmp_path / "probes", max_examples=3, max_requests=before)
    params = query_parameters(SPEC.raw, SPEC.raw["paths"][path], SPEC.raw["paths"][path][method.lower()])
    sent = [dict(parse_qsl(query, keep_blank_values=True)) for query in queries]
    profile = list_profile(SPEC.raw, method, path)
    assert profile is not None
    for mode, where, name in served(SPEC.raw, method, path, profile).parameters:
        assert where == QUERY and name is not None
        fits = [mismatch(SPEC.raw, params[name]["schema"], values[name]) is None for values in sent if name in values]
        assert (True in fits) if mode == POSITIVE else (False in fits), (mode, name)
        assert mode in (POSITIVE, NEGATIVE)
