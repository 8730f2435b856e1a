"""Lists the profile leaves unclassified, classified the way the listing docs describe them."""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

from conformance.openapi import resolve
from conformance.profile import ID_CURSOR_NAMES, ListProfile, ListStyle
from conformance.profile.paths import path_params
from conformance.profile.reading import read_list

# listing.mdx ("Paging the results") names the lists that page with `starting_after_id`, "List customer activity"
# among them; its spec also takes a `starting_after` date. The id pages; the date narrows, as on customers.
ID_CURSOR = ID_CURSOR_NAMES[0]


def docs_profile(spec: dict[str, Any], operation: str) -> ListProfile | None:
    """The profile of a list that takes both cursors: id-cursor paging, with the date cursor as a bound; else None."""
    path = operation.split(" ", 1)[1]
    path_item = spec.get("paths", {}).get(path)
    if not isinstance(path_item, dict) or not isinstance(path_item.get("get"), dict):
        return None
    trimmed = copy.copy(spec)
    item = {**path_item, "parameters": _without(spec, path_item.get("parameters", []))}
    item["get"] = {**path_item["get"], "parameters": _without(spec, path_item["get"].get("parameters", []))}
    if item == path_item:
        return None
    trimmed["paths"] = {**spec["paths"], path: item}
    read = read_list(trimmed, path)
    if not isinstance(read, ListProfile) or read.style is not ListStyle.DATE_CURSOR:
        return None
    params, notes = path_params(spec, path)
    note = "classified from listing.mdx: pages with starting_after_id; starting_after bounds created_at"
    return replace(read, style=ListStyle.ID_CURSOR, id_cursor=ID_CURSOR, path_params=params,
                   notes=(*read.notes, *notes, note))  # fmt: skip


def _without(spec: dict[str, Any], parameters: list[Any]) -> list[Any]:
    kept = []
    for param in parameters:
        node = resolve(spec, param)
        if not (isinstance(node, dict) and node.get("name") == ID_CURSOR):
            kept.append(param)
    return kept
