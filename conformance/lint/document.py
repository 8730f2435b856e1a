"""One spec as the rules see it: its operations, JSON pointers, stable anchors, and who uses which component."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from conformance.openapi import HTTP_METHODS, resolve

COMPONENT_REF = re.compile(r"^#/components/([^/]+)/([^/]+)")


def escape(part: str) -> str:
    """One JSON pointer segment (RFC 6901)."""
    return part.replace("~", "~0").replace("/", "~1")


def unescape(part: str) -> str:
    return part.replace("~1", "/").replace("~0", "~")


def join(pointer: str, *parts: str | int) -> str:
    return pointer + "".join("/" + escape(str(part)) for part in parts)


@dataclass(frozen=True)
class Operation:
    """One method on one path."""

    method: str
    path: str
    node: dict[str, Any]

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def pointer(self) -> str:
        return join("", "paths", self.path, self.method)

    @property
    def anchor(self) -> str:
        """Stable across a path rename when the operation keeps its operationId."""
        return str(self.node.get("operationId") or self.label)


@dataclass
class SpecDocument:
    """A parsed OpenAPI 3 document and facts computed once per document."""

    raw: dict[str, Any]
    name: str

    @property
    def is_31(self) -> bool:
        return str(self.raw.get("openapi", "")).startswith("3.1")

    def resolve(self, node: Any) -> Any:
        return resolve(self.raw, node)

    @cached_property
    def operations(self) -> list[Operation]:
        found = []
        for path, item in (self.raw.get("paths") or {}).items():
            if isinstance(item, dict):
                found += [Operation(m, path, item[m]) for m in HTTP_METHODS if isinstance(item.get(m), dict)]
        return found

    @cached_property
    def _by_pointer(self) -> dict[str, Operation]:
        return {operation.pointer: operation for operation in self.operations}

    def operation_at(self, pointer: str) -> Operation | None:
        """The operation whose subtree holds `pointer`."""
        parts = pointer.split("/")
        return self._by_pointer.get("/".join(parts[:4])) if len(parts) >= 4 and parts[1] == "paths" else None

    def anchor(self, pointer: str) -> str:
        operation = self.operation_at(pointer)
        return operation.anchor + pointer[len(operation.pointer) :] if operation else pointer

    def used_by(self, pointer: str) -> tuple[str, ...]:
        """Operations that reach the component (or path-level parameter) holding `pointer`."""
        parts = pointer.split("/")
        if len(parts) >= 4 and parts[1] == "paths" and parts[3] == "parameters":
            item = self.raw["paths"].get(unescape(parts[2]), {})
            return tuple(f"{m.upper()} {unescape(parts[2])}" for m in HTTP_METHODS if isinstance(item.get(m), dict))
        if len(parts) < 4 or parts[1] != "components":
            return ()
        component = "/".join(parts[:4])
        return tuple(label for label, reached in self._reach.items() if component in reached)

    def composers(self, pointer: str) -> tuple[list[dict[str, Any]], int]:
        """Schemas that compose the component at `pointer` through allOf, and how many other $refs use it."""
        ref = "#" + pointer
        users = self._composition[0].get(ref, [])
        return users, self._composition[1].get(ref, 0) - len(users)

    @cached_property
    def _composition(self) -> tuple[dict[str, list[dict[str, Any]]], dict[str, int]]:
        allof_users: dict[str, list[dict[str, Any]]] = {}
        counts: dict[str, int] = {}
        stack: list[Any] = [self.raw]
        while stack:
            current = stack.pop()
            if isinstance(current, dict):
                if isinstance(current.get("$ref"), str):
                    counts[current["$ref"]] = counts.get(current["$ref"], 0) + 1
                parts = current.get("allOf")
                for part in parts if isinstance(parts, list) else []:
                    if isinstance(part, dict) and isinstance(part.get("$ref"), str):
                        allof_users.setdefault(part["$ref"], []).append(current)
                stack.extend(current.values())
            elif isinstance(current, list):
                stack.extend(current)
        return allof_users, counts

    @cached_property
    def _reach(self) -> dict[str, set[str]]:
        """Per operation, every component it reaches through $refs, transitively (cycle-safe)."""
        direct: dict[str, set[str]] = {}
        for kind, group in (self.raw.get("components") or {}).items():
            for name, node in (group or {}).items() if isinstance(group, dict) else ():
                direct[join("", "components", kind, name)] = _refs_in(node)
        reach: dict[str, set[str]] = {}
        for operation in self.operations:
            item = self.raw["paths"][operation.path]
            todo = list(_refs_in(operation.node) | _refs_in(item.get("parameters", [])))
            seen: set[str] = set()
            while todo:
                component = todo.pop()
                if component not in seen:
                    seen.add(component)
                    todo.extend(direct.get(component, ()))
            reach[operation.label] = seen
        return reach


def _refs_in(node: Any) -> set[str]:
    """Components referenced anywhere inside `node`, as pointers like /components/schemas/Customer."""
    found: set[str] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            ref = current.get("$ref")
            if isinstance(ref, str) and (match := COMPONENT_REF.match(ref)):
                found.add(f"/components/{match[1]}/{match[2]}")
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return found
