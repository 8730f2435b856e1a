"""Generated cases for every operation, then one verdict per operation and check."""

from __future__ import annotations

import pytest
import schemathesis
from schemathesis import Case

from conformance.checks.registry import profile_of
from conformance.context import RunContext
from conformance.errors import TargetError
from conformance.exercise import CaseExerciser
from conformance.findings import Finding, Kind
from conformance.gate import BudgetExhausted
from conformance.probes import Prober, run_plan
from conformance.reporting import allure as allure_report
from conformance.reporting.allure import SPEC_GAP_PREFIX

schema = schemathesis.pytest.from_fixture("conformance_schema")


@pytest.fixture(scope="session")
def conformance_schema(conformance_context: RunContext) -> schemathesis.BaseSchema:
    return conformance_context.schema()


@pytest.fixture(scope="session")
def exerciser(conformance_context: RunContext) -> CaseExerciser:
    return CaseExerciser(conformance_context)


def test_probes(conformance_schema: schemathesis.BaseSchema, exerciser: CaseExerciser) -> None:
    """Multi-request probes first: they prove the most per request (walks, orders, filters, bounds, auth)."""
    allure_report.label_phase(exerciser.context, "multi-request probes")
    for result in conformance_schema.get_all_operations():
        operation = result.ok()
        profile = profile_of(operation.Case())
        if profile is None:
            continue
        try:
            exerciser.context.not_checked.update(run_plan(Prober(exerciser, operation, profile)))
        except TargetError as exc:
            exerciser.context.findings.target_errors.append(str(exc))
            pytest.exit(str(exc), returncode=2)


@schema.parametrize()
def test_generated(case: Case, exerciser: CaseExerciser) -> None:
    """Send the case; findings are recorded, not raised, so nothing is re-sent to shrink."""
    allure_report.label_phase(exerciser.context, "generated cases")
    try:
        exerciser.exercise(case)
    except BudgetExhausted:
        exerciser.context.unsent_cases += 1
    except TargetError as exc:
        exerciser.context.findings.target_errors.append(str(exc))
        pytest.exit(str(exc), returncode=2)


def test_check(conformance_pair: tuple[str, str], conformance_context: RunContext) -> None:
    """The verdict of one check on one operation, over every response the run saw."""
    operation, check = conformance_pair
    findings = conformance_context.findings.for_pair(operation, check)
    allure_report.label(conformance_context, operation, check, findings)
    allure_report.steps(findings)
    defects = [f for f in findings if f.kind is Kind.DEFECT]
    gaps = [f for f in findings if f.kind is Kind.SPEC_GAP]
    if defects:
        pytest.fail("\n\n".join(_describe(f) for f in defects), pytrace=False)
    if gaps:
        message = f"{SPEC_GAP_PREFIX}: " + "\n\n".join(_describe(f) for f in gaps)
        if conformance_context.settings.strict_spec:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def _describe(finding: Finding) -> str:
    return f"{finding.title}\n{finding.message}\nReproduce: {finding.reproduce}"
