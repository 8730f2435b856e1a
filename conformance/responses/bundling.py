"""Every schema a response schema references, gathered under `x-bundled`: a port of Schemathesis 4.32.5's bundler.

The bundled shape is what the validator compiles and what failure messages quote, so it is reproduced exactly:
the `schema000001` names, their order, and the single-reference shortcut.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from conformance.responses.errors import InvalidSpec
from conformance.responses.references import resolve, target_uri

BUNDLE_KEY = "x-bundled"
BUNDLE_PREFIX = f"#/{BUNDLE_KEY}"
_IDENTITY_KEYWORDS = ("$id", "id")


@dataclass(frozen=True)
class Bundle:
    """A schema with its references pointing into its own `x-bundled`, and bundled name -> original URI."""

    schema: Any
    name_to_uri: dict[str, str]


class BundleError(InvalidSpec):
    """A reference to something that is not a schema (Schemathesis raises this too: the check crashes)."""


def bundle(schema: Any, document: Any, *, ref_siblings: bool) -> Bundle:
    """Gather every reachable reference target into the schema, keeping the references themselves."""
    if not isinstance(schema, dict):
        return Bundle(schema=schema, name_to_uri={})
    walk = _Walk(document)
    bundled = walk.copy(schema)
    shortcut = walk.shortcut(bundled, ref_siblings)
    if shortcut is not None:
        return Bundle(schema=shortcut, name_to_uri={})
    if walk.defs:
        bundled[BUNDLE_KEY] = walk.defs
    return Bundle(schema=bundled, name_to_uri={name: uri for uri, name in walk.names.items()})


class _Walk:
    """One bundling pass: the names given so far, the targets copied, and the references being inlined."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.names: dict[str, str] = {}  # uri -> bundled name
        self.defs: dict[str, Any] = {}
        self.visited: set[str] = set()
        self.scope: list[str] = []
        self.references = 0
        self.recursive = False

    def name(self, uri: str) -> str:
        self.references += 1
        if uri not in self.names:
            # Fixed width, so names sort in creation order.
            self.names[uri] = f"schema{len(self.names) + 1:06d}"
        return self.names[uri]

    def copy(self, node: Any) -> Any:
        if isinstance(node, list):
            return [self.copy(item) if isinstance(item, (dict, list)) else item for item in node]
        if not isinstance(node, dict):
            return node
        reference = node.get("$ref")
        if isinstance(reference, str) and not reference.startswith(BUNDLE_PREFIX):
            return self.copy_reference(node, reference)
        return self.copy_values(node)

    def copy_values(self, node: dict[str, Any]) -> dict[str, Any]:
        return {key: self.copy(value) if isinstance(value, (dict, list)) else value for key, value in node.items()}

    def copy_reference(self, node: dict[str, Any], reference: str) -> dict[str, Any]:
        if not reference.strip():
            # An empty reference points at the current scope: dropped.
            return {key: self.copy(value) for key, value in node.items() if key != "$ref"}
        uri = target_uri(self.document, reference)
        if uri in self.visited and uri not in self.scope:
            name = self.name(uri)
        else:
            name = self.copy_target(reference)
        return {
            key: f"{BUNDLE_PREFIX}/{name}"
            if key == "$ref"
            else self.copy(value)
            if isinstance(value, (dict, list))
            else value
            for key, value in node.items()
        }

    def copy_target(self, reference: str) -> str:
        """The bundled name of the reference's target, copying the target into `defs` on its first visit."""
        uri, target = resolve(self.document, reference)
        if not isinstance(target, (dict, bool)):
            raise BundleError(f"Cannot bundle `{reference}`: expected JSON Schema (object or boolean)")
        # The name is taken before the contents are copied, so a target's name precedes those it references.
        name = self.name(uri)
        self.recursive |= uri in self.scope
        if uri not in self.visited:
            self.visited.add(uri)
            self.scope.append(uri)
            try:
                copied = self.copy(target)
            finally:
                self.scope.pop()
            self.defs[name] = _without_identity(copied)
        return name

    def shortcut(self, bundled: dict[str, Any], ref_siblings: bool) -> dict[str, Any] | None:
        """A root reference to one non-recursive target, spelled out in place, when that reads the same."""
        if self.recursive or "$ref" not in bundled or len(self.defs) != 1 or self.references != 1:
            return None
        # Where siblings are ignored, spelling the target out next to them would enforce them instead.
        if not ref_siblings and len(bundled) != 1:
            return None
        (target,) = self.defs.values()
        if isinstance(target, dict) and not bundled.keys().isdisjoint(target):
            return None
        result = {key: value for key, value in bundled.items() if key != "$ref"}
        if isinstance(target, dict):
            result.update(target)
        return result


def _without_identity(schema: Any) -> Any:
    """The schema without the `$id`/`id` it gave itself: a bundled name is its only name."""
    if not isinstance(schema, dict) or ("$id" not in schema and "id" not in schema):
        return schema
    # A non-string sits under a property named `$id`/`id`, not under the keyword.
    return {key: value for key, value in schema.items() if key not in _IDENTITY_KEYWORDS or not isinstance(value, str)}
