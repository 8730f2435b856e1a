"""What conformance/st.py relies on in Schemathesis, pinned: an upgrade that moves any of it fails here, by name."""

from __future__ import annotations

import importlib
import re
import tomllib
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement

from conformance.st import LOCAL_CONSTANTS, RESPONSE_ONLY

ROOT = Path(__file__).parent.parent
SPECS = ROOT / "specs" / "voucherify"
OFFICIAL = ROOT.parent / "shared" / "voucherify" / "openapi"
# Operations whose generated cases a recording writes down: a list, and a body-carrying create.
RECORDED_OPERATIONS = [
    (SPECS / "customers.yaml", "GET /v1/customers"),
    (OFFICIAL / "vouchers.json", "POST /v1/vouchers"),
    (OFFICIAL / "vouchers.json", "GET /v1/vouchers"),
]
# (module, attribute) pairs the seam uses, private ones included.
USED = [
    ("schemathesis.checks", "CHECKS"),
    ("schemathesis.checks", "CheckContext"),
    ("schemathesis.checks", "run_checks"),
    ("schemathesis.checks", "run_checks_for"),
    ("schemathesis.checks", "load_all_checks"),
    ("schemathesis.checks", "is_check_class"),
    ("schemathesis.config", "SchemathesisConfig"),
    ("schemathesis.core.failures", "Failure"),
    ("schemathesis.core.failures", "Severity"),
    ("schemathesis.engine.run", "PhaseName"),
    ("schemathesis.generation.feedback", "FeedbackSources"),
    ("schemathesis.pytest._test_builder", "build_operation_test"),
    ("schemathesis.generation.case", "Case"),
    ("schemathesis.generation.meta", "CaseMetadata"),
    ("schemathesis.generation.meta", "CoveragePhaseData"),
    ("schemathesis.generation.meta", "CoverageScenario"),
    ("schemathesis.core", "NOT_SET"),
    *(("hypothesis.internal.conjecture.providers", name) for name in LOCAL_CONSTANTS),
]
SEAM_LIBRARIES = ("schemathesis", "hypothesis")  # whose private names st.py uses
# A dotted name into one of them that reaches a private module or name (`_test_builder`, `internal`; not `__version__`).
PRIVATE = re.compile(rf"\b(?:{'|'.join(SEAM_LIBRARIES)})(?:\.\w+)*?\.(?:internal\b|_(?!_))")


def _declared(name: str) -> Requirement:
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    return next(r for r in map(Requirement, dependencies) if r.name == name)


@pytest.mark.parametrize("library", SEAM_LIBRARIES)
def test_the_installed_version_is_in_the_declared_range(library: str) -> None:
    """The names below are pinned, not a release: any version of the range that has them all works."""
    declared = _declared(library)
    assert declared.specifier.contains(version(library)), f"{version(library)} not in {declared}"


@pytest.mark.parametrize("library", SEAM_LIBRARIES)
def test_the_declared_range_is_a_range_of_releases(library: str) -> None:
    specifiers = {spec.operator for spec in _declared(library).specifier}
    assert specifiers == {">=", "<"}, "a lower and an upper bound, never one release"


def test_no_module_but_the_seam_imports_a_private_name_of_its_libraries() -> None:
    """The one pinned seam: elsewhere, Schemathesis and Hypothesis are used through their public names only."""
    package = ROOT / "conformance"
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted(package.rglob("*.py"))
        if path != package / "st.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if PRIVATE.search(line)
    ]
    assert offenders == []


@pytest.mark.parametrize("name", RESPONSE_ONLY)
def test_each_response_only_check_the_seam_names_is_schemathesis_own(name: str) -> None:
    from schemathesis.checks import CHECKS, load_all_checks

    load_all_checks()
    assert name in CHECKS.get_all_names()


@pytest.mark.parametrize(("module", "name"), USED, ids=[f"{m}.{n}" for m, n in USED])
def test_each_name_the_seam_uses_exists(module: str, name: str) -> None:
    assert hasattr(importlib.import_module(module), name)


def test_case_private_members_the_seam_reads() -> None:
    from schemathesis.core.failures import Failure
    from schemathesis.generation.case import Case

    assert "_override" in Case.__slots__ or hasattr(Case, "_override")
    assert "_meta" in Case.__slots__ or hasattr(Case, "_meta")  # st.sent reads it as coverage_scenario does
    assert isinstance(Failure.__dict__.get("_unique_key"), property) or hasattr(Failure, "_unique_key")


@pytest.mark.parametrize("name", LOCAL_CONSTANTS)
def test_the_determinism_patch_fails_loudly_without_its_target(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    from hypothesis.internal.conjecture import providers

    from conformance.st import DeterminismError, without_local_constants

    monkeypatch.delattr(providers, name)
    with pytest.raises(DeterminismError, match=name), without_local_constants():
        pass


def test_while_a_run_lasts_hypothesis_draws_no_constant_of_a_loaded_module() -> None:
    """Both ways: our own package is a local module whose literals Hypothesis collects, except inside the seam."""
    from hypothesis.internal.conjecture import providers

    from conformance.st import without_local_constants

    assert len(providers._get_local_constants()) > 0, "no local module loaded: the test would prove nothing"
    with without_local_constants():
        assert len(providers._get_local_constants()) == 0
    assert len(providers._get_local_constants()) > 0


def _generated_cases(spec: Path, label: str) -> list[Any]:
    from conformance import st
    from conformance.generation import schemathesis_config
    from conformance.settings import RunSettings
    from conformance.spec import load_spec

    config = schemathesis_config(RunSettings(max_examples=10), "http://127.0.0.1:9")
    schema = st.load_schema(load_spec(spec).raw, config)
    operation = next(op for name, op, _ in st.operations(schema) if name == label)
    cases: list[Any] = []
    st.generated_cases(operation, cases.append)()
    return cases


@pytest.mark.parametrize(("spec", "label"), RECORDED_OPERATIONS, ids=[label for _, label in RECORDED_OPERATIONS])
def test_a_recorded_case_rebuilds_into_the_same_case_with_the_same_metadata(spec: Path, label: str) -> None:
    from conformance import st

    cases = _generated_cases(spec, label)
    assert cases, "nothing generated: the test would prove nothing"
    for case in cases:
        rebuilt = st.case_from_record(case.operation, st.case_record(case))
        assert rebuilt == case  # Schemathesis' own equality: method, path, parameters, headers, query, body
        assert rebuilt.meta is not None and case.meta is not None
        assert rebuilt.meta.to_dict() == case.meta.to_dict()


def test_a_case_json_cannot_carry_is_unrecordable() -> None:
    from conformance import st

    case = _generated_cases(SPECS / "customers.yaml", "GET /v1/customers")[0]
    case.query["limit"] = float("nan")
    with pytest.raises(st.UnrecordableCase):
        st.case_record(case)
