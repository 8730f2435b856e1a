"""Contract changes between two versions of a spec, per operation, each with its JSON path and whether it
breaks clients. DeepDiff walks the two (normalized) schemas; this module only names and classifies."""

from __future__ import annotations

from typing import Any

from conformance.diff.change import UNSET, Change
from conformance.diff.normalize import OperationView, operations, servers
from conformance.diff.schemas import describe, schema_changes


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
        detail = f"param {name}: added ({'required' if required else 'optional'}, {describe(new[name]['schema'])})"
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
