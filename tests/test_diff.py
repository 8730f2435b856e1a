"""`conformance diff` on the real history of the list-customers contract (../shared/spec-history)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
import yaml

from conformance.cassette.recheck import recheck
from conformance.cli import main
from conformance.diff.change import Change
from conformance.diff.contract import contract_changes
from conformance.diff.normalize import READING
from conformance.diff.report import diff, render
from conformance.errors import EXIT_DEFECTS, EXIT_ERROR, EXIT_PASS
from conformance.runner import run
from conformance.settings import resolve_settings
from tests.conftest import fields_some_customers_lack
from tests.shared import SHARED, shared_path

ROOT = Path(__file__).parent.parent
HISTORY = SHARED / "spec-history"
SPEC = ROOT / "specs" / "voucherify" / "customers.yaml"


def versions(series: str = "main") -> list[dict]:
    lineages = json.loads(shared_path("spec-history", "versions.json").read_text())["lineages"]
    lineage = next(lineage for lineage in lineages if lineage["key"] == series)
    return lineage["versions"]


def changes_at(number: int, series: str = "main") -> list[Change]:
    """Our changes from version `number - 1` to `number` (1-based, as INDEX.md numbers them)."""
    listed = versions(series)
    old, new = listed[number - 2], listed[number - 1]
    return contract_changes(
        json.loads((HISTORY / old["file"]).read_text()), json.loads((HISTORY / new["file"]).read_text())
    )


def details(changes: list[Change]) -> list[str]:
    return [change.detail for change in changes]


# (version, the detail we report, breaking?) for changes that INDEX.md records.
RECORDED = [
    (5, "param order (query): enum (unset) -> [", True),
    (8, "200 body.customers[].created_at: format (unset) -> date-time", False),
    (8, "200 body.customers[].updated_at: format (unset) -> date-time", False),
    (9, "200 body.customers[].system_metadata.consents.consentId: added", False),
    (9, "200 body.customers[].system_metadata.consents.consent_name_or_ID: removed", True),
    (10, "200 body.customers[].loyalty.campaigns.campaign_name.loyalty_tier: added", False),
    (12, "path /customers -> /v1/customers", True),
    (13, "200 body.customers[].referrals.campaigns[].date: format (unset) -> date-time", False),
    (14, "param X-App-Id (header): removed", True),
    (18, "operationId get-customers -> list-customers", True),
    (19, "param segment_id (query): added (optional", False),
    (19, "param created_at[after] (query): added (optional, type=string, format=date-time)", False),
    (22, '200 body.customers[]: required -["address"]', True),
    (25, "param page (query): maximum (unset) -> 100", True),
    (25, "param page (query): minimum 1 -> (unset)", False),
    (25, "param starting_after (query): format (unset) -> date-time", True),
    (25, "200 body.has_more: added (type=boolean)", False),
    (26, "param page (query): minimum (unset) -> 1", True),
    (27, "param page (query): maximum 100 -> 99", True),
    (30, "200 body.customers[].assets.cockpit_preference_center_url: added (type=string)", False),
]


@pytest.mark.parametrize(("number", "detail", "breaking"), RECORDED)
def test_recorded_changes_are_reported_and_classified(number: int, detail: str, breaking: bool) -> None:
    found = [c for c in changes_at(number) if c.detail.startswith(detail)]
    assert found, f"#{number}: {detail!r} not in {details(changes_at(number))}"
    assert all(c.breaking is breaking for c in found)
    assert all(c.path.startswith("$.") for c in found)


@pytest.mark.parametrize("number", [26, 27, 29, 30])
def test_single_change_versions_report_nothing_else(number: int) -> None:
    index_items = [i for i in versions()[number - 1]["items"] if not i.startswith("server")]
    ours = [c for c in changes_at(number) if not c.kind.startswith("server")]
    assert len(ours) == len(index_items) == 1


def test_security_changes_are_classified_by_what_clients_must_send() -> None:
    required_oauth = [c for c in changes_at(28) if c.kind == "security-changed"]
    alternative_oauth = [c for c in changes_at(29) if c.kind == "security-changed"]
    assert required_oauth and required_oauth[0].breaking, "demanding OAuth on top of app keys breaks clients"
    assert alternative_oauth and not alternative_oauth[0].breaking, "offering OAuth as an alternative does not"


def test_renamed_schemes_with_the_same_definition_are_not_breaking() -> None:
    renamed = [c for c in changes_at(25) if c.kind.startswith("security")]
    assert [c.kind for c in renamed] == ["security-scheme-renamed"] and not renamed[0].breaking


def test_openapi_31_nullable_reading_is_stated_and_applied() -> None:
    """#22 -> #23 turns `nullable: true` into `type: [object, null]` in a 3.1 document: unchanged, as meant."""
    assert [c for c in changes_at(23) if not c.kind.startswith("server")] == []
    assert "as their authors meant it" in READING


def test_allof_layout_alone_is_no_change() -> None:
    """#24 -> #25 moves nullability between `type: [object, null]` and `nullable`: no nullable change."""
    assert not [c for c in changes_at(25) if c.kind == "nullable-changed"]


def test_servers_are_reported() -> None:
    assert "server https://dev.api.voucherify.io/client/v1: added" in details(changes_at(2))


def test_page_maximum_lowered_fails_on_breaking(capsys: pytest.CaptureFixture[str]) -> None:
    old, new = (HISTORY / versions()[25]["file"], HISTORY / versions()[26]["file"])
    assert main(["diff", str(old), str(new), "--fail-on", "breaking"]) == EXIT_DEFECTS
    assert "maximum 100 -> 99" in capsys.readouterr().out
    assert main(["diff", str(old), str(new), "--format", "json"]) == EXIT_PASS
    payload = json.loads(capsys.readouterr().out)
    assert payload["breaking"] == 1 and payload["changes"][0]["path"] == "$.parameters['page (query)'].schema.maximum"
    assert main(["diff", str(old), str(new), "--format", "html"]) == EXIT_PASS
    assert "<table" in capsys.readouterr().out


@pytest.mark.slow
def test_behavioural_impact_rechecks_recordings_against_the_new_spec(tmp_path: Path) -> None:
    cassette = tmp_path / "run.yaml"
    run(resolve_settings(spec=SPEC, report_dir=tmp_path / "r", cassette=cassette, max_examples=5))
    stricter = yaml.safe_load(SPEC.read_text())
    stricter["components"]["schemas"]["CustomerBase"]["required"] = fields_some_customers_lack(stricter)[:1]
    new = tmp_path / "new.yaml"
    new.write_text(yaml.safe_dump(stricter))
    report = diff(SPEC, new, [cassette], recheck)
    assert [c.kind for c in report.changes] == ["required-added"] and not report.breaking
    impact = report.impacts[0]
    assert 0 < impact.failing <= impact.responses
    assert any("response_schema_conformance" in reason for reason in impact.reasons)
    assert "would now fail" in render(report, "md")


def test_diff_paths_name_real_fields_never_python_none() -> None:
    """Set members (required, enum) have no index: the path names the keyword and then the member."""
    listed = versions()
    paths = [
        change.path
        for old, new in itertools.pairwise(listed)
        for change in contract_changes(
            json.loads((HISTORY / old["file"]).read_text()), json.loads((HISTORY / new["file"]).read_text())
        )
    ]
    assert paths and not [p for p in paths if "None" in p]
    assert any(p.endswith('.required["created_at"]') for p in paths)


def test_diff_reports_the_contradictions_a_change_adds_and_removes(tmp_path: Path) -> None:
    """History #9 adds an example that fails its own schema (a null in a string field); #19 removes it."""
    listed = versions()
    added = diff(HISTORY / listed[7]["file"], HISTORY / listed[8]["file"])
    assert [f.cls for f in added.contradictions_added] == ["example_invalid"] and not added.contradictions_removed
    assert "Contradictions of the spec with itself, added by this change" in render(added, "md")
    assert json.loads(render(added, "json"))["contradictions"]["added"][0]["class"] == "example_invalid"


def test_no_change_prints_no_empty_table(capsys: pytest.CaptureFixture[str]) -> None:
    same = HISTORY / versions()[-1]["file"]
    assert main(["diff", str(same), str(same)]) == EXIT_PASS
    printed = capsys.readouterr().out
    assert "0 contract changes" in printed and "| operation |" not in printed


MALFORMED_AT_THE_SOURCE = 20  # INDEX.md: "#20 ... the source was malformed" (`properties: {allOf: [...]}`)


@pytest.mark.parametrize("pair", [(19, 20), (20, 21)], ids=["into #20", "out of #20"])
def test_a_malformed_spec_is_one_line_and_exit_2_saying_what_was_expected(
    pair: tuple[int, int], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = (HISTORY / versions()[number - 1]["file"] for number in pair)
    assert main(["diff", str(old), str(new)]) == EXIT_ERROR
    out, err = capsys.readouterr()
    malformed = versions()[MALFORMED_AT_THE_SOURCE - 1]["file"]
    assert out == "" and len(err.splitlines()) == 1, err
    assert f"{malformed} is malformed at /components/schemas/" in err
    assert "a schema object for the property 'allOf' was expected; received a list" in err
