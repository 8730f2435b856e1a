"""Plausible response bodies for a schema, and the same bodies broken in the ways responses break.

Used to hold two schema validators to each other: each body must get the same verdict and errors from both.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterator
from typing import Any

from conformance.openapi import properties, resolve

FORMAT_SAMPLES = {
    "date-time": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "time": "03:04:05",
    "uuid": "2b4f1e0c-9d7a-4a43-8d1e-5f9c2f1b7a10",
}
MAX_DEPTH = 5


def sample(spec: dict[str, Any], schema: Any, depth: int = 0) -> Any:
    """A plausible instance of `schema`: every property, the first variant, the first enum value."""
    schema = resolve(spec, schema)
    if not isinstance(schema, dict) or depth > MAX_DEPTH:
        return None
    if schema.get("enum"):
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    for keyword in ("oneOf", "anyOf"):
        variants = [v for v in schema.get(keyword, []) if resolve(spec, v) != {"type": "null"}]
        if variants and "properties" not in schema:
            return sample(spec, variants[0], depth + 1)
    kind = schema.get("type")
    kind = next((t for t in kind if t != "null"), "null") if isinstance(kind, list) else kind
    if kind == "object" or "properties" in schema or "allOf" in schema:
        return {name: sample(spec, sub, depth + 1) for name, sub in properties(spec, schema).items()}
    if kind == "array":
        return [sample(spec, schema.get("items", {}), depth + 1)]
    return {
        "string": FORMAT_SAMPLES.get(schema.get("format", ""), "text"),
        "integer": 1,
        "number": 1.5,
        "boolean": True,
    }.get(kind or "", None)


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path, value


def _replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    result = copy.deepcopy(value)
    target = result
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new
    return result


def mutations(body: Any) -> Iterator[tuple[str, Any]]:
    """The body as is, then broken: deepest string as a number, deepest leaf as null, every string an unknown
    value (enums, discriminators), the whole body in a list, first property dropped, first and last property null."""
    yield "as-sampled", body
    leaves = [(path, value) for path, value in _leaves(body) if path]
    strings = [path for path, value in leaves if isinstance(value, str)]
    if strings:
        deepest = max(strings, key=len)
        yield "deep-string-as-number", _replaced(body, deepest, 12345)
    if leaves:
        yield "deepest-leaf-null", _replaced(body, max((p for p, _ in leaves), key=len), None)
    if strings:
        yield "every-string-unknown", functools.reduce(lambda value, path: _replaced(value, path, "zzz"), strings, body)
    yield "wrapped-in-a-list", [body]
    if isinstance(body, dict) and body:
        first, last = next(iter(body)), list(body)[-1]
        yield "first-property-dropped", {k: v for k, v in body.items() if k != first}
        yield "first-property-null", {**body, first: None}
        yield "last-property-null", {**body, last: None}
