"""Contract changes between two versions of a spec, per operation, each with its JSON path and whether it
breaks clients. DeepDiff walks the two (normalized) schemas; this module only names and classifies."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from deepdiff import DeepDiff

from conformance.diff.normalize import OperationView, operations, servers

UNSET = "(unset)"
SET_KEYWORDS = ("enum", "required")
# Keywords that bound a value, and whether a larger number is the looser bound.
BOUNDS = {
    "maximum": True,
    "maxLength": True,
    "maxItems": True,
    "exclusiveMaximum": True,
    "minimum": False,
    "minLength": False,
    "minItems": False,
    "exclusiveMinimum": False,
}


@dataclass(frozen=True)
class Change:
    operation: str
    path: str
    kind: str
    detail: str
    breaking: bool

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def contract_changes(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    changes = _server_changes(old, new)
    before, after = operations(old), operations(new)
    for old_view, new_view in _pairs(before, after, changes):
        changes += _operation_changes(old_view, new_view)
    return changes


def _pairs(
    before: dict[str, OperationView], after: dict[str, OperationView], changes: list[Change]
) -> list[tuple[OperationView, OperationView]]:
    pairs = [(before[label], after[label]) for label in before if label in after]
    gone = [v for label, v in before.items() if label not in after]
    new = [v for label, v in after.items() if label not in before]
    for view in list(gone):
        match = next((n for n in new if view.operation_id and n.operation_id == view.operation_id), None)
        if match is None and len(gone) == 1 and len(new) == 1 and gone[0].method == new[0].method:
            match = new[0]
        if match is not None:
            changes.append(Change(match.label, "$.path", "path-changed", f"path {view.path} -> {match.path}", True))
            pairs.append((view, match))
            gone.remove(view)
            new.remove(match)
    changes += [Change(v.label, "$", "operation-removed", f"{v.label}: removed", True) for v in gone]
    changes += [Change(v.label, "$", "operation-added", f"{v.label}: added", False) for v in new]
    return pairs


def _operation_changes(old: OperationView, new: OperationView) -> list[Change]:
    label = new.label
    changes: list[Change] = []
    if old.operation_id != new.operation_id:
        detail = f"operationId {old.operation_id or UNSET} -> {new.operation_id or UNSET}"
        changes.append(Change(label, "$.operationId", "operation-id-changed", detail, True))
    changes += _parameter_changes(label, old.parameters, new.parameters)
    changes += _response_changes(label, old.responses, new.responses)
    if set(old.security) != set(new.security):
        changes.append(_security_change(label, old.security, new.security))
    elif old.scheme_names != new.scheme_names:
        detail = f"security schemes renamed {sorted(old.scheme_names)} -> {sorted(new.scheme_names)} (same definitions)"
        changes.append(Change(label, "$.security", "security-scheme-renamed", detail, False))
    return changes


def _parameter_changes(label: str, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    changes: list[Change] = []
    removed = [name for name in old if name not in new]
    added = [name for name in new if name not in old]
    for name in list(removed):
        twin = next((a for a in added if new[a] == old[name] and a.split(" (")[1] == name.split(" (")[1]), None)
        if twin is not None:
            changes.append(
                Change(label, f"$.parameters['{twin}']", "parameter-renamed", f"param {name} -> {twin}", True)
            )
            removed.remove(name)
            added.remove(twin)
    changes += [
        Change(label, f"$.parameters['{n}']", "parameter-removed", f"param {n}: removed", True) for n in removed
    ]
    for name in added:
        required = new[name]["required"]
        detail = f"param {name}: added ({'required' if required else 'optional'}, {_describe(new[name]['schema'])})"
        changes.append(Change(label, f"$.parameters['{name}']", "parameter-added", detail, required))
    for name in old:
        if name not in new:
            continue
        base = f"$.parameters['{name}']"
        if old[name]["required"] != new[name]["required"]:
            detail = f"param {name}: required {old[name]['required']} -> {new[name]['required']}"
            changes.append(Change(label, f"{base}.required", "required-changed", detail, new[name]["required"]))
        changes += schema_changes(
            label, f"{base}.schema", f"param {name}", old[name]["schema"], new[name]["schema"], request=True
        )
    return changes


def _response_changes(label: str, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    changes: list[Change] = []
    for status in old:
        if status not in new:
            changes.append(
                Change(label, f"$.responses['{status}']", "response-removed", f"{status} response: removed", True)
            )
    for status in new:
        if status not in old:
            changes.append(
                Change(label, f"$.responses['{status}']", "response-added", f"{status} response: added", False)
            )
            continue
        for media in old[status]:
            if media not in new[status]:
                changes.append(
                    Change(
                        label,
                        f"$.responses['{status}'].content['{media}']",
                        "media-type-removed",
                        f"{status} response: media type {media} removed",
                        True,
                    )
                )
        for media, schema in new[status].items():
            base = f"$.responses['{status}'].content['{media}'].schema"
            if media not in old[status]:
                changes.append(
                    Change(label, base, "media-type-added", f"{status} response: media type {media} added", False)
                )
                continue
            changes += schema_changes(label, base, f"{status} body", old[status][media], schema, request=False)
    return changes


def _security_change(label: str, old: list[frozenset[str]], new: list[frozenset[str]]) -> Change:
    gained = sorted("+".join(sorted(a)) or "none" for a in set(new) - set(old))
    lost = sorted("+".join(sorted(a)) or "none" for a in set(old) - set(new))
    # A client keeps working if every way it could authenticate still suffices.
    breaking = any(not any(alternative <= before for alternative in new) for before in old) if old else bool(new)
    return Change(label, "$.security", "security-changed", f"security: alternatives +{gained} -{lost}", breaking)


def _server_changes(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    before, after = servers(old), servers(new)
    changes = [
        Change("*", "$.servers", "server-removed", f"server {url}: removed", True) for url in before if url not in after
    ]
    changes += [
        Change("*", "$.servers", "server-added", f"server {url}: added", False) for url in after if url not in before
    ]
    for url in before:
        for name, values in before[url].items():
            now = after.get(url, {}).get(name)
            if url in after and now is not None and now != values:
                lost, gained = sorted(set(values) - set(now)), sorted(set(now) - set(values))
                changes.append(
                    Change(
                        "*",
                        f"$.servers['{url}'].variables.{name}.enum",
                        "server-variable-changed",
                        f"server {url} var {name}: enum +{gained} -{lost}",
                        bool(lost),
                    )
                )
    return changes


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
            detail = f"{where}.{name}: added ({_describe(schema)})"
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
        detail = f"{where}{location}: {'added' if added else 'removed'}" + (f" ({_describe(t2)})" if added else "")
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


def _describe(schema: Any) -> str:
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
