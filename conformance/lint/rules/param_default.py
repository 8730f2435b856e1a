"""A parameter whose default is outside its own enum, range or type."""

from __future__ import annotations

from collections.abc import Iterator

from conformance.lint.context import LintContext, RuleClass
from conformance.lint.model import LintFinding, Severity

PARAM_DEFAULT = RuleClass(
    "param_default", Severity.ERROR, "A parameter's default that its own schema (enum, range, type) rejects."
)


def check(ctx: LintContext) -> Iterator[LintFinding]:
    for site in ctx.walk.examples:
        if site.kind == "default" and site.parameter:
            for problem in ctx.checker.problems(site.schema, site.instance):
                received = f"default {problem.received}"
                yield ctx.finding(PARAM_DEFAULT, site.pointer, problem.expected, received, subject=problem.keyword)
