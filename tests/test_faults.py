"""Every injected defect is caught by the check that should catch it; the correct sandbox gives no alarm."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
import yaml

from conformance.cli import main
from conformance.errors import EXIT_DEFECTS, EXIT_ERROR
from conformance.leniency import Sent, depends_on_data
from conformance.sandbox import Sandbox
from conformance.sandbox.faults import FAULTS, Fault, get_fault
from conformance.sandbox.field_faults import FIELD_FAULTS
from tests.conftest import CREDENTIALS, run_against

SPEC = Path(__file__).parent.parent / "specs" / "voucherify" / "customers.yaml"
CATEGORIES = {"pagination", "sort", "cursor", "filter", "shape", "auth", "content-type", "server-error"}
# Faults that do not show on GET /v1/customers: it has no more_starting_after, and without a profile the
# customers app cannot say which field is required. test_sandbox_faults.py shows them on the spec sandbox.
SPEC_SANDBOX_FAULTS = {"more-starting-after-first", "required-field-missing"}
# The faults from the field are scored per paging style by bench/mutation.py (README, "Mutation score"), where the
# checks do not catch all of them yet (issue #21 item 4); test_fault_bare_st.py holds the ones bare `st run` sees.
END_TO_END = [fault for fault in FAULTS if fault.name not in SPEC_SANDBOX_FAULTS and fault not in FIELD_FAULTS]


def test_the_catalogue_is_broad() -> None:
    assert len(FAULTS) >= 25
    assert {fault.category for fault in FAULTS} == CATEGORIES


@pytest.mark.slow
@pytest.mark.parametrize("fault", END_TO_END, ids=[fault.name for fault in END_TO_END])
def test_run_against_the_fault_exits_1_naming_its_check(tmp_path: Path, fault: Fault) -> None:
    with Sandbox(credentials=CREDENTIALS, wrap=fault.wrap) as server:
        summary = run_against(server, tmp_path)
    assert summary.exit_code == EXIT_DEFECTS, summary.error_messages
    assert fault.catches in {defect.check for defect in summary.defects}


def test_unknown_fault_suggests_the_closest_name() -> None:
    with pytest.raises(ValueError, match="Did you mean 'limit-ignored'"):
        get_fault("limit-ignord")


def test_sandbox_command_rejects_an_unknown_fault(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sandbox", "--fault", "nope"]) == EXIT_ERROR
    assert "Unknown fault 'nope'" in capsys.readouterr().err


def test_list_faults_names_each_fault_and_its_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sandbox", "--list-faults"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == [fault.name for fault in FAULTS]
    assert all(f"[caught by {fault.catches}]" in line for fault, line in zip(FAULTS, lines, strict=True))


@pytest.mark.slow
def test_shape_finding_names_the_json_path_of_the_missing_field(tmp_path: Path) -> None:
    with Sandbox(credentials=CREDENTIALS, wrap=get_fault("nested-required-missing").wrap) as server:
        summary = run_against(server, tmp_path)
    shape = [d for d in summary.defects if d.check == "list_shape"]
    assert shape and shape[0].title.startswith("Wrong or missing field at $.customers[")
    assert shape[0].title.endswith(".summary.redemptions.gift.amount_to_go")
    assert "Expected: required field `amount_to_go`" in shape[0].message


@pytest.mark.slow
@pytest.mark.parametrize(("fault", "check"), [("limit-ignored", "rejects_invalid"), ("auth-ignored", "auth_required")])
def test_other_checks_also_fire_on_faults_they_cover(tmp_path: Path, fault: str, check: str) -> None:
    """Checks no fault names as its primary catch still fire on a defect they cover (and test_run shows them silent)."""
    with Sandbox(credentials=CREDENTIALS, wrap=get_fault(fault).wrap) as server:
        summary = run_against(server, tmp_path)
    assert check in {defect.check for defect in summary.defects}


# Faults that refuse or lose valid input (issue #21), and the rule each breaks.
REFUSALS = {
    "filter-finds-nothing": "list_filter_finds",
    "filter-refuses-valid-value": "list_filter_finds",
    "limit-refused-in-range": "positive_data_acceptance",
    "descending-order-refused": "positive_data_acceptance",
}


@pytest.mark.slow
def test_the_correct_sandbox_meets_every_rule_the_refusing_faults_break(tmp_path: Path) -> None:
    """The checks that catch them reach a verdict on the correct sandbox, and find nothing there."""
    assert {get_fault(name).catches for name in REFUSALS} == set(REFUSALS.values())
    with Sandbox(credentials=CREDENTIALS) as server:
        summary = run_against(server, tmp_path)
    customers = next(op for op in summary.operations if op.operation == "GET /v1/customers")
    assert set(REFUSALS.values()) <= set(customers.checked)
    assert summary.defects == [], [f"{d.check}: {d.title}" for d in summary.defects]
    # A refusal the correct sandbox makes stays a spec gap only where the request sent a value that depends on data.
    raw = yaml.safe_load(SPEC.read_text())
    operation = raw["paths"]["/v1/customers"]["get"]
    for gap in (g for g in summary.spec_gaps if g.check == "positive_data_acceptance"):
        query = dict(parse_qsl(urlsplit(gap.request.partition(" ")[2]).query, keep_blank_values=True))
        assert depends_on_data(Sent(query), operation, raw), gap.request
