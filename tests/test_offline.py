"""The offline checker (the recordings a recheck's plan leaves, the SDK gate) judges recorded exchanges with the
run's own code: Schemathesis' response checks and ours, classified with the spec's contradictions as the run
classifies them."""

from __future__ import annotations

import ast
import copy
import json
from pathlib import Path
from typing import Any

import pytest

from conformance import st
from conformance.cassette.reader import read_cassette
from conformance.cassette.recheck import RECHECKED, Recheck, _recorded, recheck
from conformance.checks import CHECKS, LIST_CHECKS
from conformance.cli import main
from conformance.engine.offline import OfflineChecker, Recorded, path_parameters
from conformance.engine.spec_findings import lint
from conformance.errors import EXIT_DEFECTS, EXIT_ERROR, EXIT_PASS
from conformance.result import Finding, Kind, RunResult
from conformance.sandbox import Sandbox
from conformance.sandbox.faults import get_fault
from conformance.spec import load_spec
from tests.conftest import CREDENTIALS, run_against
from tests.shared import shared_path

ROOT = Path(__file__).parent.parent
SPEC = ROOT / "specs" / "voucherify" / "customers.yaml"
RUN_CASSETTES = sorted(p for p in (ROOT / "cassettes").glob("customers-*.yaml"))
CUSTOMERS = "GET /v1/customers"
FAST = {"max_examples": 10}
KINDS = (Kind.DEFECT, Kind.SPEC_GAP, Kind.SPEC_FINDING)
# A required property the spec never defines: `conformance lint` finds the contradiction, and a run (and so a
# recheck) reports the response that lacks it as a spec finding, not a defect.
GHOST = "ghost_property"


def _identities(findings: list[Finding] | tuple[Finding, ...]) -> set[tuple[str, str, str, str]]:
    return {(f.check, f.kind.value, f.title, f.operation) for f in findings}


def _exchanges(cassette: Path) -> list[Recorded]:
    return [
        _recorded(i["request"]["method"], i["request"]["uri"], i["response"])
        for i in read_cassette(cassette).interactions
    ]


def _record(tmp_path: Path, fault: str | None, spec: Path = SPEC) -> tuple[Path, RunResult]:
    cassette = tmp_path / "run.yaml"
    with Sandbox(credentials=CREDENTIALS, wrap=get_fault(fault).wrap if fault else None) as server:
        result = run_against(server, tmp_path / "run", spec=spec, cassette=cassette, **FAST)
    return cassette, result


@pytest.mark.slow
def test_a_recheck_classifies_the_spec_own_contradictions_as_the_run_does(tmp_path: Path) -> None:
    spec = yaml_spec(tmp_path, ghost_defined=False)
    cassette, run = _record(tmp_path, None, spec)
    rechecked = recheck(cassette, spec)
    ghosts = [f for f in rechecked.result.findings if f.check == "response_schema_conformance" and GHOST in f.message]
    assert ghosts and {f.kind for f in ghosts} == {Kind.SPEC_FINDING}
    assert _identities(rechecked.result.findings) == _identities(run.findings)


def yaml_spec(tmp_path: Path, *, ghost_defined: bool) -> Path:
    """customers.yaml whose customers must carry GHOST; defined as a property, or (a contradiction) not."""
    raw = copy.deepcopy(load_spec(SPEC).raw)
    customer = raw["components"]["schemas"]["CustomerBase"]
    customer["required"] = [*customer.get("required", []), GHOST]
    if ghost_defined:
        customer["properties"][GHOST] = {"type": "string"}
    path = tmp_path / ("defined.json" if ghost_defined else "contradicted.json")
    path.write_text(json.dumps(raw))
    return path


@pytest.mark.parametrize(("ghost_defined", "kind"), [(False, Kind.SPEC_FINDING), (True, Kind.DEFECT)])
def test_a_required_property_the_spec_never_defines_is_a_spec_finding_else_a_defect(
    tmp_path: Path, ghost_defined: bool, kind: Kind
) -> None:
    (cassette,) = (c for c in RUN_CASSETTES if c.name == "customers-sandbox.yaml")
    spec = yaml_spec(tmp_path, ghost_defined=ghost_defined)
    checker = OfflineChecker(load_spec(spec).raw, str(read_cassette(cassette).header["base_url"]), source=str(spec))
    for exchange in _exchanges(cassette)[:20]:
        checker.check(exchange, only=RECHECKED)
    ghosts = [
        f for k in KINDS for f in checker.findings(k) if f.check == "response_schema_conformance" and GHOST in f.message
    ]
    assert ghosts and {f.kind for f in ghosts} == {kind}


def test_a_recorded_fault_is_a_defect_of_the_recheck() -> None:
    (faulty,) = (c for c in RUN_CASSETTES if "order-inverted" in c.name)
    checker = OfflineChecker(load_spec(SPEC).raw, str(read_cassette(faulty).header["base_url"]))
    for exchange in _exchanges(faulty):
        checker.check(exchange, only=RECHECKED)
    assert any(f.check == "list_sort_order" for f in checker.findings(Kind.DEFECT))


def test_the_correct_recording_has_no_defect_in_its_recheck(correct_recheck: Recheck) -> None:
    assert correct_recheck.responses > 0 and correct_recheck.errors == []
    assert correct_recheck.defects == []


@pytest.fixture(scope="module")
def correct_recheck() -> Recheck:
    (correct,) = (c for c in RUN_CASSETTES if c.name == "customers-sandbox.yaml")
    return recheck(correct, SPEC)


@pytest.mark.parametrize("name", st.RESPONSE_ONLY)
def test_each_of_schemathesis_response_checks_judges_the_recorded_list(correct_recheck: Recheck, name: str) -> None:
    (operation,) = (op for op in correct_recheck.result.operations if op.operation == CUSTOMERS)
    assert name in operation.checked


@pytest.mark.parametrize("name", LIST_CHECKS)
def test_each_list_check_runs_on_the_recorded_list(correct_recheck: Recheck, name: str) -> None:
    (operation,) = (op for op in correct_recheck.result.operations if op.operation == CUSTOMERS)
    assert name in (*operation.checked, *operation.not_applicable)


def _crashing(name: str) -> Any:
    def check(*_args: Any) -> Any:
        raise RuntimeError("boom")

    check.__name__ = name
    return check


@pytest.mark.parametrize("name", ["status_code_conformance", "list_shape"])
def test_a_crashing_check_is_an_error_of_the_recheck_never_a_pass(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    if name in CHECKS:
        monkeypatch.setitem(CHECKS, name, _crashing(name))
    else:
        builtins = st.enabled_builtins
        monkeypatch.setattr(
            st,
            "enabled_builtins",
            lambda ctx: [_crashing(name) if c.__name__ == name else c for c in builtins(ctx)],
        )
    result = recheck(RUN_CASSETTES[0], SPEC)
    assert result.errors and all(f"{name} crashed" in e and "boom" in e for e in result.errors)
    assert result.result.exit_code == EXIT_ERROR


@pytest.mark.parametrize(
    ("cassette", "code"),
    [("customers-sandbox.yaml", EXIT_PASS), ("customers-fault-order-inverted.yaml", EXIT_DEFECTS)],
)
def test_recheck_writes_the_outputs_of_a_run_into_the_report_dir(tmp_path: Path, cassette: str, code: int) -> None:
    path = ROOT / "cassettes" / cassette
    assert main(["recheck", str(path), "--spec", str(SPEC), "--report-dir", str(tmp_path)]) == code
    summary = json.loads((tmp_path / "summary.json").read_text())
    expected = recheck(path, SPEC)
    assert summary["verdict"] == expected.result.verdict.value
    assert len(summary["defects"]) == len(expected.defects)
    assert summary["requests"] == 0  # nothing is sent
    assert summary["replay"]["cassette"] == str(path)
    assert (tmp_path / "junit.xml").is_file()
    assert any((tmp_path / "allure-results").glob("*-result.json"))


def test_recheck_into_a_report_dir_that_is_a_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert main(["recheck", str(RUN_CASSETTES[0]), "--spec", str(SPEC), "--report-dir", str(blocker)]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert "--report-dir must be a folder" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("template", "path", "values"),
    [
        ("/v1/customers", "/v1/customers", {}),
        ("/v1/customers/{customerId}/activity", "/v1/customers/cust_1/activity", {"customerId": "cust_1"}),
        ("/v1/exports/{export_Id}", "/v1/exports/exp%20a", {"export_Id": "exp a"}),
        ("/v1/{a}/x/{b}", "/v1/1/x/2", {"a": "1", "b": "2"}),
        ("/v1/customers/{customerId}", "/v1/products/p", {}),
    ],
)
def test_a_recorded_path_gives_its_template_parameters(template: str, path: str, values: dict[str, str]) -> None:
    assert path_parameters(template, path) == values


LIST_EXCHANGE = Recorded("GET", "http://x/v1/customers", 200, {"Content-Type": ["application/json"]}, b"{}")


def judged(checker: OfflineChecker) -> OfflineChecker:
    """The checker after it judged one exchange of GET /v1/customers."""
    checker.check(LIST_EXCHANGE)
    return checker


def test_each_checker_of_a_spec_holds_its_spec_findings_and_another_spec_its_own(tmp_path: Path) -> None:
    contradicted = load_spec(yaml_spec(tmp_path, ghost_defined=False)).raw
    first, second = (judged(OfflineChecker(contradicted, "http://x", source="s")) for _ in range(2))
    assert any(GHOST in f.title for f in first.findings(Kind.SPEC_FINDING))
    assert first.findings(Kind.SPEC_FINDING) == second.findings(Kind.SPEC_FINDING) and first.log is not second.log
    plain = judged(OfflineChecker(load_spec(SPEC).raw, "http://x", source="s"))
    assert not any(GHOST in f.title for f in plain.findings(Kind.SPEC_FINDING))


def test_a_checker_reports_the_spec_findings_of_the_operations_it_judged_only(tmp_path: Path) -> None:
    spec = shared_path("voucherify", "openapi", "customers.json")
    checker = OfflineChecker(load_spec(spec).raw, "http://x", source=str(spec))
    elsewhere = {f.operation for f in lint(checker.raw, str(spec))[0]}
    assert elsewhere and "GET /v1/customers" not in elsewhere, "customers.json's findings are about other operations"
    assert judged(checker).findings(Kind.SPEC_FINDING) == [], "GET /v1/customers was judged, and no finding is about it"


def _importers(module: str, name: str) -> set[str]:
    """The package's modules that import `name` from `module`."""
    package = ROOT / "conformance"
    return {
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ImportFrom) and node.module == module and name in {a.name for a in node.names}
    }


def test_one_classify_and_record_step_for_run_replay_and_recheck() -> None:
    """A response's failure is classified (defect, spec gap, spec finding, with the spec's contradictions) and kept by
    `findings.record` alone, which `engine/judge.py` alone calls: the run, its replay, a recheck's plan and the
    recordings the plan left all judge through its `Judge`, so none classifies differently from another."""
    assert _importers("conformance.findings", "kind_of") == set()
    assert _importers("conformance.findings", "classify") == set()
    assert _importers("conformance.findings", "record") == {"engine/judge.py"}
    assert _importers("conformance.engine.judge", "Judge") == {"engine/exercise.py", "engine/offline.py"}
