"""What conformance/st.py relies on in Schemathesis, pinned: an upgrade that moves any of it fails here, by name."""

from __future__ import annotations

import ast
import importlib
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
SEAM = "st.py"  # the one module of the package that may use them
INTERNAL = "internal"  # Hypothesis' private package: `hypothesis.internal`, public-looking but not public API


def _private(part: str) -> bool:
    """A private part of a dotted name: `_test_builder`, `internal`; not `__version__`."""
    return part == INTERNAL or (part.startswith("_") and not part.startswith("__"))


def _reaches_private(dotted: str) -> bool:
    parts = dotted.split(".")
    return parts[0] in SEAM_LIBRARIES and any(_private(part) for part in parts[1:])


def _dotted(node: ast.expr, names: dict[str, str]) -> str | None:
    """`a.b.c` as the full name it stands for, its root resolved through the module's imports; None otherwise."""
    attributes: list[str] = []
    while isinstance(node, ast.Attribute):
        attributes.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name) or node.id not in names:
        return None
    return ".".join([names[node.id], *reversed(attributes)])


def private_uses(source: str) -> list[int]:
    """The lines of a module's source that reach a private name of Schemathesis or Hypothesis, read on its syntax tree
    (not its text: a comment or a docstring that names one is no use of it): an import of a private module or name
    (`from hypothesis import internal`, `import schemathesis.core._x as y`), an attribute through one of the
    libraries' modules as imported (`import hypothesis as h; h.internal`), or a module named in a string
    (`importlib.import_module("hypothesis.internal.x")`)."""
    tree = ast.parse(source)
    names: dict[str, str] = {}  # a name the module binds -> the dotted name of the library it stands for
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                root = alias.name.split(".")[0]  # `import a.b` binds `a`; `import a.b as c` binds `c` to a.b
                names[alias.asname or root] = alias.name if alias.asname else root
                if _reaches_private(alias.name):
                    found.add(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                names[alias.asname or alias.name] = full
                if _reaches_private(full):
                    found.add(node.lineno)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            dotted = _dotted(node, names)
            if dotted is not None and _reaches_private(dotted):
                found.add(node.lineno)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _reaches_private(node.value):
            found.add(node.lineno)
    return sorted(found)


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


def test_no_module_but_the_seam_uses_a_private_name_of_its_libraries() -> None:
    """The one pinned seam: elsewhere, Schemathesis and Hypothesis are used through their public names only."""
    package = ROOT / "conformance"
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted(package.rglob("*.py"))
        if path != package / SEAM
        for number in private_uses(path.read_text())
    ]
    assert offenders == []


def test_the_seam_itself_is_seen_to_use_private_names() -> None:
    """Both ways on real code: the scan finds the private names st.py does use."""
    assert len(private_uses((ROOT / "conformance" / SEAM).read_text())) >= len(LOCAL_CONSTANTS)


# Sources that reach a private name, each in a way a line-by-line scan of dotted names would miss or mistake.
PRIVATE_SOURCES = [
    "from hypothesis import internal",
    "import schemathesis.core._x as y",
    "from schemathesis.pytest import _test_builder",
    "from schemathesis.pytest._test_builder import build_operation_test",
    "from hypothesis.internal.conjecture import providers",
    "import hypothesis as h\nh.internal.conjecture.providers.Constants()",
    "from schemathesis import core\ncore._private()",
    "import hypothesis\nvalue = (\n    hypothesis\n    .internal\n)",
    "import importlib\nimportlib.import_module('hypothesis.internal.conjecture')",
]
# Sources that do not, though a text scan might say they do.
PUBLIC_SOURCES = [
    "import schemathesis\nschemathesis.__version__",
    "from schemathesis.checks import CHECKS",
    "from hypothesis.errors import Unsatisfiable",
    "# hypothesis.internal is private: we never use it",
    '"""Unlike schemathesis.core._x, this is public."""',
    "from other import internal\ninternal._x",
    "case._meta",
]


@pytest.mark.parametrize("source", PRIVATE_SOURCES)
def test_a_private_use_is_found_however_it_is_written(source: str) -> None:
    assert private_uses(source) != []


@pytest.mark.parametrize("source", PUBLIC_SOURCES)
def test_a_public_use_or_a_mere_mention_is_not_a_private_use(source: str) -> None:
    assert private_uses(source) == []


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
    from conformance import st, st_schema
    from conformance.generation import schemathesis_config
    from conformance.settings import RunSettings
    from conformance.spec import load_spec

    config = schemathesis_config(RunSettings(max_examples=10), "http://127.0.0.1:9")
    schema = st_schema.load_schema(load_spec(spec).raw, config)
    operation = next(op for name, op, _ in st_schema.operations(schema) if name == label)
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
