"""Generated cases for every operation, then one verdict per operation and check."""

from __future__ import annotations

import allure
import pytest
import schemathesis
from schemathesis import Case

from conformance.checks.registry import profile_of
from conformance.context import RunContext
from conformance.errors import TargetError
from conformance.exercise import CaseExerciser
from conformance.findings import Kind
from conformance.gate import BudgetExhausted
from conformance.probes import Prober, run_plan

schema = schemathesis.pytest.from_fixture("conformance_schema")


@pytest.fixture(scope="session")
def conformance_schema(conformance_context: RunContext) -> schemathesis.BaseSchema:
    return conformance_context.schema()


@pytest.fixture(scope="session")
def exerciser(conformance_context: RunContext) -> CaseExerciser:
    return CaseExerciser(conformance_context)


def test_probes(conformance_schema: schemathesis.BaseSchema, exerciser: CaseExerciser) -> None:
    """Multi-request probes first: they prove the most per request (walks, orders, filters, bounds, auth)."""
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
    allure.dynamic.epic(conformance_context.spec.title)
    allure.dynamic.feature(operation)
    allure.dynamic.story(check)
    findings = conformance_context.findings.for_pair(operation, check)
    for finding in findings:
        allure.attach(
            f"{finding.message}\n\nReproduce:\n{finding.reproduce}",
            name=f"{finding.kind.value}: {finding.title}",
            attachment_type=allure.attachment_type.TEXT,
        )
    defects = [f for f in findings if f.kind is Kind.DEFECT or conformance_context.settings.strict_spec]
    if defects:
        pytest.fail("\n\n".join(f"{f.title}\n{f.message}\nReproduce: {f.reproduce}" for f in defects), pytrace=False)
