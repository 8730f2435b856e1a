"""What conformance/st.py relies on in Schemathesis, pinned: an upgrade that moves any of it fails here, by name."""

from __future__ import annotations

import importlib
from importlib.metadata import version

import pytest

PINNED = "4.32.5"
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
]


def test_the_pinned_version_is_installed() -> None:
    assert version("schemathesis") == PINNED


@pytest.mark.parametrize(("module", "name"), USED, ids=[f"{m}.{n}" for m, n in USED])
def test_each_name_the_seam_uses_exists(module: str, name: str) -> None:
    assert hasattr(importlib.import_module(module), name)


def test_case_private_members_the_seam_reads() -> None:
    from schemathesis.core.failures import Failure
    from schemathesis.generation.case import Case

    assert "_override" in Case.__slots__ or hasattr(Case, "_override")
    assert isinstance(Failure.__dict__.get("_unique_key"), property) or hasattr(Failure, "_unique_key")


def test_the_determinism_patch_fails_loudly_without_its_target(monkeypatch: pytest.MonkeyPatch) -> None:
    from hypothesis.internal.conjecture import providers

    from conformance.determinism import DeterminismError, without_local_constants

    monkeypatch.delattr(providers, "_get_local_constants")
    with pytest.raises(DeterminismError, match="_get_local_constants"), without_local_constants():
        pass
