"""A discriminator value the response schema does not know: Schemathesis 4.32.5's `_check_discriminator`."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from conformance.responses.bundling import BUNDLE_KEY, BUNDLE_PREFIX
from conformance.responses.problems import UNKNOWN_DISCRIMINATOR, Problem
from conformance.responses.schemas import PreparedSchema


def discriminator_problem(check: str, data: Any, prepared: PreparedSchema) -> Problem | None:
    """The first object, walking the schema along the data, whose discriminator value names no known schema."""
    root = prepared.schema
    if not prepared.has_discriminator or not isinstance(root, dict):
        return None
    bundle = root.get(BUNDLE_KEY)
    if not isinstance(bundle, dict):
        bundle = {}
    # Walked along the data, so the cost is bounded by the data, not by the schema.
    stack: list[tuple[object, object]] = [(root, data)]
    seen: set[tuple[int, int]] = set()
    while stack:
        schema, value = stack.pop()
        if not isinstance(schema, dict) or not isinstance(value, (dict, list)) or (id(schema), id(value)) in seen:
            continue
        seen.add((id(schema), id(value)))
        reference = schema.get("$ref")
        if isinstance(reference, str) and reference.startswith(f"{BUNDLE_PREFIX}/"):
            stack.append((bundle.get(reference[len(BUNDLE_PREFIX) + 1 :]), value))
        if isinstance(value, dict):
            problem = _unknown_value(check, schema, value, prepared.name_to_uri)
            if problem is not None:
                return problem
            properties = schema.get("properties")
            if isinstance(properties, dict):
                stack.extend((subschema, value[name]) for name, subschema in properties.items() if name in value)
        else:
            items = schema.get("items")
            if isinstance(items, dict):
                stack.extend((items, item) for item in value)
    return None


def _unknown_value(
    check: str, schema: dict[str, Any], data: dict[str, Any], name_to_uri: dict[str, str]
) -> Problem | None:
    discriminator = schema.get("discriminator")
    if not isinstance(discriminator, dict):
        return None
    property_name = discriminator.get("propertyName")
    if not property_name:
        return None
    value = data.get(property_name)
    if not isinstance(value, str):
        return None
    known = _known_values(schema, discriminator, name_to_uri)
    if not known or value in known:
        return None
    listed = ", ".join(f"'{item}'" for item in sorted(known))
    message = (
        f"Response contains discriminator property '{property_name}' with value {value!r},\n"
        f"which does not match any of the known schema values: {listed}"
    )
    return UNKNOWN_DISCRIMINATOR.problem(check, message, key="")


def _known_values(schema: dict[str, Any], discriminator: dict[str, Any], name_to_uri: dict[str, str]) -> set[str]:
    known: set[str] = set()
    mapping = discriminator.get("mapping")
    if isinstance(mapping, dict):
        known.update(mapping.keys())
    for keyword in ("anyOf", "oneOf"):
        for item in schema.get(keyword) or []:
            if not isinstance(item, dict):
                continue
            reference = item.get("$ref", "")
            if not isinstance(reference, str) or not reference.startswith(f"{BUNDLE_PREFIX}/"):
                continue
            name = implicit_value(name_to_uri.get(reference[len(BUNDLE_PREFIX) + 1 :], ""))
            if name:
                known.add(name)
    return known


def implicit_value(uri: str) -> str:
    """The value a schema answers to without a mapping: its name (`#/components/schemas/Cat` -> `Cat`)."""
    parsed = urlsplit(uri)
    if parsed.fragment:
        return parsed.fragment.rstrip("/").rsplit("/", 1)[-1]
    return PurePosixPath(parsed.path).stem
