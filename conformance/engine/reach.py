"""What a run needs of its spec: every local `$ref` that the selected operations reach, followed through the
components they point to, and those that point nowhere (a broken one would let any response pass its schema)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import referencing.exceptions

from conformance.errors import SpecError
from conformance.openapi import HTTP_METHODS, SPEC_URI, registry

LOCAL = "#/"


@dataclass(frozen=True)
class BrokenRef:
    """A local `$ref` that names nothing in the document, where it is, and which operation needs it."""

    ref: str
    at: str  # the JSON pointer of the object holding the `$ref`
    operation: str


def operation_nodes(spec: dict[str, Any], labels: Iterable[str]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(label, JSON pointer, node) of each selected operation, with its path item's shared parameters."""
    wanted = set(labels)
    for path, item in (spec.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        escaped = "/paths/" + path.replace("~", "~0").replace("/", "~1")
        for method in HTTP_METHODS:
            node = item.get(method)
            label = f"{method.upper()} {path}"
            if isinstance(node, dict) and label in wanted:
                yield label, f"{escaped}/{method}", node
                if "parameters" in item:
                    yield label, f"{escaped}/parameters", {"parameters": item["parameters"]}


def broken_refs(spec: dict[str, Any], labels: Iterable[str]) -> list[BrokenRef]:
    """Every local `$ref` reached from the selected operations that points nowhere, each reported once."""
    broken: dict[str, BrokenRef] = {}
    followed: set[str] = set()
    resolver = registry(spec).resolver(base_uri=SPEC_URI)
    for label, pointer, node in operation_nodes(spec, labels):
        stack: list[tuple[str, Any]] = [(pointer, node)]
        while stack:
            at, value = stack.pop()
            if isinstance(value, list):
                stack.extend((f"{at}/{index}", item) for index, item in enumerate(value))
                continue
            if not isinstance(value, dict):
                continue
            ref = value.get("$ref")
            if isinstance(ref, str) and ref.startswith(LOCAL) and ref not in followed:
                followed.add(ref)
                try:
                    stack.append((ref[1:], resolver.lookup(ref).contents))
                except referencing.exceptions.Unresolvable:
                    broken.setdefault(ref, BrokenRef(ref, at, label))
            stack.extend((f"{at}/{_escape(key)}", item) for key, item in value.items() if key != "$ref")
    return list(broken.values())


def require_refs(spec: dict[str, Any], labels: Iterable[str], source: str) -> None:
    """SpecError, in one line, when a selected operation reaches a `$ref` that points nowhere."""
    broken = broken_refs(spec, labels)
    if not broken:
        return
    first = broken[0]
    more = f" ({len(broken) - 1} more)" if len(broken) > 1 else ""
    raise SpecError(
        f"{source}: $ref {first.ref!r} at #{first.at} points nowhere{more}; {first.operation} needs it. "
        "Fix the spec, or leave the operation out with --exclude-path."
    )


def _escape(key: str) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")
