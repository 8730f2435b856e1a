"""Check 2a: every HTTP request the SDK sends, against the spec's parameters: names, style and formats."""

from __future__ import annotations

import re
from typing import Any

from conformance.query_values import SPEC_DATES, mismatch
from conformance.result import Kind
from conformance.sdk.exchanges import Exchange
from conformance.sdk.findings import REQUEST, FindingLog, shown
from conformance.sdk.operations import Param, SdkOperation, match_path

_DEEP = re.compile(r"^(?P<name>[^\[\]]+)(?P<keys>(\[[^\[\]]*\])+)$")


def _param_for(op: SdkOperation, name: str) -> Param | None:
    """The declared parameter a query name belongs to: literally (`created_at[before]`) or as deepObject."""
    for param in op.parameters:
        if param.location == "query" and param.name == name:
            return param
    deep = _DEEP.match(name)
    for param in op.parameters:
        if deep and param.location == "query" and param.style == "deepObject" and param.name == deep["name"]:
            return param
    return None


def _format_problem(spec: dict[str, Any], param: Param, value: str) -> str | None:
    """Why `value` does not fit the parameter's schema (`not ...`), or None when it does.

    The validator the sandbox uses too, with dates judged by the spec's formats (RFC 3339), not as the API takes
    them: the SDK's `+0000` is a finding here and an answered filter there."""
    if param.style == "deepObject" and param.kind == "object":
        return None  # values inside a deepObject are checked by their own schema, which we do not walk here
    # An array sent without explode is one comma-separated value; each element is one item.
    values = value.split(",") if param.kind == "array" and not param.explode else [value]
    problem = next((p for v in values if (p := mismatch(spec, param.schema, v, SPEC_DATES)) is not None), None)
    if problem is None:
        return None
    return "not " + problem.removeprefix("must be ") if problem.startswith("must be ") else problem


def check_request(
    log: FindingLog, spec: dict[str, Any], op: SdkOperation, sent: Exchange, kwargs: dict[str, Any], call: str
) -> None:
    """Findings for one request the SDK sent while we called `call` with `kwargs`."""
    where = f"\nSDK call: {call}\nSent: {sent.method} {sent.target}"
    if sent.method != op.method or match_path(spec, sent.method, sent.path) != op.path:
        log.add(
            Kind.DEFECT,
            REQUEST,
            op.operation,
            f"{op.sdk_method} sends {sent.method} {sent.path}",
            f"{op.operation}",
            f"{sent.method} {sent.path}{where}",
        )
        return
    names = [name for name, _ in sent.query]
    declared = ", ".join(p.name for p in op.parameters if p.location == "query")
    for name, value in sent.query:
        param = _param_for(op, name)
        if param is None:
            log.add(
                Kind.DEFECT,
                REQUEST,
                op.operation,
                f"{op.sdk_method} sends undeclared query parameter {name}",
                f"only the spec's query parameters: {declared}",
                f"{name}={shown(value)}{where}",
            )
            continue
        if param.style != "deepObject" and param.kind != "array" and names.count(name) > 1:
            log.add(
                Kind.DEFECT,
                REQUEST,
                op.operation,
                f"{op.sdk_method} repeats {name}",
                f"{name} once (style {param.style}, type {param.kind})",
                f"{names.count(name)} times{where}",
            )
        problem = _format_problem(spec, param, value)
        if problem:
            fmt = f"format: {param.format}" if param.format else f"type: {param.kind}"
            log.add(
                Kind.DEFECT,
                REQUEST,
                op.operation,
                f"{op.sdk_method} sends {name} {problem.split(' (')[0]}",
                f"{name} as the spec declares it ({fmt})",
                f"{name}={shown(value)}: {problem}{where}",
            )
    for argument in kwargs:
        param = next((p for p in op.parameters if p.argument == argument and p.location == "query"), None)
        if param is None:
            continue
        carried = param.name in names or (
            param.style == "deepObject" and any(n.startswith(f"{param.name}[") for n in names)
        )
        if not carried:
            log.add(
                Kind.DEFECT,
                REQUEST,
                op.operation,
                f"{op.sdk_method}({argument}=...) does not send {param.name}",
                f"query parameter {param.name} (style {param.style}{', explode' if param.explode else ''})",
                f"no {param.name} in the query{where}",
            )
