"""`--plan` counts what a run sends: no probes where they cannot go out, a parent's path values once, a covering set
as Schemathesis generates it less what the probes serve, and it prints the bounds measured against real runs."""

from __future__ import annotations

import re

import pytest

from conformance import st, st_schema
from conformance.cli import main
from conformance.costing import CASE_FACTOR, COVERING_ERROR, PROBE_ERROR, allocate, checked_budget, estimate
from conformance.engine.budget import CaseKind, covering_size
from conformance.engine.budget_cost import COVERING_SPREAD, NOTHING
from conformance.engine.log import PROBES
from conformance.engine.plan import PATH_VALUES
from conformance.errors import EXIT_PASS
from conformance.generation import schemathesis_config
from conformance.probes.covering import NONE_SERVED, served
from conformance.probes.plan import unsent_required
from conformance.profile import list_profile
from conformance.selection import parse_selection
from conformance.settings import resolve_settings
from conformance.spec import load_spec
from tests.shared import shared_path

ONLY_GET = parse_selection({"method": ["GET"]}, {}, None)
OFFICIAL = shared_path("voucherify", "openapi")
# Operations of several styles whose covering sets are generated here (a second or two each).
COVERED = [
    ("customers.json", "GET /v1/customers"),
    ("vouchers.json", "GET /v1/vouchers/{code}/transactions"),
    ("bin.json", "GET /v1/trash-bin"),
    ("rewards.json", "GET /v1/rewards/{rewardId}"),
]


def _plan(name: str):  # type: ignore[no-untyped-def]
    path = OFFICIAL / name
    return estimate(load_spec(path), resolve_settings(spec=path, plan=True, selection=ONLY_GET))


def _unsendable() -> list[tuple[str, str]]:
    found = []
    for path in sorted(OFFICIAL.glob("*.json")):
        raw = load_spec(path).raw
        for route, item in raw.get("paths", {}).items():
            if "get" in item and list_profile(raw, "GET", route) and unsent_required(raw, route, "GET"):
                found.append((path.name, f"GET {route}"))
    return found


@pytest.mark.parametrize(("name", "label"), _unsendable())
def test_a_list_whose_probes_cannot_be_sent_plans_none(name: str, label: str) -> None:
    costed = _plan(name)
    (op,) = [op for op in costed.sent if op.operation == label]
    assert op.by_phase[PROBES] == NOTHING and op.never_whole
    spent = allocate([costed], checked_budget([costed]))
    assert label in spent.never_whole and label in spent.funded and label not in spent.checked


def test_path_values_are_planned_once_per_parent() -> None:
    costed = _plan("loyalties.json")
    parents = {
        "/".join(parts[:n])
        for op in costed.sent
        for parts in [op.operation.split(" ", 1)[1].split("/")]
        for n, part in enumerate(parts)
        if part.startswith("{")
    }
    assert sum(op.by_phase[PATH_VALUES].expected for op in costed.sent) == len(parents)


@pytest.mark.parametrize(("name", "label"), COVERED)
def test_the_covering_set_is_planned_within_its_spread(name: str, label: str) -> None:
    path = OFFICIAL / name
    spec = load_spec(path)
    settings = resolve_settings(spec=path, selection=ONLY_GET)
    values = {label: dict.fromkeys(re.findall(r"\{([^}/]+)\}", label), "x1")}
    config = schemathesis_config(settings, "http://127.0.0.1", values)
    schema = st_schema.select(st_schema.load_schema(spec.raw, config), ONLY_GET)
    (operation,) = [op for found, op, _ in st_schema.operations(schema) if found == label]
    cases: list[object] = []
    with st.without_local_constants():
        st.generated_cases(operation, cases.append)()
    method, route = label.split(" ", 1)
    profile = list_profile(spec.raw, method, route)
    kept = served(spec.raw, method, route, profile) if profile else NONE_SERVED
    generated = covering_size([CaseKind(*st.case_kind(case)) for case in cases], kept)  # type: ignore[arg-type]
    (planned,) = [op for op in _plan(name).sent if op.operation == label]
    assert abs(planned.covering.expected - generated) <= COVERING_SPREAD
    assert planned.covering.low <= generated <= planned.covering.high


def test_the_plan_prints_the_measured_bounds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--spec", str(OFFICIAL / "customers.json"), "--plan"]) == EXIT_PASS
    out = capsys.readouterr().out
    for said in (f"probes by up to {PROBE_ERROR:.0%}", f"covering sets by up to {COVERING_ERROR:.0%}"):
        assert said in out
    assert f"factor of {CASE_FACTOR}" in out and "measured" in out
