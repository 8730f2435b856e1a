"""The lint rules: each module holds one class of contradiction and a `check(ctx)` that yields its findings."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from conformance.lint.context import LintContext, RuleClass
from conformance.lint.model import LintFinding
from conformance.lint.rules import (
    data_ref,
    examples,
    listing_docs,
    param_default,
    path_params,
    property_schema,
    required,
)

Check = Callable[[LintContext], Iterator[LintFinding]]

CHECKS: tuple[Check, ...] = (
    examples.check,
    required.check,
    path_params.check,
    data_ref.check,
    param_default.check,
    listing_docs.check,
    property_schema.check,
)
# Every class, in the order reports list them; the one place their severities are set.
RULE_CLASSES: tuple[RuleClass, ...] = (
    examples.EXAMPLE_INVALID,
    required.REQUIRED_UNDEFINED,
    path_params.PATH_PARAMS,
    data_ref.DATA_REF,
    param_default.PARAM_DEFAULT,
    examples.ONEOF_AMBIGUOUS,
    property_schema.PROPERTY_SCHEMA,
    listing_docs.LISTING_DOCS,
)
CLASSES: tuple[str, ...] = tuple(rule.name for rule in RULE_CLASSES)

__all__ = ["CHECKS", "CLASSES", "RULE_CLASSES", "Check"]
