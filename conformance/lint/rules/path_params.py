"""A path template whose `{names}` differ from the path parameters the operation declares."""

from __future__ import annotations

import re
from collections.abc import Iterator

from conformance.lint.context import LintContext, RuleClass
from conformance.lint.document import join
from conformance.lint.model import LintFinding, Severity

PATH_PARAMS = RuleClass(
    "path_params", Severity.ERROR, "Path template names that differ from the declared path parameters."
)
TEMPLATE = re.compile(r"{([^{}]+)}")


def check(ctx: LintContext) -> Iterator[LintFinding]:
    for operation in ctx.doc.operations:
        item = ctx.doc.raw["paths"][operation.path]
        declared: dict[str, str] = {}  # name -> pointer; the operation's own override the path item's
        for owner, pointer in ((item, join("", "paths", operation.path)), (operation.node, operation.pointer)):
            for index, parameter in enumerate(owner.get("parameters") or []):
                parameter = ctx.doc.resolve(parameter)
                if isinstance(parameter, dict) and parameter.get("in") == "path":
                    declared[str(parameter.get("name"))] = join(pointer, "parameters", index)
        template = TEMPLATE.findall(operation.path)
        undeclared = [name for name in template if name not in declared]
        unused = [name for name in declared if name not in template]
        if undeclared or unused:
            at = join(operation.pointer, "parameters") if "parameters" in operation.node else operation.pointer
            yield ctx.finding(
                PATH_PARAMS,
                at,
                f"path parameters {_names(template)}, as the template {operation.path} names them",
                f"declared path parameters {_names(list(declared))}"
                + (f"; not declared: {_names(undeclared)}" if undeclared else "")
                + (f"; not in the template: {_names(unused)}" if unused else ""),
                subject=",".join(sorted(undeclared)) + "|" + ",".join(sorted(unused)),
            )


def _names(names: list[str]) -> str:
    return ", ".join(f"'{name}'" for name in names) if names else "none"
