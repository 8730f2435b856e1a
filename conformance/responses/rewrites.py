"""Keyword rewrites of Schemathesis 4.32.5's converter: shapes one draft spells differently from another.

Draft 4 (Open API 3.0) has no `if`/`then`/`else`, `prefixItems` or `contains`; Open API 3.1 no longer has boolean
`exclusiveMinimum`/`exclusiveMaximum` nor `items: [...]`. Each function rewrites one schema object in place.
"""

from __future__ import annotations

from typing import Any


def prefix_items_as_items(schema: dict[str, Any]) -> None:
    # Draft 4/7 spells a tuple as `items: [...]`.
    if "prefixItems" not in schema:
        return
    prefix_items = schema.pop("prefixItems")
    if "items" in schema:
        schema["additionalItems"] = schema.pop("items")
    schema["items"] = prefix_items


def rewrite_if_then_else(schema: dict[str, Any]) -> None:
    if "if" not in schema:
        return
    if_sub = schema.pop("if")
    then_sub = schema.pop("then", None)
    else_sub = schema.pop("else", None)
    # A bare `if` constrains nothing.
    if then_sub is None and else_sub is None:
        return
    then_branch: Any = {"allOf": [if_sub, then_sub]} if then_sub is not None else if_sub
    else_branch: Any = {"allOf": [{"not": if_sub}, else_sub]} if else_sub is not None else {"not": if_sub}
    branches = [then_branch, else_branch]
    if "anyOf" in schema:
        existing = schema.pop("anyOf")
        all_of = schema.setdefault("allOf", [])
        all_of.append({"anyOf": existing})
        all_of.append({"anyOf": branches})
    elif "allOf" in schema:
        schema["allOf"].append({"anyOf": branches})
    else:
        schema["anyOf"] = branches


def rewrite_allof_of_contains_consts(schema: dict[str, Any]) -> None:
    # `allOf` of single-`const` `contains` becomes a positional `items` prefix of one-value enums (for Draft 4).
    all_of = schema.get("allOf")
    if not isinstance(all_of, list) or len(all_of) < 2 or isinstance(schema.get("items"), list):
        return
    consts = []
    keep = []
    for entry in all_of:
        contains = entry.get("contains") if isinstance(entry, dict) and len(entry) == 1 else None
        if isinstance(contains, dict) and contains.keys() == {"const"}:
            consts.append({"enum": [contains["const"]]})
        else:
            keep.append(entry)
    if len(consts) < 2:
        return
    if isinstance(schema.get("items"), dict):
        schema["additionalItems"] = schema["items"]
    schema["items"] = consts
    if keep:
        schema["allOf"] = keep
    else:
        schema.pop("allOf", None)
    min_items = schema.get("minItems")
    if not isinstance(min_items, int) or min_items < len(consts):
        schema["minItems"] = len(consts)


def upgrade_legacy_exclusive_bounds(schema: dict[str, Any]) -> None:
    for exclusive_key, bound_key in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        exclusive = schema.get(exclusive_key)
        if not isinstance(exclusive, bool):
            continue
        bound = schema.get(bound_key)
        if not exclusive or isinstance(bound, bool) or not isinstance(bound, (int, float)):
            # `false`, or `true` without a numeric bound, cannot be said in modern drafts.
            schema.pop(exclusive_key, None)
            continue
        schema[exclusive_key] = bound
        schema.pop(bound_key, None)


def upgrade_legacy_tuple_items(schema: dict[str, Any]) -> None:
    # Draft 2020-12 spells a tuple as `prefixItems` and the schema for the rest as `items`.
    items = schema.get("items")
    if not isinstance(items, list) or "prefixItems" in schema:
        return
    schema["prefixItems"] = items
    if "additionalItems" in schema:
        schema["items"] = schema.pop("additionalItems")
    else:
        del schema["items"]
