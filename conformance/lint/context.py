"""What every rule reads about one spec, computed once: the document, the walk, the schema checker."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from conformance.lint.document import SpecDocument
from conformance.lint.model import LintFinding, Severity
from conformance.lint.validation import SchemaChecker
from conformance.lint.walk import Walk, walk


@dataclass(frozen=True)
class RuleClass:
    """A class of contradiction: its name, how bad it is, and one line on what it means."""

    name: str
    severity: Severity
    summary: str


class LintContext:
    """One spec under lint; rules read it and make findings through it."""

    def __init__(self, raw: dict[str, Any], name: str) -> None:
        self.doc = SpecDocument(raw, name)

    @cached_property
    def walk(self) -> Walk:
        return walk(self.doc)

    @cached_property
    def checker(self) -> SchemaChecker:
        return SchemaChecker(self.doc.raw, self.doc.is_31)

    def finding(
        self, rule: RuleClass, pointer: str, expected: str, received: str, instance_path: str = "", subject: str = ""
    ) -> LintFinding:
        operation = self.doc.operation_at(pointer)
        return LintFinding(
            cls=rule.name,
            severity=rule.severity,
            spec=self.doc.name,
            operation=operation.label if operation else None,
            json_path=pointer,
            message=f"Expected: {expected}\nReceived: {received}",
            instance_path=instance_path,
            subject=subject,
            anchor=self.doc.anchor(pointer),
            used_by=() if operation else self.doc.used_by(pointer),
        )
