"""What a row of the profile tables claims about an operation, checked against the spec's own parameters and
response schema.

A row is (style, the parameters it names, its order values, its items key), as `tests/test_profile_table.py`
renders a profile. The spec is read here independently of `conformance.profile`: plain dictionaries, each `$ref`
followed. Each claim that does not hold comes back as a sentence naming the parameter or property, so a wrong row
fails for a reason a reader can check in the spec.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

Row = tuple[str, str, str, str] | str
# The request parameter that makes each paging style (Voucherify's listing docs, and Loyalty v2's cursor).
STYLE_PARAMETER = {
    "page": "page",
    "date_cursor": "starting_after",
    "id_cursor": "starting_after_id",
    "cursor": "cursor",
}
NUMBERS = ("limit", "page")


def resolved(spec: dict[str, Any], node: Any) -> Any:
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"] not in seen:
        seen.add(node["$ref"])
        target: Any = spec
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target.get(part.replace("~1", "/").replace("~0", "~"), {}) if isinstance(target, dict) else {}
        node = target
    return node


def query_parameters(spec: dict[str, Any], path: str) -> dict[str, dict[str, Any]]:
    """The GET operation's query parameters by name, the path item's overridden by the operation's own."""
    item = spec["paths"][path]
    found: dict[str, dict[str, Any]] = {}
    for parameter in [*(item.get("parameters") or []), *(item["get"].get("parameters") or [])]:
        parameter = resolved(spec, parameter)
        if isinstance(parameter, dict) and parameter.get("in") == "query":
            found[str(parameter.get("name"))] = parameter
    return found


def schema_values(spec: dict[str, Any], schema: Any, keyword: str, depth: int = 0) -> Iterator[Any]:
    """Every value of `keyword` (`enum`, `type`) in a schema, through `$ref`, items and compositions."""
    schema = resolved(spec, schema)
    if not isinstance(schema, dict) or depth > 8:
        return
    value = schema.get(keyword)
    yield from (value if isinstance(value, list) else [value] if value is not None else [])
    for part in [schema.get("items"), *(schema.get(k) or [] for k in ("allOf", "anyOf", "oneOf"))]:
        for sub in part if isinstance(part, list) else [part]:
            yield from schema_values(spec, sub, keyword, depth + 1)


def response_properties(spec: dict[str, Any], path: str) -> dict[str, Any]:
    """The top-level properties of the GET's 200 JSON body, merged through allOf."""
    response = resolved(spec, (spec["paths"][path]["get"].get("responses") or {}).get("200"))
    content = (response or {}).get("content") or {}
    schema = next((media.get("schema") for kind, media in content.items() if "json" in kind), None)
    return _properties(spec, schema)


def _properties(spec: dict[str, Any], schema: Any, depth: int = 0) -> dict[str, Any]:
    schema = resolved(spec, schema)
    if not isinstance(schema, dict) or depth > 8:
        return {}
    found = dict(schema.get("properties") or {})
    for part in schema.get("allOf") or []:
        found.update(_properties(spec, part, depth + 1))
    return found


def row_parameters(params: str) -> list[str]:
    """The wire names a row's parameter column stands for: `created_at[before,after]` is two of them."""
    names: list[str] = []
    for token in params.split():
        if (bounds := re.fullmatch(r"(.+)\[(.+)\]", token)) and "," in bounds[2]:
            names += [f"{bounds[1]}[{side}]" for side in bounds[2].split(",")]
        else:
            names.append(token)
    return [name for name in names if name != "-"]


def row_orders(orders: str) -> list[str]:
    """The order values a row's order column stands for: `±f` is both `f` and `-f`."""
    values: list[str] = []
    for token in orders.split():
        values += [token[1:], f"-{token[1:]}"] if token.startswith("±") else [token] if token != "-" else []
    return values


def _declares(declared: dict[str, dict[str, Any]], spec: dict[str, Any], name: str) -> bool:
    """A query parameter by its wire name: `created_at[before]` is also `created_at` with a `before` property."""
    field, _, side = name.partition("[")
    if name in declared:
        return True
    return bool(side) and side.rstrip("]") in _properties(spec, (declared.get(field) or {}).get("schema"))


def is_array(spec: dict[str, Any], schema: Any) -> bool:
    schema = resolved(spec, schema)
    return isinstance(schema, dict) and ("array" in schema_values(spec, schema, "type") or "items" in schema)


def wrong_claims(spec: dict[str, Any], path: str, row: Row) -> list[str]:
    """Each claim of `row` about GET `path` that the spec does not bear out, in words; [] when all hold."""
    if row == "not a list":
        return _wrong_not_a_list(spec, path)
    if isinstance(row, str):
        return _wrong_unclassified(spec, path, row)
    style, params, orders, items_key = row
    declared = query_parameters(spec, path)
    names = row_parameters(params)
    wrong = [
        f"{name!r} is not a query parameter of GET {path}" for name in names if not _declares(declared, spec, name)
    ]
    for name in (name for name in NUMBERS if name in names and name in declared):
        types = set(schema_values(spec, declared[name].get("schema"), "type"))
        if not types & {"integer", "number"}:
            wrong.append(f"{name!r} is not a number in the spec (type {sorted(types)})")
    if "order" in declared:
        order = declared["order"]
        allowed = set(schema_values(spec, order.get("schema"), "enum"))
        words = str(order.get("description", ""))  # without an enum, the values the description lists
        wrong += [
            f"order value {value!r} is neither in the enum of 'order' nor named in its description"
            for value in row_orders(orders)
            if value not in allowed and not (not allowed and f"`{value}`" in words)
        ]
    elif row_orders(orders):
        wrong.append(f"order values {orders} without an order parameter")
    if style in STYLE_PARAMETER and STYLE_PARAMETER[style] not in names:
        wrong.append(f"style {style} without its {STYLE_PARAMETER[style]!r} parameter")
    if style == "unpaged" and set(STYLE_PARAMETER.values()) & set(names):
        wrong.append("unpaged, yet it names a page or cursor parameter")
    body = response_properties(spec, path)
    named = {*schema_values(spec, body.get("data_ref"), "default"), *schema_values(spec, body.get("data_ref"), "enum")}
    if not is_array(spec, body.get(items_key)) and items_key not in named:
        wrong.append(f"the 200 body has no array property {items_key!r}, and its data_ref does not name it")
    return wrong


def _wrong_unclassified(spec: dict[str, Any], path: str, row: str) -> list[str]:
    """An unclassified list: the two parameters its reason names are both declared."""
    both = re.fullmatch(r"unclassified: both (\S+) and (\S+)", row)
    if both is None:
        return [f"no check for {row!r}"]
    declared = query_parameters(spec, path)
    return [f"{name!r} is not a query parameter of GET {path}" for name in both.groups() if name not in declared]


def _wrong_not_a_list(spec: dict[str, Any], path: str) -> list[str]:
    """Why GET `path`, read as not a list, looks like one in the spec: a limit parameter, or a data_ref."""
    wrong = [f"GET {path} declares a limit parameter" for name in query_parameters(spec, path) if name == "limit"]
    if "data_ref" in response_properties(spec, path):
        wrong.append(f"the 200 body of GET {path} has a data_ref")
    return wrong
