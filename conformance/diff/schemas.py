"""Schema-level changes: a DeepDiff of two JSON Schemas, each difference named with its JSON path and classed."""

from __future__ import annotations

import json
from typing import Any

from deepdiff import DeepDiff

from conformance.diff.change import BOUNDS, SET_KEYWORDS, UNSET, Change


def schema_changes(label: str, base: str, where: str, old: Any, new: Any, *, request: bool) -> list[Change]:
    """Every keyword-level difference between two normalized schemas, named and classified."""
    diff = DeepDiff(_comparable(old), _comparable(new), view="tree", ignore_order=False, verbose_level=2)
    changes: list[Change] = []
    for report, items in diff.items():
        for item in items:
            path = item.path(output_format="list")
            if path and path[-1] == "properties" and isinstance(item.t1, dict) and isinstance(item.t2, dict):
                # DeepDiff reports a properties block with no name in common as one value: name each property.
                changes += _properties(
                    label, base + _json_path(path), where + _location(path[:-1]), item.t1, item.t2, request
                )
                continue
            changes.append(_classify(label, base, where, report, path, item.t1, item.t2, request))
    return changes


def _properties(
    label: str, base: str, where: str, old: dict[str, Any], new: dict[str, Any], request: bool
) -> list[Change]:
    changes: list[Change] = []
    for name in old:
        if name not in new:
            changes.append(Change(label, f"{base}.{name}", "property-removed", f"{where}.{name}: removed", not request))
    for name, schema in new.items():
        if name not in old:
            detail = f"{where}.{name}: added ({describe(schema)})"
            changes.append(Change(label, f"{base}.{name}", "property-added", detail, False))
    return changes


def _comparable(schema: Any) -> Any:
    if isinstance(schema, dict):
        return {
            k: (
                frozenset(json.dumps(v, sort_keys=True) for v in value)
                if k in SET_KEYWORDS and isinstance(value, list)
                else _comparable(value)
            )
            for k, value in schema.items()
        }
    if isinstance(schema, list):
        return [_comparable(v) for v in schema]
    return schema


def _classify(
    label: str, base: str, where: str, report: str, path: list[Any], t1: Any, t2: Any, request: bool
) -> Change:
    location = _location(path)
    json_path = base + _json_path(path)
    keyword = str(path[-1]) if path else ""
    if report.startswith("set_item"):
        value = t2 if report == "set_item_added" else t1
        # A set has no index: the path names the keyword, then the member (`required["created_at"]`).
        named = [p for p in path if p is not None]
        json_path = base + _json_path(named) + f"[{_show(value)}]"
        keyword = str(path[-1]) if path and path[-1] in SET_KEYWORDS else str(path[-2]) if len(path) > 1 else ""
        added = report == "set_item_added"
        location = _location(path if path and path[-1] in SET_KEYWORDS else path[:-1])
        verb = "+" if added else "-"
        detail = f"{where}{location}: {keyword} {verb}[{value}]"
        if keyword == "required":
            return Change(
                label, json_path, f"required-{'added' if added else 'removed'}", detail, added if request else not added
            )
        return Change(
            label, json_path, f"enum-{'added' if added else 'removed'}", detail, (not added) if request else added
        )
    if len(path) >= 2 and path[-2] == "properties" and report.startswith("dictionary_item"):
        added = report == "dictionary_item_added"
        detail = f"{where}{location}: {'added' if added else 'removed'}" + (f" ({describe(t2)})" if added else "")
        return Change(
            label,
            json_path,
            f"property-{'added' if added else 'removed'}",
            detail,
            (not added) if not request else False,
        )
    before = UNSET if report == "dictionary_item_added" else t1
    after = UNSET if report == "dictionary_item_removed" else t2
    detail = f"{where}{_location(path[:-1])}: {keyword} {_show(before)} -> {_show(after)}"
    return Change(label, json_path, f"{keyword}-changed", detail, _breaking(keyword, before, after, request))


def _breaking(keyword: str, before: Any, after: Any, request: bool) -> bool:
    if keyword in BOUNDS:
        looser_when_larger = BOUNDS[keyword]
        if before == UNSET:
            tighter = True
        elif after == UNSET:
            tighter = False
        else:
            tighter = bool(after < before) if looser_when_larger else bool(after > before)
        return tighter if request else not tighter
    if keyword == "nullable":
        now_nullable = after is True
        return (not now_nullable) if request else now_nullable
    if keyword in ("format", "pattern"):
        # A request gets stricter when one is set or changed; a response gets looser when one is dropped.
        return bool(after != UNSET) if request else bool(before != UNSET)
    if keyword == "default":
        return request
    return True  # type and anything structural


def _location(path: list[Any]) -> str:
    parts = []
    i = 0
    while i < len(path):
        key = path[i]
        if key == "properties" and i + 1 < len(path):
            parts.append(f".{path[i + 1]}")
            i += 2
            continue
        parts.append({"items": "[]", "additionalProperties": "{*}"}.get(str(key), ""))
        i += 1
    return "".join(parts)


def _json_path(path: list[Any]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def describe(schema: Any) -> str:
    if not isinstance(schema, dict):
        return "schema"
    parts = [f"{k}={schema[k]}" for k in ("type", "format") if k in schema]
    if schema.get("nullable"):
        parts.append("nullable")
    return ", ".join(parts) or "schema"


def _show(value: Any) -> str:
    if isinstance(value, frozenset):
        return json.dumps(sorted(json.loads(v) for v in value))
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, default=lambda o: sorted(o) if isinstance(o, frozenset) else str(o))
