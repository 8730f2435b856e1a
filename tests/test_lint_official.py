"""`conformance lint` on the real specs: the official files in ../shared and the list-customers history."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from conformance.lint import LintFinding, LintReport, contradiction_changes, lint_files, lint_spec
from conformance.lint.rules.listing_docs import DOCS
from tests.oas_reference import SpecReader, every_error
from tests.shared import official_specs, shared_path

# Each class of finding, re-verified below against the spec itself, independently of `conformance.lint`.
CLASSES = ("example_invalid", "oneof_ambiguous", "required_undefined", "path_params", "data_ref", "listing_docs")
TEMPLATE = re.compile(r"{([^{}]+)}")
DOCS_FILE = ("voucherify", "docs", "listing.mdx")


@pytest.fixture(scope="module")
def official() -> LintReport:
    return lint_files(official_specs())


@cache
def raw(spec: str) -> dict[str, Any]:
    return json.loads(Path(spec).read_text())  # type: ignore[no-any-return]


@cache
def reader(spec: str) -> SpecReader:
    return SpecReader(raw(spec))


def spec_name(report: LintReport, name: str) -> str:
    return next(spec for spec in report.specs if Path(spec).name == name)


def at(document: Any, pointer: str) -> Any:
    for part in pointer.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        document = document[int(part)] if isinstance(document, list) else document[part]
    return document


def resolved(spec: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#"):
        node = at(spec, node["$ref"][1:])
    return node


def merged_properties(spec: dict[str, Any], schema: Any, depth: int = 0) -> dict[str, Any]:
    """An object schema's properties with those of its allOf parts, each `$ref` followed."""
    schema = resolved(spec, schema)
    if not isinstance(schema, dict) or depth > 16:
        return {}
    found = dict(schema.get("properties") or {})
    for part in schema.get("allOf") or []:
        found.update(merged_properties(spec, part, depth + 1))
    return found


def example_schema(spec: dict[str, Any], pointer: str) -> str:
    """The pointer of the schema an example or default at `pointer` is written for."""
    parts = pointer.split("/")
    if parts[-1] in ("example", "default"):
        owner = "/".join(parts[:-1])
        node = at(spec, owner)
        return f"{owner}/schema" if "schema" in node and "type" not in node else owner
    if parts[-2] == "examples" and parts[-1].isdigit():  # OpenAPI 3.1: a schema's list of examples
        return "/".join(parts[:-2])
    assert parts[-1] == "value" and parts[-3] == "examples", pointer
    return "/".join(parts[:-3]) + "/schema"


def errors_at(spec: str, schema: str, value: Any, instance_path: str) -> list[str]:
    """The keywords that reject `value` at `instance_path`, by jsonschema on the spec read independently."""
    found = every_error(reader(spec).validator(schema).iter_errors(value))
    return [str(e.validator) for e in found if "".join(f"/{p}" for p in e.absolute_path) == instance_path]


def why_not(finding: LintFinding) -> str | None:
    """None when the spec shows what the finding says; else what the spec shows instead."""
    spec = raw(finding.spec)
    if finding.cls in ("example_invalid", "oneof_ambiguous"):
        keywords = errors_at(
            finding.spec, example_schema(spec, finding.json_path), at(spec, finding.json_path), finding.instance_path
        )
        if finding.cls == "oneof_ambiguous":
            return None if "oneOf" in keywords else f"no oneOf rejects the value at {finding.instance_path}: {keywords}"
        return None if keywords else f"jsonschema accepts the value at {finding.instance_path!r}"
    if finding.cls == "required_undefined":
        owner = finding.json_path.rsplit("/required/", 1)[0]
        name = at(spec, finding.json_path)
        patterns = at(spec, owner).get("patternProperties") or {}
        defined = name in merged_properties(spec, at(spec, owner)) or any(re.search(p, name) for p in patterns)
        return f"{name!r} is a property of {owner}" if defined else None
    if finding.cls == "path_params":
        path, method = finding.operation.split(" ", 1)[::-1] if finding.operation else ("", "")
        item = spec["paths"][path]
        parameters = [*(item.get("parameters") or []), *(item[method.lower()].get("parameters") or [])]
        declared = {p.get("name") for p in (resolved(spec, p) for p in parameters) if p.get("in") == "path"}
        return None if declared != set(TEMPLATE.findall(path)) else f"{path} declares exactly its template's names"
    if finding.cls == "data_ref":
        owner = finding.json_path.rsplit("/properties/data_ref/", 1)[0]
        value = at(spec, finding.json_path)
        named = value if isinstance(value, list) else [value]
        arrays = {
            name
            for name, schema in merged_properties(spec, at(spec, owner)).items()
            if resolved(spec, schema).get("type") == "array"
        }
        return None if any(v is not None and v not in arrays for v in named) else f"{named} all name arrays: {arrays}"
    if finding.cls == "listing_docs":
        docs = " ".join(shared_path(*DOCS_FILE).read_text().split())
        description = at(spec, finding.json_path)
        quoted = repr(description) in finding.message and DOCS[finding.subject] in docs
        return None if quoted else f"the message does not quote {finding.json_path} and the docs"
    return f"no independent check for {finding.cls}"


@pytest.mark.parametrize("name", sorted(path.name for path in official_specs()))
def test_every_finding_holds_in_the_spec(official: LintReport, name: str) -> None:
    """Each finding, re-read in the spec: the example rejected at that place, the name missing, the path differing."""
    findings = official.of_spec(spec_name(official, name))
    assert {f.cls for f in findings} <= set(CLASSES)
    wrong = {f"{f.cls} {f.json_path} {f.instance_path}": why for f in findings if (why := why_not(f)) is not None}
    assert wrong == {}


LIST = "#/components/schemas/List"
OK = {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": LIST}}}}}
ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
SMALL = {
    "openapi": "3.0.1",
    "info": {"title": "small", "version": "1"},
    "paths": {
        "/x/{id}": {"get": {"parameters": [ID], "responses": OK}},
        "/y/{yId}": {"get": {"parameters": [ID], "responses": OK}},
        "/z": {
            "get": {
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": LIST},
                                "examples": {
                                    "good": {"value": {"object": "list", "items": []}},
                                    "bad": {"value": {"object": 1, "items": []}},
                                },
                            }
                        },
                    }
                }
            }
        },
    },
    "components": {
        "schemas": {
            "List": {
                "type": "object",
                "required": ["object"],
                "properties": {
                    "object": {"type": "string"},
                    "data_ref": {"type": "string", "default": "nothing", "enum": ["items", "nothing"]},
                    "items": {"type": "array", "items": {}},
                },
            },
            "Other": {"type": "object", "required": ["a", "missing"], "properties": {"a": {}}},
        }
    },
}
EXAMPLES = "/paths/~1z/get/responses/200/content/application~1json/examples"
# Each class's true finding on SMALL, made false by pointing it where the spec says otherwise.
FALSE = {
    "example_invalid": {"json_path": f"{EXAMPLES}/good/value"},
    "required_undefined": {"json_path": "/components/schemas/Other/required/0"},
    "path_params": {"operation": "GET /x/{id}"},
    "data_ref": {"json_path": "/components/schemas/List/properties/data_ref/enum/0"},
}


def test_the_independent_check_confirms_true_findings_and_refutes_false_ones(tmp_path: Path) -> None:
    spec = tmp_path / "small.json"
    spec.write_text(json.dumps(SMALL))
    found = lint_spec(SMALL, str(spec))
    assert {f.json_path: why_not(f) for f in found} == dict.fromkeys(f.json_path for f in found)
    findings = {f.cls: f for f in found}
    assert sorted(findings) == sorted(FALSE)
    for cls, change in FALSE.items():
        assert why_not(dataclasses.replace(findings[cls], **change)) is not None, cls


def test_every_official_file_is_linted(official: LintReport) -> None:
    assert sorted(Path(spec).name for spec in official.specs) == sorted(p.name for p in official_specs())


def response_examples(spec: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """(pointer, schema pointer, value) of each JSON example of each GET 200 response, as the spec writes them."""
    for path, item in spec["paths"].items():
        response = f"/paths/{path.replace('~', '~0').replace('/', '~1')}/get/responses/200"
        node = resolved(spec, ((item.get("get") or {}).get("responses") or {}).get("200"))
        for media_type, media in ((node or {}).get("content") or {}).items():
            at_media = f"{response}/content/{media_type.replace('/', '~1')}"
            if "json" not in media_type or "schema" not in media:
                continue
            if "example" in media:
                yield f"{at_media}/example", f"{at_media}/schema", media["example"]
            for name, example in (media.get("examples") or {}).items():
                if "value" in example:
                    yield f"{at_media}/examples/{name}/value", f"{at_media}/schema", example["value"]


@pytest.mark.parametrize("name", sorted(path.name for path in official_specs()))
def test_every_get_200_example_its_schema_rejects_is_found(official: LintReport, name: str) -> None:
    """The other way: each GET 200 response example that jsonschema rejects is a finding, and only those are."""
    spec_path = spec_name(official, name)
    spec = raw(spec_path)
    rejected = {
        pointer
        for pointer, schema, value in response_examples(spec)
        if any(True for _ in reader(spec_path).validator(schema).iter_errors(value))
    }
    found = {
        f.json_path
        for f in official.of_spec(spec_path)
        if f.cls in ("example_invalid", "oneof_ambiguous") and f.json_path in {p for p, _, _ in response_examples(spec)}
    }
    assert found == rejected


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
