"""A comparable view of each operation: refs inlined, allOf merged, nullability in one form, docs dropped.

Readings this view applies, so that a diff reports what a client would notice and nothing else:
- `allOf` parts are merged (properties and required united), so a change of allOf layout alone is no change;
- `type: [T, "null"]` (OpenAPI 3.1), `nullable: true` (3.0) and `anyOf: [T, {type: null}]` all read as
  "T, nullable". A 3.1 document that still writes `nullable: true` is read as its authors meant it.
- `nullable: "true"` (a string, seen in real history) reads as `nullable: true`;
- descriptions, summaries, titles, examples and `x-*` extensions are not contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from conformance.openapi import HTTP_METHODS, resolve

DOC_KEYWORDS = frozenset({"description", "summary", "title", "example", "examples", "externalDocs", "tags"})
METHODS = HTTP_METHODS
MAX_DEPTH = 40
READING = (
    "allOf parts are merged; `type: [T, null]`, `nullable: true` and `anyOf [T, null]` all mean a nullable T "
    "(in OpenAPI 3.1 documents too, as their authors meant it); descriptions and examples are not contract."
)


@dataclass
class OperationView:
    method: str
    path: str
    operation_id: str | None
    parameters: dict[str, dict[str, Any]] = field(default_factory=dict)
    responses: dict[str, dict[str, Any]] = field(default_factory=dict)
    security: list[frozenset[str]] = field(default_factory=list)
    scheme_names: frozenset[str] = frozenset()

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"


def operations(spec: dict[str, Any]) -> dict[str, OperationView]:
    views: dict[str, OperationView] = {}
    for path, item in (spec.get("paths") or {}).items():
        for method in METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            if isinstance(operation, dict):
                view = _view(spec, path, method, operation, item.get("parameters", []))
                views[view.label] = view
    return views


def servers(spec: dict[str, Any]) -> dict[str, Any]:
    """Server URL -> its variables' enums (what a client may choose)."""
    return {
        str(server.get("url")): {
            name: sorted(map(str, variable.get("enum", [])))
            for name, variable in (server.get("variables") or {}).items()
        }
        for server in spec.get("servers") or []
        if isinstance(server, dict)
    }


def _view(spec: dict[str, Any], path: str, method: str, operation: dict[str, Any], shared: list[Any]) -> OperationView:
    view = OperationView(method, path, operation.get("operationId"))
    for raw in [*shared, *operation.get("parameters", [])]:
        parameter = resolve(spec, raw)
        if isinstance(parameter, dict) and "name" in parameter:
            key = f"{parameter['name']} ({parameter.get('in', 'query')})"
            view.parameters[key] = {
                "required": bool(parameter.get("required", False)),
                "schema": flatten(spec, parameter.get("schema", {})),
            }
    for status, raw in (operation.get("responses") or {}).items():
        response = resolve(spec, raw)
        content = response.get("content") or {} if isinstance(response, dict) else {}
        view.responses[str(status)] = {media: flatten(spec, body.get("schema", {})) for media, body in content.items()}
    requirements = operation.get("security", spec.get("security", []))
    schemes = (spec.get("components") or {}).get("securitySchemes") or {}
    view.security = [
        frozenset(_scheme(schemes.get(name, {}), name, scopes) for name, scopes in r.items())
        for r in requirements or []
    ]
    view.scheme_names = frozenset(name for r in requirements or [] for name in r)
    return view


def _scheme(scheme: dict[str, Any], name: str, scopes: list[str]) -> str:
    """A security scheme by what it asks of a client, not by its name in the document."""
    if scheme.get("type") == "apiKey":
        return f"apiKey {scheme.get('in')}:{scheme.get('name')}"
    if scheme.get("type") == "oauth2":
        return f"oauth2({','.join(sorted(scopes))})"
    return f"{scheme.get('type', name)}:{scheme.get('scheme', '')}"


def flatten(spec: dict[str, Any], schema: Any, depth: int = 0, seen: frozenset[str] = frozenset()) -> Any:
    """The schema with refs inlined, allOf merged and nullability normalized (see the module docstring)."""
    if isinstance(schema, dict) and "$ref" in schema:
        ref = schema["$ref"]
        if ref in seen or depth > MAX_DEPTH:
            return {"$recursive": ref.rsplit("/", 1)[-1]}
        return flatten(spec, resolve(spec, schema), depth + 1, seen | {ref})
    if not isinstance(schema, dict):
        return schema
    result: dict[str, Any] = {}
    for part in schema.get("allOf", []):
        _merge(result, flatten(spec, part, depth + 1, seen))
    for key, value in schema.items():
        if key in DOC_KEYWORDS or key.startswith("x-") or key == "allOf":
            continue
        if key == "properties":
            properties = {name: flatten(spec, sub, depth + 1, seen) for name, sub in value.items()}
            result["properties"] = {**result.get("properties", {}), **properties}
        elif key in ("items", "additionalProperties", "not") and isinstance(value, dict):
            result[key] = flatten(spec, value, depth + 1, seen)
        elif key in ("anyOf", "oneOf"):
            result[key] = [flatten(spec, sub, depth + 1, seen) for sub in value]
        elif key == "required":
            result["required"] = sorted(set(result.get("required", [])) | set(value))
        else:
            result[key] = value
    return _nullability(result)


def _merge(target: dict[str, Any], part: Any) -> None:
    if not isinstance(part, dict):
        return
    for key, value in part.items():
        if key == "properties":
            target["properties"] = {**target.get("properties", {}), **value}
        elif key == "required":
            target["required"] = sorted(set(target.get("required", [])) | set(value))
        else:
            target.setdefault(key, value)


def _nullability(schema: dict[str, Any]) -> dict[str, Any]:
    if schema.get("nullable") in ("true", "True"):
        schema["nullable"] = True  # a string where a boolean belongs: read as meant
    types = schema.get("type")
    if isinstance(types, list) and "null" in types:
        rest = [t for t in types if t != "null"]
        schema["nullable"] = True
        if rest:
            schema["type"] = rest[0] if len(rest) == 1 else rest
        else:
            del schema["type"]
    for key in ("anyOf", "oneOf"):
        options = schema.get(key)
        if isinstance(options, list) and {"type": "null"} in options:
            others = [o for o in options if o != {"type": "null"}]
            schema["nullable"] = True
            if len(others) == 1 and isinstance(others[0], dict):
                del schema[key]
                for name, value in others[0].items():
                    schema.setdefault(name, value)
            else:
                schema[key] = others
    if schema.get("nullable") is False:
        del schema["nullable"]
    return schema
