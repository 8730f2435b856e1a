"""Spec operations as the SDK sees them: which `<Tag>Api` method sends them and which model parses their 200."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from conformance.openapi import json_response_schema, resolve
from conformance.profile import ListProfile, list_profile
from conformance.sdk.naming import api_class, inline_model_name, method_name, model_name, param_name

_TEMPLATE = re.compile(r"\{[^/}]+\}")


@dataclass(frozen=True)
class Param:
    """One query or path parameter and the SDK argument that carries it."""

    name: str
    argument: str
    location: str
    schema: dict[str, Any]
    style: str = "form"
    explode: bool = True

    @property
    def format(self) -> str | None:
        value = self.schema.get("format")
        return str(value) if value else None

    @property
    def kind(self) -> str:
        return str(self.schema.get("type", "string"))


@dataclass(frozen=True)
class SdkOperation:
    """One spec operation and its place in the SDK."""

    method: str
    path: str
    operation_id: str
    api: str
    sdk_method: str
    model: str | None
    parameters: tuple[Param, ...] = ()
    profile: ListProfile | None = None

    @property
    def operation(self) -> str:
        return f"{self.method} {self.path}"


def response_model(spec: dict[str, Any], operation: dict[str, Any], status: str = "200") -> str | None:
    """The SDK model for a JSON response: PascalCase of its component name, or the generator's inline name."""
    schema = json_response_schema(spec, operation, status)
    if not isinstance(schema, dict):
        return None
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
        return model_name(ref.rsplit("/", 1)[-1])
    if resolve(spec, schema).get("type") in ("object", None) and operation.get("operationId"):
        return inline_model_name(str(operation["operationId"]), status)
    return None


def _parameters(spec: dict[str, Any], path_item: dict[str, Any], operation: dict[str, Any]) -> tuple[Param, ...]:
    declared = [resolve(spec, p) for p in [*path_item.get("parameters", []), *operation.get("parameters", [])]]
    params: dict[str, Param] = {}
    for raw in declared:
        if not isinstance(raw, dict) or raw.get("in") not in ("query", "path") or "name" not in raw:
            continue
        schema = resolve(spec, raw.get("schema", {}))
        style = str(raw.get("style", "form" if raw["in"] == "query" else "simple"))
        params[raw["name"]] = Param(
            name=str(raw["name"]),
            argument=param_name(str(raw["name"])),
            location=str(raw["in"]),
            schema=schema if isinstance(schema, dict) else {},
            style=style,
            explode=bool(raw.get("explode", style == "form")),
        )
    return tuple(params.values())


def sdk_operation(spec: dict[str, Any], method: str, path: str) -> SdkOperation | None:
    """The SDK's view of one operation, or None when the spec has no such operation."""
    path_item = spec.get("paths", {}).get(path, {})
    operation = path_item.get(method.lower()) if isinstance(path_item, dict) else None
    if not isinstance(operation, dict):
        return None
    operation_id = str(operation.get("operationId") or f"{method.lower()}_{path}")
    tags = operation.get("tags") or ["Default"]
    return SdkOperation(
        method=method.upper(),
        path=path,
        operation_id=operation_id,
        api=api_class(str(tags[0])),
        sdk_method=method_name(operation_id),
        model=response_model(spec, operation),
        parameters=_parameters(spec, path_item, operation),
        profile=list_profile(spec, method, path),
    )


def list_operations(spec: dict[str, Any]) -> list[SdkOperation]:
    """Every GET list operation of the spec (those `conformance run` profiles), in spec order."""
    found = (sdk_operation(spec, "GET", path) for path in spec.get("paths", {}))
    return [op for op in found if op is not None and op.profile is not None]


def match_path(spec: dict[str, Any], method: str, path: str) -> str | None:
    """The spec path template that a concrete request path falls under (literal paths win)."""
    paths = [str(p) for p, item in spec.get("paths", {}).items() if isinstance(item, dict) and method.lower() in item]
    if path in paths:
        return path
    for template in paths:
        pattern = "^" + _TEMPLATE.sub("[^/]+", re.escape(template).replace(r"\{", "{").replace(r"\}", "}")) + "$"
        if re.match(pattern, path):
            return template
    return None
