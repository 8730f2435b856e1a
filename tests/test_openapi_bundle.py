"""`openapi.bundle`: the response schema our shape check validates against, with each `$ref`'d schema once.

It must judge every body as the full inlining did (the inlining is kept below as the reference), and stay about
the size of the spec where the inlining grew with the number of paths through the references.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest

from conformance.openapi import DEFINITIONS, bundle, json_response_schema, resolve
from conformance.spec import load_spec
from tests.bodies import mutations, sample
from tests.shared import shared_path

ROOT = Path(__file__).parent.parent
OFFICIAL = sorted(path.name for path in shared_path("voucherify", "openapi").glob("*.json"))
# Beyond this many calls the full inlining is the problem being fixed: such schemas are only held to their size.
INLINE_CALLS = 50_000
MAX_DEPTH = 32


class TooBig(Exception):
    pass


def inline(spec: dict[str, Any], schema: Any, budget: list[int], depth: int = 0) -> Any:
    """The former `openapi.inline`: every $ref inlined, `nullable` as a null alternative, cut at depth 32."""
    budget[0] -= 1
    if budget[0] < 0:
        raise TooBig
    schema = resolve(spec, schema)
    if depth > MAX_DEPTH:
        return {}
    if isinstance(schema, list):
        return [inline(spec, item, budget, depth + 1) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result = {
        key: value
        if key in ("enum", "default", "example", "examples", "required")
        else inline(spec, value, budget, depth + 1)
        for key, value in schema.items()
        if key != "nullable"
    }
    if isinstance(schema.get("properties"), dict):
        result["properties"] = {
            name: inline(spec, value, budget, depth + 1) for name, value in schema["properties"].items()
        }
    if schema.get("nullable") is True:
        return {"anyOf": [result, {"type": "null"}]}
    return result


def specs() -> list[tuple[str, dict[str, Any]]]:
    found = [("customers.yaml", load_spec(ROOT / "specs" / "voucherify" / "customers.yaml").raw)]
    return found + [(name, json.loads(shared_path("voucherify", "openapi", name).read_text())) for name in OFFICIAL]


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


@pytest.mark.parametrize(("spec", "schema"), response_schemas())
def test_a_bundled_schema_judges_every_body_as_the_inlined_one(spec: dict[str, Any], schema: Any) -> None:
    draft = "2020-12" if str(spec.get("openapi", "")).startswith("3.1") else "4"
    bundled = bundle(spec, schema)
    try:
        inlined = inline(spec, schema, [INLINE_CALLS])
    except TooBig:
        pytest.skip("the full inlining is what bundling replaces here: see the size test")
    bodies = [body for _, body in mutations(sample(spec, schema))] + [None, {}, [], "text"]
    for body in bodies:
        assert fast(bundled, draft).is_valid(body) == fast(inlined, draft).is_valid(body)
        assert errors(bundled, body, draft) == errors(inlined, body, draft)


@pytest.mark.parametrize(("spec", "schema"), response_schemas())
def test_a_bundled_schema_is_never_larger_than_its_spec(spec: dict[str, Any], schema: Any) -> None:
    bundled = bundle(spec, schema)
    assert len(json.dumps(bundled)) <= 2 * len(json.dumps(spec))
    fast(bundled, "4")  # the validator compiles it: every $ref reaches its definition


def test_the_activity_list_that_inlined_to_megabytes_bundles_small() -> None:
    spec = json.loads(shared_path("voucherify", "openapi", "customers.json").read_text())
    schema = json_response_schema(spec, spec["paths"]["/v1/customers/{customerId}/activity"]["get"])
    with pytest.raises(TooBig):
        inline(spec, schema, [1_000_000])
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
    validator = fast(bundle(REFERENCES, {"$ref": f"#/components/schemas/{ref}"}), "4")
    assert all(validator.is_valid(value) for value in valid)
    assert not any(validator.is_valid(value) for value in invalid)


def test_a_reference_outside_the_document_accepts_anything() -> None:
    assert bundle(REFERENCES, {"type": "object", "properties": {"a": {"$ref": "other.json#/X"}}}) == {
        "type": "object",
        "properties": {"a": {}},
    }
