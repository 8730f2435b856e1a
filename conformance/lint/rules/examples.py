"""Examples and defaults that their own schema rejects, and examples that several oneOf branches accept."""

from __future__ import annotations

from collections.abc import Iterator

from conformance.lint.context import LintContext, RuleClass
from conformance.lint.model import LintFinding, Severity

EXAMPLE_INVALID = RuleClass(
    "example_invalid", Severity.ERROR, "An example or default that its own schema rejects (not a parameter default)."
)
ONEOF_AMBIGUOUS = RuleClass(
    "oneof_ambiguous",
    Severity.ERROR,
    "An example that more than one branch of a oneOf accepts: the union is ambiguous.",
)


def check(ctx: LintContext) -> Iterator[LintFinding]:
    for site in ctx.walk.examples:
        if site.kind == "default" and site.parameter:
            continue  # conformance.lint.rules.param_default owns these
        for problem in ctx.checker.problems(site.schema, site.instance):
            rule = ONEOF_AMBIGUOUS if problem.ambiguous else EXAMPLE_INVALID
            yield ctx.finding(
                rule, site.pointer, problem.expected, problem.received, problem.instance_path, problem.keyword
            )
