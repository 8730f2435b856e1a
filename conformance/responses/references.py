"""`$ref` resolution inside one in-memory document, as Schemathesis 4.32.5's resolver does for local references.

Another document is out of reach: a URL, or a file that exists, raises NotPorted (Schemathesis would fetch or read
it). A file that does not exist is Unresolvable, as it is for Schemathesis, which looks for it from the working
directory because a document loaded from memory has no location.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import unquote, urldefrag

from conformance.responses.errors import InvalidSpec, NotPorted

# The base URI Schemathesis gives a document loaded from memory; the bundler names schemas after `ROOT_URI#/...`.
ROOT_URI = "urn:schemathesis:root"
MISSING = object()  # what a walk finds where nothing is


class Unresolvable(Exception):
    """A local reference to nothing (Schemathesis' RefResolutionError): what it documents cannot be validated."""

    def __init__(self, reference: str) -> None:
        super().__init__(reference)
        self.reference = reference


def target_uri(root: Any, reference: str) -> str:
    """The absolute URI of a local reference (the bundler's identity for it); see the module for any other."""
    if not reference.strip():
        return ROOT_URI
    if reference.startswith("#"):
        return f"{ROOT_URI}{reference}"
    document = urldefrag(reference)[0]
    if document == ROOT_URI:
        return reference
    if _reachable(root, document):
        raise NotPorted(f"The reference `{reference}` points outside the document; only local references are ported.")
    # Schemathesis fails to open it: a reference to nothing.
    raise Unresolvable(reference)


def _reachable(root: Any, document: str) -> bool:
    """Whether Schemathesis could find the other document: a URL, a file, or a part of this one naming itself so."""
    if document.startswith(("http://", "https://", "file://", "//")) or os.path.exists(document):
        return True
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for keyword in ("$id", "id"):
                value = node.get(keyword)
                if isinstance(value, str) and ("://" in value or value.startswith("urn:")):
                    if urldefrag(value)[0] == document:
                        return True
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def resolve(document: Any, reference: str) -> tuple[str, Any]:
    """(absolute URI, target) of a local reference; Unresolvable when it points to nothing."""
    uri = target_uri(document, reference)
    fragment = uri.partition("#")[2]
    value = _walk_fragment(document, fragment)
    if value is MISSING:
        # Schemathesis then asks jsonschema_rs' registry, which percent-decodes the pointer first and hands back a
        # copy made in Rust, with every object's keys sorted.
        value = _sorted_keys(_walk_fragment(document, unquote(fragment)))
    if value is MISSING:
        raise Unresolvable(reference)
    return uri, value


def resolve_object(document: Any, node: dict[str, Any], what: str) -> dict[str, Any]:
    """`node` with its chain of `$ref`s followed (a repeated reference stops it), which must end at an object."""
    seen: set[str] = set()
    while isinstance(node, dict) and node.get("$ref") is not None:
        reference = node["$ref"]
        if reference in seen:
            return node
        seen.add(reference)
        _, node = resolve(document, reference)
        if not isinstance(node, dict):
            raise InvalidSpec(f"{what}: reference target `{reference}` must be an object")
    return node


def _sorted_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _sorted_keys(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_sorted_keys(item) for item in value]
    return value


def _walk_fragment(document: Any, fragment: str) -> Any:
    # `#` and `#/` both mean the whole document; a fragment without `/` names an `$anchor` first, as Schemathesis.
    if not fragment or fragment == "/":
        return document
    if not fragment.startswith("/"):
        found = _find_anchor(document, fragment)
        return found if found is not MISSING else walk_pointer(document, f"/{fragment}")
    return walk_pointer(document, fragment)


def walk_pointer(document: Any, pointer: str) -> Any:
    """The JSON pointer's target, or the module's MISSING sentinel."""
    return walk(document, [token.replace("~1", "/").replace("~0", "~") for token in pointer.split("/")[1:]])


def walk(document: Any, path: list[Any]) -> Any:
    """The value at `path` (keys and list indexes), or the module's MISSING sentinel."""
    target = document
    for token in path:
        if isinstance(target, dict):
            target = target.get(token, MISSING)
            if target is MISSING:
                return MISSING
        elif isinstance(target, list):
            try:
                target = target[int(token)]
            except (IndexError, ValueError):
                return MISSING
        else:
            return MISSING
    return target


def _find_anchor(document: Any, anchor: str) -> Any:
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("$anchor") == anchor:
                return node
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return MISSING
