"""`conformance lint` on the real specs: the official files in ../shared and the list-customers history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.lint import LintReport, contradiction_changes, lint_files, lint_spec
from conformance.lint.rules.listing_docs import DOCS
from tests.shared import official_specs, shared_path

# Findings per class for each official file. Every required_undefined, data_ref, path_params and listing_docs
# hit was read in the spec and is real; example_invalid and oneof_ambiguous were sampled per keyword.
COUNTS = {
    "async-actions.json": {"oneof_ambiguous": 22},
    "bin.json": {"listing_docs": 1},
    "campaigns.json": {"example_invalid": 30, "oneof_ambiguous": 6, "required_undefined": 1},
    "categories.json": {},
    "client-side.json": {"example_invalid": 17, "listing_docs": 1, "oneof_ambiguous": 7, "required_undefined": 2},
    "customers.json": {"example_invalid": 21, "required_undefined": 2},
    "events.json": {"example_invalid": 1},
    "exports.json": {"example_invalid": 2, "oneof_ambiguous": 2},
    "locations.json": {"example_invalid": 3},
    "loyalties-v2.json": {"example_invalid": 6, "oneof_ambiguous": 3, "path_params": 49, "required_undefined": 3},
    "loyalties.json": {"example_invalid": 284, "oneof_ambiguous": 6, "required_undefined": 3},
    "management.json": {"example_invalid": 28, "required_undefined": 4},
    "metadata-schemas.json": {"data_ref": 1, "example_invalid": 2, "required_undefined": 1},
    "oauth.json": {"example_invalid": 6},
    "orders.json": {"example_invalid": 20, "required_undefined": 1},
    "product-collections.json": {"example_invalid": 1, "oneof_ambiguous": 6},
    "products.json": {"data_ref": 1, "example_invalid": 4},
    "promotions.json": {"example_invalid": 45},
    "publications.json": {"example_invalid": 6, "oneof_ambiguous": 2},
    "qualifications.json": {"example_invalid": 5, "listing_docs": 1, "required_undefined": 1},
    "redemptions.json": {"example_invalid": 95, "oneof_ambiguous": 4, "required_undefined": 2},
    "referrals.json": {"example_invalid": 2},
    "rewards.json": {"example_invalid": 13, "oneof_ambiguous": 1},
    "segments.json": {"data_ref": 2, "required_undefined": 1},
    "templates.json": {"example_invalid": 24, "required_undefined": 2},
    "validation-rules.json": {"example_invalid": 11, "oneof_ambiguous": 4},
    "validations.json": {"example_invalid": 58, "oneof_ambiguous": 44, "required_undefined": 1},
    "vouchers.json": {"example_invalid": 259, "oneof_ambiguous": 12},
}


@pytest.fixture(scope="module")
def official() -> LintReport:
    return lint_files(official_specs())


def spec_name(report: LintReport, name: str) -> str:
    return next(spec for spec in report.specs if Path(spec).name == name)


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_counts_per_class(official: LintReport, name: str) -> None:
    assert official.counts(spec_name(official, name)) == COUNTS[name]


def test_every_official_file_is_in_the_table(official: LintReport) -> None:
    assert sorted(Path(spec).name for spec in official.specs) == sorted(COUNTS)


def test_examples_fail_their_own_schemas(official: LintReport) -> None:
    """The issue measured 96 GET 200 response examples failing their own schema."""
    failing = {
        (f.spec, f.json_path)
        for f in official.findings
        if f.cls in ("example_invalid", "oneof_ambiguous")
        and (f.operation or "").startswith("GET ")
        and "/responses/200/content/" in f.json_path
    }
    assert len(failing) == 96
    nulls = [f for f in official.findings if f.cls == "example_invalid" and f.message.endswith("Received: null")]
    assert len(nulls) > len(failing)  # most are nulls in fields that are not nullable


def test_required_names_a_missing_property_in_templates(official: LintReport) -> None:
    [finding] = [f for f in official.of_spec(spec_name(official, "templates.json")) if f.subject == "campaign_template"]
    assert (finding.cls, finding.json_path) == (
        "required_undefined",
        "/components/schemas/TemplatesCampaignsListResponseBody/required/2",
    )
    assert finding.used_by == ("GET /v1/templates/campaigns",)


def test_management_example_against_the_data_ref_enum(official: LintReport) -> None:
    [finding] = [
        f
        for f in official.of_spec(spec_name(official, "management.json"))
        if f.instance_path == "/data_ref"
        and f.operation == "GET /management/v1/projects/{projectId}/templates/campaigns"
    ]
    assert finding.cls == "example_invalid"
    assert finding.message == 'Expected: one of ["data"]\nReceived: "campaign_templates"'


def test_loyalties_v2_get_program_path_parameter(official: LintReport) -> None:
    [finding] = [
        f
        for f in official.of_spec(spec_name(official, "loyalties-v2.json"))
        if f.operation == "GET /v2/loyalties/programs/{programId}"
    ]
    assert finding.cls == "path_params"
    assert finding.anchor.startswith("getProgram")
    assert "not declared: 'programId'; not in the template: 'id'" in finding.message


def test_bin_total_against_the_listing_docs(official: LintReport) -> None:
    [finding] = official.of_spec(spec_name(official, "bin.json"))
    assert (finding.cls, finding.severity, finding.json_path) == (
        "listing_docs",
        "warning",
        "/components/schemas/TrashBinListResponseBody/properties/total/description",
    )
    assert finding.used_by == ("GET /v1/trash-bin",)


def test_the_rule_quotes_the_listing_docs_as_they_are() -> None:
    docs = " ".join(shared_path("voucherify", "docs", "listing.mdx").read_text().split())
    for quote in DOCS.values():
        assert quote in docs


# The list-customers history, in INDEX.md's numbering: which versions added (+) or removed (-) contradictions.
# #9 adds an example whose address.line_2 is null where the schema says string; #19 replaces that schema.
# #20, malformed at the source, declares three properties named `allOf` (`properties: {allOf: [...]}`); #21 fixes it.
HISTORY_CHANGES = {
    9: ({"example_invalid": 1}, {}),
    19: ({}, {"example_invalid": 1}),
    20: ({"property_schema": 3}, {}),
    21: ({}, {"property_schema": 3}),
}
HISTORY_COUNTS = {number: {"example_invalid": 1} for number in range(9, 19)} | {20: {"property_schema": 3}}


def test_which_history_versions_introduced_or_removed_contradictions() -> None:
    history = shared_path("spec-history")
    lineages = json.loads((history / "versions.json").read_text())["lineages"]
    versions = next(lineage for lineage in lineages if lineage["key"] == "main")["versions"]
    raws = [json.loads((history / version["file"]).read_text()) for version in versions]
    assert len(raws) == 30
    counts, changes = {}, {}
    for number, raw in enumerate(raws, start=1):
        found = lint_spec(raw, versions[number - 1]["file"])
        if found:
            counts[number] = {f.cls: sum(1 for g in found if g.cls == f.cls) for f in found}
        if number > 1:
            added, removed = contradiction_changes(raws[number - 2], raw)
            if added or removed:
                changes[number] = (_count(added), _count(removed))
    assert changes == HISTORY_CHANGES
    assert counts == HISTORY_COUNTS


def test_the_production_history_has_no_contradictions() -> None:
    for path in sorted(shared_path("spec-history", "customers-list-production-readOnly").glob("*.json")):
        assert lint_spec(json.loads(path.read_text()), path.name) == [], path.name


def _count(findings: list) -> dict[str, int]:
    counted: dict[str, int] = {}
    for finding in findings:
        counted[finding.cls] = counted.get(finding.cls, 0) + 1
    return counted
