"""The offline checker (recheck, the SDK gate) judges recorded exchanges as a live run judges them, with
Schemathesis' response checks (ported, `conformance.responses`) and ours, and without importing Schemathesis."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from vcr.serializers import yamlserializer

from conformance.cassette.reader import read_cassette
from conformance.cassette.recheck import RECHECKED, _recorded, recheck
from conformance.engine.offline import OfflineChecker, Recorded
from conformance.result import Kind
from conformance.spec import load_spec
from tests.schemathesis_reference import SchemathesisChecker

ROOT = Path(__file__).parent.parent
SPEC = ROOT / "specs" / "voucherify" / "customers.yaml"
RUN_CASSETTES = sorted(p for p in (ROOT / "cassettes").glob("customers-*.yaml"))
# What a recheck must never import: Schemathesis and what only it needs, and vcrpy's HTTP patches.
NOT_IMPORTED = ("schemathesis", "hypothesis", "requests", "vcr", "conformance.st")


def _findings(checker: Any) -> list[tuple[Any, ...]]:
    return sorted(
        (f.kind.value, f.check, f.operation, f.title, f.message, f.status)
        for kind in (Kind.DEFECT, Kind.SPEC_GAP, Kind.SPEC)
        for f in checker.findings(kind)
    )


def _exchanges(cassette: Path) -> list[Recorded]:
    return [_recorded(i["request"], i["response"]) for i in read_cassette(cassette).interactions]


@pytest.mark.parametrize("cassette", RUN_CASSETTES, ids=[c.stem for c in RUN_CASSETTES])
def test_recorded_exchanges_get_the_findings_schemathesis_and_the_engine_give(cassette: Path) -> None:
    raw = load_spec(SPEC).raw
    base_url = str(read_cassette(cassette).header["base_url"])
    ours, reference = OfflineChecker(raw, base_url), SchemathesisChecker(load_spec(SPEC).raw, base_url)
    counts = [(ours.check(e, only=RECHECKED), reference.check(e, only=RECHECKED)) for e in _exchanges(cassette)]
    assert [a for a, _ in counts] == [b for _, b in counts]
    assert _findings(ours) == _findings(reference)
    assert _findings(ours), "no finding at all: the comparison would prove nothing"


def test_a_recorded_fault_is_a_defect_of_the_recheck() -> None:
    (faulty,) = (c for c in RUN_CASSETTES if "order-inverted" in c.name)
    raw = load_spec(SPEC).raw
    ours = OfflineChecker(raw, str(read_cassette(faulty).header["base_url"]))
    for exchange in _exchanges(faulty):
        ours.check(exchange, only=RECHECKED)
    assert any(f.check == "list_sort_order" for f in ours.findings(Kind.DEFECT))


def test_a_crashing_check_is_an_error_of_the_recheck_never_a_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    from conformance.engine import offline

    def crashing(*_args: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setitem(offline.RESPONSE_CHECKS, "status_code_conformance", crashing)
    result = recheck(RUN_CASSETTES[0], SPEC)
    assert result.errors and all("status_code_conformance crashed" in e and "boom" in e for e in result.errors)


def test_a_cut_cassette_is_rechecked_with_a_warning_that_says_so(tmp_path: Path) -> None:
    (whole,) = (c for c in RUN_CASSETTES if c.name == "customers-sandbox.yaml")
    data = yamlserializer.deserialize(whole.read_text())
    sent = len(data["interactions"])
    data["interactions"] = data["interactions"][:120]
    cut = tmp_path / "cut.yaml"
    cut.write_text(yamlserializer.serialize(data))
    assert recheck(whole, SPEC).warnings == []
    assert recheck(cut, SPEC).warnings == [
        f"{cut} holds 120 of the {sent} requests its run sent: only those were rechecked."
    ]


def test_a_recheck_imports_no_schemathesis_and_no_http_patches() -> None:
    code = (
        "import sys; from pathlib import Path; from conformance.cassette.recheck import recheck; "
        f"recheck(Path({str(RUN_CASSETTES[0])!r}), Path({str(SPEC)!r})); "
        f"print([m for m in {NOT_IMPORTED!r} if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
