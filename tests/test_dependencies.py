"""Everything the package imports is declared in pyproject.toml with a range, and everything it declares is used.

The comparison reads the source with `ast` (lazy imports inside functions count too) and maps each imported
module to the distribution that installs it with `importlib.metadata`, so a new `import` of an undeclared
package fails here instead of on a user's machine where it happens not to be installed transitively.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
RUNTIME: list[str] = PYPROJECT["project"]["dependencies"]
DEV: list[str] = PYPROJECT["project"]["optional-dependencies"]["dev"]
# The folders whose imports each list must cover: the package needs only its runtime dependencies.
SOURCES = {"conformance": RUNTIME, "tests": RUNTIME + DEV, "bench": RUNTIME + DEV, "scripts": RUNTIME + DEV}
# Declared and never imported: what each is for.
NOT_IMPORTED = {"allure-pytest": "the plugin's users run the verdict suite under it (pytest --alluredir)"}
# The file `tox -e oldest` installs against: each runtime and dev dependency pinned to its lower bound.
OLDEST = ROOT / ".ci" / "oldest-constraints.txt"
REGENERATE = "python -m tests.test_dependencies"
OLDEST_HEADER = f"# Every declared dependency at its lower bound, for `tox -e oldest`. Written by: {REGENERATE}\n"

_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")
_LOWER = re.compile(r">=\s*([^,;\s]+)")
_UPPER = re.compile(r"<\s*([^=,;\s][^,;\s]*)")


def canonical(name: str) -> str:
    """PEP 503's normalized name: `PyYAML`, `jsonschema_rs` and `jsonschema-rs` compare equal."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    match = _NAME.match(requirement)
    assert match, f"not a PEP 508 requirement: {requirement!r}"
    return canonical(match.group())


def imported_modules(folder: Path) -> set[str]:
    """Top-level names of every absolute import in `folder`, less the standard library and the folder's own."""
    own = {path.stem for path in folder.iterdir()} | set(SOURCES)  # the checkout's own top-level folders
    names: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name.partition(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.partition(".")[0])
    return {name for name in names if name not in sys.stdlib_module_names and name not in own}


def undeclared(folder: Path, requirements: list[str]) -> dict[str, str]:
    """Each imported module whose distribution is not among `requirements`, with that distribution's name."""
    declared = {requirement_name(requirement) for requirement in requirements}
    providers = packages_distributions()
    missing: dict[str, str] = {}
    for module in sorted(imported_modules(folder)):
        distributions = {canonical(name) for name in providers.get(module, [])}
        if not distributions & declared:
            missing[module] = ", ".join(sorted(distributions)) or "no installed distribution"
    return missing


@pytest.mark.parametrize("folder", sorted(SOURCES))
def test_every_import_is_declared(folder: str) -> None:
    assert undeclared(ROOT / folder, SOURCES[folder]) == {}


def test_every_runtime_dependency_is_imported() -> None:
    providers = packages_distributions()
    used = {canonical(name) for module in imported_modules(ROOT / "conformance") for name in providers.get(module, [])}
    assert {requirement_name(requirement) for requirement in RUNTIME} - used == set(NOT_IMPORTED)


@pytest.mark.parametrize("requirement", RUNTIME + DEV)
def test_every_dependency_has_a_range(requirement: str) -> None:
    assert _LOWER.search(requirement), f"{requirement}: no lower bound (>=)"
    assert _UPPER.search(requirement), f"{requirement}: no upper bound (<)"


def oldest_constraints() -> str:
    """The constraints that pin every declared dependency to its lower bound (pip's -c format)."""
    pins = {requirement_name(r): _LOWER.search(r).group(1) for r in RUNTIME + DEV}  # type: ignore[union-attr]
    return "".join(f"{name}=={version}\n" for name, version in sorted(pins.items()))


def test_oldest_constraints_are_the_lower_bounds() -> None:
    assert OLDEST.read_text() == OLDEST_HEADER + oldest_constraints(), f"regenerate it: {REGENERATE}"


def test_an_undeclared_import_is_found(tmp_path: Path) -> None:
    (tmp_path / "module.py").write_text("import os\nimport yaml\nfrom . import sibling\n\ndef f():\n    import rich\n")
    assert undeclared(tmp_path, []) == {"rich": "rich", "yaml": "pyyaml"}
    assert undeclared(tmp_path, ["PyYAML>=6,<7", "rich>=13,<16"]) == {}


if __name__ == "__main__":
    OLDEST.write_text(OLDEST_HEADER + oldest_constraints())
