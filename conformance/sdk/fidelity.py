"""Does the SDK's parsed object keep what the raw JSON held? Raw body vs the model dumped back to JSON."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from conformance.documents import value_at
from conformance.openapi import MAX_DEPTH, resolve
from conformance.timestamps import parse_rfc3339

Path = tuple[str | int, ...]

DROPPED = "dropped"  # a field of the raw JSON is not in the parsed object
COERCED = "coerced"  # the parsed object holds another value or type than the raw JSON
NAIVE = "naive"  # a date-time became a datetime without a zone: the instant is lost


@dataclass(frozen=True)
class Drift:
    path: Path
    kind: str
    raw: Any
    parsed: Any

    @property
    def where(self) -> str:
        return json_path(self.path)


def json_path(path: Path) -> str:
    return "$" + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path)


def pattern(path: Path) -> str:
    """The path with array indices folded, so one drift on every item is one finding."""
    return "$" + "".join("[*]" if isinstance(part, int) else f".{part}" for part in path)


def drifts(raw: Any, dumped: Any, naive: list[str], path: Path = ()) -> list[Drift]:
    """Every place where `dumped` (the SDK model as JSON) does not hold what `raw` held."""
    found = (
        [Drift(_parse_path(where), NAIVE, value_at(raw, _parse_path(where)), None) for where in naive]
        if not path
        else []
    )
    if isinstance(raw, dict):
        if not isinstance(dumped, dict):
            return [*found, Drift(path, COERCED, raw, dumped)]
        for key, value in raw.items():
            if key not in dumped:
                found.append(Drift((*path, key), DROPPED, value, None))
            else:
                found += drifts(value, dumped[key], [], (*path, key))
        return found
    if isinstance(raw, list):
        if not isinstance(dumped, list) or len(dumped) != len(raw):
            return [*found, Drift(path, COERCED, raw, dumped)]
        for index, (left, right) in enumerate(zip(raw, dumped, strict=True)):
            found += drifts(left, right, [], (*path, index))
        return found
    if not _same_scalar(raw, dumped):
        found.append(Drift(path, COERCED, raw, dumped))
    return found


def _same_scalar(raw: Any, dumped: Any) -> bool:
    if isinstance(raw, bool) or isinstance(dumped, bool):
        return type(raw) is type(dumped) and raw == dumped
    if isinstance(raw, int | float) and isinstance(dumped, int | float):
        return float(raw) == float(dumped)
    if isinstance(raw, str) and isinstance(dumped, str) and raw != dumped:
        left, right = parse_rfc3339(raw), parse_rfc3339(dumped)
        return left is not None and left == right
    return bool(type(raw) is type(dumped) and raw == dumped)


def _parse_path(where: str) -> Path:
    parts: list[str | int] = []
    for chunk in where.removeprefix("$").replace("[", ".[").split("."):
        if chunk.startswith("[") and chunk.endswith("]") and chunk[1:-1].isdigit():
            parts.append(int(chunk[1:-1]))
        elif chunk:
            parts.append(chunk)
    return tuple(parts)


def declared(spec: dict[str, Any], schema: Any, path: Path, depth: int = 0) -> bool:
    """Whether the spec names the last part of `path` as a property (through $ref, allOf, anyOf, oneOf, items)."""
    schema = resolve(spec, schema)
    if not isinstance(schema, dict) or not path or depth > MAX_DEPTH:
        return False
    head, rest = path[0], path[1:]
    for keyword in ("allOf", "anyOf", "oneOf"):
        if any(declared(spec, part, path, depth + 1) for part in schema.get(keyword, [])):
            return True
    if isinstance(head, int):
        return declared(spec, schema.get("items", {}), rest, depth + 1)
    properties = schema.get("properties") or {}
    if head in properties:
        return not rest or declared(spec, properties[head], rest, depth + 1)
    extra = schema.get("additionalProperties")
    return bool(rest) and isinstance(extra, dict) and declared(spec, extra, rest, depth + 1)


def locate(raw: Any, loc: list[str | int], value: Any) -> Path | None:
    """The full JSON path of a pydantic error raised inside a nested `from_dict` (whose `loc` is relative)."""
    if _matches(raw, loc, value):
        return tuple(loc)
    children: list[tuple[str | int, Any]] = []
    if isinstance(raw, dict):
        children = list(raw.items())
    elif isinstance(raw, list):
        children = list(enumerate(raw))
    for key, child in children:
        found = locate(child, loc, value)
        if found is not None:
            return (key, *found)
    return None


def _matches(node: Any, loc: list[str | int], value: Any) -> bool:
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return False
    return bool(node == value and type(node) is type(value))
