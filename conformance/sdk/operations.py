"""Spec operations as the SDK sees them: the SDK method that sends each (by the SDK's own metadata), the model its
response parses into, and the argument that carries each parameter."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from conformance.credentials import Credentials
from conformance.openapi import resolve
from conformance.profile import ListProfile, list_profile
from conformance.sdk.catalog import Catalog, SdkMethod, path_shape

_TEMPLATE = re.compile(r"\{([^/}]+)\}")
APP_SCHEMES = frozenset(Credentials("", "").headers)  # the spec names its schemes after the headers


@dataclass(frozen=True)
class Param:
    """One query or path parameter of the spec and the SDK argument that carries it (None: no argument does)."""

    name: str
    argument: str | None
    location: str
    schema: dict[str, Any]
    style: str = "form"
    explode: bool = True
    required: bool = False

    @property
    def format(self) -> str | None:
        value = self.schema.get("format")
        return str(value) if value else None

    @property
    def kind(self) -> str:
        return str(self.schema.get("type", "string"))


@dataclass(frozen=True)
class SdkOperation:
    """One spec operation and the SDK method that sends it."""

    method: str
    path: str
    operation_id: str
    sdk: SdkMethod
    parameters: tuple[Param, ...] = ()
    profile: ListProfile | None = None

    @property
    def operation(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def api(self) -> str:
        return self.sdk.api

    @property
    def sdk_method(self) -> str:
        return self.sdk.method

    @property
    def model(self) -> str | None:
        return self.sdk.model

    def argument(self, name: str) -> str | None:
        """The argument that carries the spec parameter `name`, or None."""
        return next((p.argument for p in self.parameters if p.name == name), None)


@dataclass(frozen=True)
class Uncallable:
    """A spec operation the gate does not call, and why."""

    operation: str
    reason: str


def _sdk_path_names(spec_path: str, sdk: SdkMethod) -> dict[str, str]:
    """Spec path name -> SDK argument, matched by position (the two may name a segment differently)."""
    names = dict(zip(_TEMPLATE.findall(spec_path), _TEMPLATE.findall(sdk.path), strict=False))
    return {ours: sdk.path_params[theirs] for ours, theirs in names.items() if theirs in sdk.path_params}


def _parameters(
    spec: dict[str, Any], path: str, path_item: dict[str, Any], operation: dict[str, Any], sdk: SdkMethod
) -> tuple[Param, ...]:
    declared = [resolve(spec, p) for p in [*path_item.get("parameters", []), *operation.get("parameters", [])]]
    path_arguments = _sdk_path_names(path, sdk)
    params: dict[str, Param] = {}
    for raw in declared:
        if not isinstance(raw, dict) or raw.get("in") not in ("query", "path") or "name" not in raw:
            continue
        name, location = str(raw["name"]), str(raw["in"])
        schema = resolve(spec, raw.get("schema", {}))
        style = str(raw.get("style", "form" if location == "query" else "simple"))
        params[name] = Param(
            name=name,
            argument=(path_arguments if location == "path" else sdk.query).get(name),
            location=location,
            schema=schema if isinstance(schema, dict) else {},
            style=style,
            explode=bool(raw.get("explode", style == "form")),
            required=bool(raw.get("required", location == "path")),
        )
    return tuple(params.values())


def _other_credentials(spec: dict[str, Any], operation: dict[str, Any]) -> str | None:
    """The schemes an operation needs when no alternative takes the app's keys (X-App-Id and X-App-Token)."""
    requirements = operation.get("security", spec.get("security"))
    if not requirements:
        return None
    schemes = [set(requirement) for requirement in requirements if isinstance(requirement, dict)]
    if any(scheme <= APP_SCHEMES for scheme in schemes):
        return None
    return " or ".join(sorted(" and ".join(sorted(scheme)) for scheme in schemes)) or None


def gate_operations(spec: dict[str, Any], catalog: Catalog) -> list[SdkOperation | Uncallable]:
    """Every GET operation of the spec, in spec order: with its SDK method, or why the gate cannot call it."""
    found: list[SdkOperation | Uncallable] = []
    shapes: dict[str, str] = {}
    for path, path_item in spec.get("paths", {}).items():
        operation = path_item.get("get") if isinstance(path_item, dict) else None
        if not isinstance(operation, dict):
            continue
        same = shapes.setdefault(path_shape(path), path)
        if same != path:  # e.g. /v1/exports/{exportId} and /v1/exports/{export_Id}: one URL, one SDK method
            found.append(Uncallable(f"GET {path}", f"the same URLs as GET {same}, which the gate drives"))
            continue
        sdk = catalog.find("GET", path)
        other = _other_credentials(spec, operation)
        if other:
            found.append(Uncallable(f"GET {path}", f"needs {other} credentials; the gate has the app's only"))
            continue
        if sdk is None:
            found.append(Uncallable(f"GET {path}", f"voucherify {catalog.version} has no method that sends it"))
            continue
        found.append(
            SdkOperation(
                method="GET",
                path=path,
                operation_id=str(operation.get("operationId") or ""),
                sdk=sdk,
                parameters=_parameters(spec, path, path_item, operation, sdk),
                profile=list_profile(spec, "GET", path),
            )
        )
    return found


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
