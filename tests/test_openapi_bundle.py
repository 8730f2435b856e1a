"""`openapi.bundle`: the response schema our shape check validates against, with each `$ref`'d schema once.

It must judge every body as validators that follow each `$ref` lazily through a `referencing` registry over the
whole spec (`tests.oas_reference`), and stay about the size of the spec where inlining every `$ref` grew with the
number of paths through the references. The reference never copies a schema, so it judges the large recursive
ones too: no schema is exempt.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest

from conformance.openapi import DEFINITIONS, bundle, json_response_schema
from conformance.spec import load_spec
from tests.bodies import mutations, sample
from tests.oas_reference import SpecReader, is_31
from tests.shared import shared_path

ROOT = Path(__file__).parent.parent
OFFICIAL = sorted(path.name for path in shared_path("voucherify", "openapi").glob("*.json"))
RESPONSE = "x-response-under-test"  # where the reference puts the schema under test, inside its spec


def draft_of(spec: dict[str, Any]) -> str:
    return "2020-12" if is_31(spec) else "4"


class Reference:
    """The spec read independently (`tests.oas_reference`), with the schema under test put inside it."""

    def __init__(self, spec: dict[str, Any], schema: Any) -> None:
        reader = SpecReader({**spec, RESPONSE: schema})
        self.fast = reader.fast(f"/{RESPONSE}")
        self.validator = reader.validator(f"/{RESPONSE}")

    def errors(self, instance: Any) -> list[tuple[str, str]]:
        return sorted((error.json_path, str(error.validator)) for error in self.validator.iter_errors(instance))


@cache
def official(name: str) -> dict[str, Any]:
    return json.loads(shared_path("voucherify", "openapi", name).read_text())  # type: ignore[no-any-return]


def specs() -> list[tuple[str, dict[str, Any]]]:
    found = [("customers.yaml", load_spec(ROOT / "specs" / "voucherify" / "customers.yaml").raw)]
    return found + [(name, official(name)) for name in OFFICIAL]


def response_schemas() -> list[Any]:
    found = []
    for name, spec in specs():
        for path, item in spec["paths"].items():
            operation = item.get("get") if isinstance(item, dict) else None
            schema = json_response_schema(spec, operation) if isinstance(operation, dict) else None
            if schema is not None:
                found.append(pytest.param(spec, schema, id=f"{name}:GET {path}"))
    return found


def errors(schema: Any, instance: Any, draft: str) -> list[tuple[str, str]]:
    kind = jsonschema.Draft202012Validator if draft == "2020-12" else jsonschema.Draft4Validator
    return sorted((error.json_path, str(error.validator)) for error in kind(schema).iter_errors(instance))


def fast(schema: Any, draft: str) -> Any:
    kind = jsonschema_rs.Draft202012Validator if draft == "2020-12" else jsonschema_rs.Draft4Validator
    return kind(schema)


def bodies(spec: dict[str, Any], schema: Any) -> list[Any]:
    return [body for _, body in mutations(sample(spec, schema))] + [None, {}, [], "text"]


@pytest.mark.parametrize(("spec", "schema"), response_schemas())
def test_a_bundled_schema_judges_every_body_as_the_spec_read_lazily(spec: dict[str, Any], schema: Any) -> None:
    draft, reference = draft_of(spec), Reference(spec, schema)
    bundled = bundle(spec, schema)
    compiled = fast(bundled, draft)
    for body in bodies(spec, schema):
        assert compiled.is_valid(body) == reference.fast.is_valid(body), body
        assert errors(bundled, body, draft) == reference.errors(body), body


@pytest.mark.parametrize(("spec", "schema"), response_schemas())
def test_a_bundled_schema_is_never_larger_than_its_spec(spec: dict[str, Any], schema: Any) -> None:
    bundled = bundle(spec, schema)
    assert len(json.dumps(bundled)) <= 2 * len(json.dumps(spec))
    fast(bundled, "4")  # the validator compiles it: every $ref reaches its definition


def test_the_activity_list_that_inlined_to_megabytes_bundles_small() -> None:
    spec = official("customers.json")
    schema = json_response_schema(spec, spec["paths"]["/v1/customers/{customerId}/activity"]["get"])
    bundled = bundle(spec, schema)
    assert len(json.dumps(bundled)) < len(json.dumps(spec)) and len(bundled[DEFINITIONS]) > 10


REFERENCES = {
    "openapi": "3.0.1",
    "paths": {},
    "components": {
        "schemas": {
            "Tree": {
                "type": "object",
                "properties": {"children": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}}},
            },
            "Loop": {"$ref": "#/components/schemas/Loop"},
            "Odd/Name~": {"type": "string", "nullable": True},
            "Props": {"type": "object", "properties": {"nullable": {"type": "integer"}, "$ref": {"type": "string"}}},
        }
    },
}


@pytest.mark.parametrize(
    ("ref", "valid", "invalid"),
    [
        ("Tree", [{"children": [{"children": [{"children": []}]}]}], [{"children": [{"children": [1]}]}]),
        ("Loop", [1, "anything", None], []),
        ("Odd~1Name~0", ["text", None], [1]),
        ("Props", [{"nullable": 1, "$ref": "x"}], [{"nullable": "x"}, {"$ref": 1}]),
    ],
)
def test_references_that_recur_loop_or_need_escaping(ref: str, valid: list[Any], invalid: list[Any]) -> None:
    schema = {"$ref": f"#/components/schemas/{ref}"}
    validator, reference = fast(bundle(REFERENCES, schema), "4"), Reference(REFERENCES, schema)
    assert all(validator.is_valid(value) for value in valid)
    assert not any(validator.is_valid(value) for value in invalid)
    # The reference the official specs' bundles are held to gives the same answers, so it can tell them apart.
    assert all(reference.errors(value) == [] and reference.fast.is_valid(value) for value in valid)
    assert not any(reference.errors(value) == [] or reference.fast.is_valid(value) for value in invalid)


def test_a_reference_outside_the_document_accepts_anything() -> None:
    assert bundle(REFERENCES, {"type": "object", "properties": {"a": {"$ref": "other.json#/X"}}}) == {
        "type": "object",
        "properties": {"a": {}},
    }
