"""`conformance lint` on small crafted specs: each rule fires on the defect and is silent once it is fixed."""

from __future__ import annotations

import argparse
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import conformance.lint as lint
from conformance.lint import add_parser, contradiction_changes, lint_spec, main, to_findings
from conformance.lint.engine import lint_files
from conformance.result import Kind
from tests.shared import shared_path

OK = {"description": "OK"}


def spec(paths: dict[str, Any] | None = None, schemas: dict[str, Any] | None = None, openapi: str = "3.0.1") -> dict:
    return {
        "openapi": openapi,
        "info": {"title": "t", "version": "1"},
        "paths": paths or {"/v1/ping": {"get": {"responses": {"200": OK}}}},
        "components": {"schemas": schemas or {}},
    }


def get_200(schema: dict, example: Any, path: str = "/v1/things") -> dict[str, Any]:
    body = {"application/json": {"schema": schema, "example": example}}
    return {path: {"get": {"operationId": "list-things", "responses": {"200": {"description": "OK", "content": body}}}}}


def classes(raw: dict) -> list[str]:
    return [finding.cls for finding in lint_spec(raw, "t.json")]


# example_invalid


def test_null_in_a_non_nullable_field_is_reported_with_its_path_inside_the_example() -> None:
    schema = {"type": "object", "properties": {"name": {"type": "string"}}}
    [finding] = lint_spec(spec(get_200(schema, {"name": None})), "t.json")
    assert (finding.cls, finding.severity, finding.operation) == ("example_invalid", "error", "GET /v1/things")
    assert finding.json_path == "/paths/~1v1~1things/get/responses/200/content/application~1json/example"
    assert finding.instance_path == "/name"
    assert finding.message == 'Expected: type "string"; the schema is not nullable\nReceived: null'


@pytest.mark.parametrize("nullable", [True, "true"])  # some history files write the string
def test_nullable_fields_accept_null(nullable: Any) -> None:
    schema = {"type": "object", "properties": {"name": {"type": "string", "nullable": nullable}}}
    assert classes(spec(get_200(schema, {"name": None}))) == []


def test_examples_are_checked_through_refs_and_ref_cycles() -> None:
    node = {
        "type": "object",
        "properties": {"id": {"type": "string"}, "children": {"items": {"$ref": "#/components/schemas/Node"}}},
    }
    bad = {"id": "a", "children": [{"id": "b", "children": [{"id": 3}]}]}
    raw = spec(get_200({"$ref": "#/components/schemas/Node"}, bad), {"Node": node})
    [finding] = lint_spec(raw, "t.json")
    assert finding.instance_path == "/children/0/children/0/id"
    good = {"id": "a", "children": [{"id": "b", "children": []}]}
    assert classes(spec(get_200({"$ref": "#/components/schemas/Node"}, good), {"Node": node})) == []


def test_named_examples_schema_examples_and_defaults_are_all_checked() -> None:
    schema = {"type": "object", "properties": {"n": {"type": "integer", "example": "x", "default": "y"}}}
    body = {"application/json": {"schema": schema, "examples": {"One": {"value": {"n": "z"}}}}}
    raw = spec({"/v1/x": {"post": {"requestBody": {"content": body}, "responses": {"200": OK}}}})
    paths = [finding.json_path.rsplit("/", 2)[-2:] for finding in lint_spec(raw, "t.json")]
    assert paths == [["One", "value"], ["n", "default"], ["n", "example"]]


def test_a_component_finding_names_the_operations_that_use_it() -> None:
    schemas = {"Thing": {"type": "object", "properties": {"n": {"type": "integer", "example": "x"}}}}
    [finding] = lint_spec(spec(get_200({"$ref": "#/components/schemas/Thing"}, {"n": 1}), schemas), "t.json")
    assert (finding.operation, finding.used_by) == (None, ("GET /v1/things",))


def test_openapi_31_documents_use_type_lists() -> None:
    schema = {"type": "object", "properties": {"name": {"type": ["string", "null"]}, "n": {"const": 1}}}
    assert classes(spec(get_200(schema, {"name": None, "n": 1}), openapi="3.1.0")) == []
    assert classes(spec(get_200(schema, {"name": 1, "n": 2}), openapi="3.1.0")) == ["example_invalid"] * 2


# oneof_ambiguous


def test_an_example_that_several_oneof_branches_accept_is_ambiguous() -> None:
    schema = {"oneOf": [{"type": "object"}, {"type": "object", "properties": {"a": {"type": "string"}}}]}
    [finding] = lint_spec(spec(get_200(schema, {"a": "x"})), "t.json")
    assert finding.cls == "oneof_ambiguous"
    assert finding.message.endswith("Received: all branches match: #0, #1")
    strict = {"oneOf": [{"type": "object", "required": ["b"]}, {"type": "object", "required": ["a"]}]}
    assert classes(spec(get_200(strict, {"a": "x"}))) == []


def test_a_discriminator_that_picks_one_branch_removes_the_ambiguity() -> None:
    schemas = {"Cat": {"type": "object", "properties": {"kind": {"type": "string"}}}, "Dog": {"type": "object"}}
    branches = [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}]
    schema = {"oneOf": branches}
    assert classes(spec(get_200(schema, {"kind": "Cat"}), schemas)) == ["oneof_ambiguous"]
    schema = {"oneOf": branches, "discriminator": {"propertyName": "kind"}}
    assert classes(spec(get_200(schema, {"kind": "Cat"}), schemas)) == []


# required_undefined


def envelope(required: list[str], **extra: Any) -> dict[str, Any]:
    properties = {"object": {"type": "string"}, "data": {"type": "array", "items": {}}, **extra}
    return {"type": "object", "properties": properties, "required": required}


def test_required_naming_an_undefined_property_is_reported() -> None:
    [finding] = lint_spec(spec(schemas={"List": envelope(["object", "campaign_template"])}), "t.json")
    assert (finding.cls, finding.json_path, finding.subject) == (
        "required_undefined",
        "/components/schemas/List/required/1",
        "campaign_template",
    )
    assert classes(spec(schemas={"List": envelope(["object", "data"])})) == []


def test_required_may_name_what_every_allof_composition_defines() -> None:
    base = {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id", "type"]}
    full = {"allOf": [{"$ref": "#/components/schemas/Base"}, {"properties": {"type": {"type": "string"}}}]}
    assert classes(spec(schemas={"Base": base, "Full": full})) == []
    partial = {"allOf": [{"$ref": "#/components/schemas/Base"}, {"properties": {"other": {}}}]}
    assert classes(spec(schemas={"Base": base, "Full": full, "Partial": partial})) == ["required_undefined"]


# path_params


def test_path_template_names_must_match_the_declared_path_parameters() -> None:
    param = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    operation = {"operationId": "getProgram", "parameters": [param], "responses": {"200": OK}}
    [finding] = lint_spec(spec({"/v2/programs/{programId}": {"get": operation}}), "t.json")
    assert (finding.cls, finding.operation) == ("path_params", "GET /v2/programs/{programId}")
    assert "not declared: 'programId'; not in the template: 'id'" in finding.message
    fixed = {"parameters": [{**param, "name": "programId"}], "get": {"responses": {"200": OK}}}
    assert classes(spec({"/v2/programs/{programId}": fixed})) == []


# data_ref


def test_data_ref_must_name_the_array() -> None:
    wrong = envelope([], data_ref={"type": "string", "enum": ["data"], "default": "data"})
    wrong["properties"]["vouchers"] = wrong["properties"].pop("data")
    findings = lint_spec(spec(schemas={"List": wrong}), "t.json")
    assert [(f.cls, f.subject) for f in findings] == [("data_ref", "default:data"), ("data_ref", "enum:data")]
    assert classes(spec(schemas={"List": envelope([], data_ref={"type": "string", "enum": ["data"]})})) == []


# param_default


@pytest.mark.parametrize(
    ("schema", "fires"),
    [
        ({"type": "integer", "maximum": 100, "default": 200}, True),
        ({"type": "string", "enum": ["asc", "desc"], "default": "up"}, True),
        ({"type": "integer", "maximum": 100, "default": 10}, False),
    ],
)
def test_a_parameter_default_must_satisfy_its_own_schema(schema: dict, fires: bool) -> None:
    param = {"name": "limit", "in": "query", "schema": schema}
    raw = spec({"/v1/x": {"get": {"parameters": [param], "responses": {"200": OK}}}})
    assert classes(raw) == (["param_default"] if fires else [])


# property_schema


@pytest.mark.parametrize(
    ("properties", "openapi", "fires"),
    [
        ({"allOf": [{"$ref": "#/components/schemas/Other"}]}, "3.0.1", True),  # spec-history #20
        ({"name": "string"}, "3.0.1", True),
        ({"open": True}, "3.0.1", True),  # OpenAPI 3.0 has no boolean schemas
        ({"open": True}, "3.1.0", False),  # JSON Schema 2020-12 does
        ({"allOf": {"type": "string"}, "type": {"type": "string"}}, "3.0.1", False),  # fields named like keywords
    ],
)
def test_a_property_whose_schema_is_no_schema_is_reported(properties: dict, openapi: str, fires: bool) -> None:
    schemas = {"Thing": {"type": "object", "properties": properties}, "Other": {"type": "object"}}
    assert classes(spec(schemas=schemas, openapi=openapi)) == (["property_schema"] if fires else [])


def test_a_keyword_one_level_too_deep_is_named_as_one() -> None:
    schemas = {"Thing": {"type": "object", "properties": {"allOf": [{"type": "object"}]}}}
    [finding] = lint_spec(spec(schemas=schemas), "t.json")
    assert finding.json_path == "/components/schemas/Thing/properties/allOf"
    assert "a list; `allOf` is a schema keyword, which belongs one level up" in finding.message


def test_the_malformed_history_entry_is_the_only_file_with_such_properties() -> None:
    history = sorted(shared_path("spec-history").rglob("*.json"))
    official = sorted(shared_path("voucherify", "openapi").glob("*.json"))
    found = {path.name for path in [*history, *official] if "property_schema" in classes(json.loads(path.read_text()))}
    assert found == {"2023-11-13_fb0dc72d.json"}


# listing_docs


@pytest.mark.parametrize(
    ("field", "description", "fires"),
    [
        ("total", "The number of redeemables returned in the API request.", True),
        ("total", "Number of entries on this page.", True),
        ("total", "Total number of customers.", False),
        ("total", "Total number of results returned.", False),
        ("has_more", "Always false: this endpoint returns everything.", True),
        ("has_more", "Whether there are more records for the given filters.", False),
    ],
)
def test_a_list_envelope_must_not_contradict_the_listing_docs(field: str, description: str, fires: bool) -> None:
    schema = envelope([], data_ref={"type": "string", "enum": ["data"]}, **{field: {"description": description}})
    findings = lint_spec(spec(schemas={"List": schema}), "t.json")
    assert [(f.cls, f.severity) for f in findings] == ([("listing_docs", "warning")] if fires else [])


def test_a_total_that_is_not_in_a_list_envelope_is_not_judged() -> None:
    points = {"type": "object", "properties": {"total": {"description": "Points returned in this response."}}}
    assert classes(spec(schemas={"Points": points})) == []


# history


def test_an_unchanged_contradiction_is_not_a_change_even_when_its_path_moves() -> None:
    schema = {"type": "object", "properties": {"name": {"type": "string"}, "n": {"type": "integer"}}}
    old = spec(get_200(schema, {"name": None, "n": 1}, "/customers"))
    moved = spec(get_200(schema, {"name": None, "n": 2}, "/v1/customers"))
    assert contradiction_changes(old, moved) == ([], [])
    fixed = spec(get_200(schema, {"name": "a", "n": "x"}, "/v1/customers"))
    added, removed = contradiction_changes(moved, fixed)
    assert [(f.instance_path, f.subject) for f in added] == [("/n", "type")]
    assert [(f.instance_path, f.subject) for f in removed] == [("/name", "type")]


# run findings


def test_findings_convert_to_spec_findings_of_a_run(tmp_path: Path) -> None:
    schemas = {"Thing": {"type": "object", "properties": {"n": {"type": "integer", "example": "x"}}}}
    path = write(tmp_path, "t.json", spec(get_200({"$ref": "#/components/schemas/Thing"}, {"n": 1}), schemas))
    [finding] = to_findings(lint_files([path]))
    assert (finding.kind, finding.check, finding.operation) == (
        Kind.SPEC_FINDING,
        "spec_example_invalid",
        "GET /v1/things",
    )
    assert finding.reproduce == f"{path}#/components/schemas/Thing/properties/n/example"
    assert finding.message.startswith("Expected: ") and "\nReceived: " in finding.message
    assert finding.title == "Example fails its own schema (type) at /"


# the command


def write(tmp_path: Path, name: str, content: Any) -> Path:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


def lint_command(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="conformance")
    add_parser(parser.add_subparsers(dest="command", required=True))
    return main(parser.parse_args(["lint", *argv]))


def with_warning() -> dict:
    total = {"description": "Entries returned in this response."}
    return spec(schemas={"List": envelope([], data_ref={"type": "string", "enum": ["data"]}, total=total)})


def with_error() -> dict:
    return spec(get_200({"type": "object", "properties": {"name": {"type": "string"}}}, {"name": None}))


def test_exit_codes_follow_fail_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clean, warning, error = (
        write(tmp_path, f"{n}.json", s) for n, s in [("c", spec()), ("w", with_warning()), ("e", with_error())]
    )
    assert lint_command(str(clean)) == 0
    assert lint_command(str(warning)) == 0
    assert lint_command(str(warning), "--fail-on", "warning") == 1
    assert lint_command(str(error)) == 1
    assert lint_command(str(clean), str(error), "--fail-on", "warning") == 1


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("missing.json", None, "Cannot read spec"),
        ("broken.json", "{not json", "is not valid JSON"),
        ("swagger.json", {"swagger": "2.0", "paths": {}}, "is not an OpenAPI 3 document"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: Any, reason: str
) -> None:
    path = write(tmp_path, name, content) if content is not None else tmp_path / name
    assert lint_command(str(path)) == 2
    captured = capsys.readouterr()
    assert reason in captured.err and captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert captured.out == ""


def test_markdown_json_and_junit_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    error, warning = write(tmp_path, "e.json", with_error()), write(tmp_path, "w.json", with_warning())
    capsys.readouterr()
    lint_command(str(error), str(warning), "--format", "md")
    markdown = capsys.readouterr().out
    assert "| example_invalid |" in markdown and "`/name`" in markdown and "Expected: type" in markdown
    lint_command(str(error), str(warning), "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert (data["errors"], data["warnings"], data["counts"]) == (1, 1, {"example_invalid": 1, "listing_docs": 1})
    assert data["findings"][0]["instance_path"] == "/name"
    out = tmp_path / "lint.xml"
    lint_command(str(error), str(warning), "--format", "junit", "--output", str(out))
    suites = ET.parse(out).getroot().findall("testsuite")
    assert [suite.get("name") for suite in suites] == [str(error), str(warning)]
    # one testcase per operation (and "(components)") and class
    assert [len(suite.findall("testcase")) for suite in suites] == [2 * len(lint.CLASSES), 2 * len(lint.CLASSES)]
    assert [suite.get("failures") for suite in suites] == ["1", "0"]
    [failed] = [case for case in suites[0].iter("testcase") if case.find("failure") is not None]
    assert (failed.get("classname"), failed.get("name")) == (f"{error}.GET /v1/things", "example_invalid")


def test_all_names_the_public_api() -> None:
    public = {
        name
        for name, value in vars(lint).items()
        if not name.startswith("_") and not isinstance(value, ModuleType) and name != "annotations"
    }
    assert sorted(lint.__all__) == sorted(public)
