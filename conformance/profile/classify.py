"""Every GET operation of a spec: a list with its profile, not a list, or a list the profile cannot classify."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from conformance.profile.model import ListProfile, OperationProfile
from conformance.profile.paths import path_params
from conformance.profile.reading import read_list


def list_profile(spec: dict[str, Any], method: str, path: str) -> ListProfile | None:
    """The profile of a GET operation whose 200 body holds an array of items; None for anything else."""
    if method.upper() != "GET":
        return None
    read = read_list(spec, path)
    if not isinstance(read, ListProfile):
        return None
    params, notes = path_params(spec, path)
    return replace(read, path_params=params, notes=read.notes + notes)


def classify_operations(spec: dict[str, Any]) -> list[OperationProfile]:
    """One entry per GET operation, in the spec's order; an unclassifiable list says why."""
    found: list[OperationProfile] = []
    for path, path_item in spec.get("paths", {}).items():
        if not isinstance(path_item, dict) or not isinstance(path_item.get("get"), dict):
            continue
        label = f"GET {path}"
        read = read_list(spec, path)
        if read is None:
            found.append(OperationProfile(label, "not a list"))
        elif isinstance(read, str):
            found.append(OperationProfile(label, "unclassified", reason=read))
        else:
            found.append(OperationProfile(label, "list", list_profile(spec, "GET", path)))
    return found
