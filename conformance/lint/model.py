"""What `conformance lint` finds: one contradiction inside a spec, located by JSON pointer, and a report of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How bad a contradiction is; `--fail-on` picks the lowest that fails the command."""

    WARNING = "warning"
    ERROR = "error"


# Lowest first: `--fail-on warning` fails on both.
SEVERITY_RANK = {Severity.WARNING: 0, Severity.ERROR: 1}


@dataclass(frozen=True)
class LintFinding:
    """One contradiction: its class, where it sits in the spec, what was expected and what the spec says instead."""

    cls: str  # one of conformance.lint.rules.CLASSES
    severity: Severity
    spec: str  # the spec file, as given
    operation: str | None  # "GET /v1/customers"; None when it sits under components
    json_path: str  # JSON pointer into the spec
    message: str  # "Expected: ...\nReceived: ..."
    instance_path: str = ""  # JSON pointer inside the example, from the validator
    subject: str = ""  # what exactly is contradicted (keyword, property name): part of the history key
    anchor: str = ""  # a location that survives path renames: operationId or "GET /path", then a pointer
    used_by: tuple[str, ...] = ()  # operations that reach a component finding through $refs

    @property
    def key(self) -> tuple[str, str, str, str]:
        """Identity across spec versions: unchanged contradictions keep their key."""
        return (self.cls, self.anchor or self.json_path, self.instance_path, self.subject)

    @property
    def operations(self) -> tuple[str, ...]:
        """The operations a reader should look at: its own, else those that use it."""
        return (self.operation,) if self.operation else self.used_by

    def as_json(self) -> dict[str, Any]:
        return {
            "class": self.cls,
            "severity": self.severity.value,
            "spec": self.spec,
            "operation": self.operation,
            "json_path": self.json_path,
            "instance_path": self.instance_path,
            "message": self.message,
            "used_by": list(self.used_by),
        }


@dataclass(frozen=True)
class LintReport:
    """The findings of linting some spec files, in file order."""

    specs: tuple[str, ...]
    findings: tuple[LintFinding, ...] = ()
    operations: dict[str, tuple[str, ...]] = field(default_factory=dict)  # spec -> its operations, in order

    def at_least(self, severity: Severity) -> list[LintFinding]:
        return [f for f in self.findings if SEVERITY_RANK[f.severity] >= SEVERITY_RANK[severity]]

    def of_spec(self, spec: str) -> list[LintFinding]:
        return [f for f in self.findings if f.spec == spec]

    def counts(self, spec: str | None = None) -> dict[str, int]:
        """Findings per class, for one spec or all."""
        counted: dict[str, int] = {}
        for finding in self.findings if spec is None else self.of_spec(spec):
            counted[finding.cls] = counted.get(finding.cls, 0) + 1
        return dict(sorted(counted.items()))
