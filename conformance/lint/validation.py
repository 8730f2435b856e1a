"""Validating a spec's own values against its own schemas, the OpenAPI way.

The document is used as it is, never copied or inlined: a validator is built on the whole document once, so a
`$ref` resolves against it lazily and cycles cost nothing. OpenAPI's `nullable` is honoured by a wrapper
around every keyword (null passes a schema marked `nullable: true`, or `"true"` as some old specs write it),
which keeps every JSON pointer valid. OpenAPI 3.0 is JSON Schema draft 4 (boolean exclusiveMinimum, $ref
siblings ignored); 3.1 is draft 2020-12, where `nullable` is honoured too because the authors meant it.
Formats are not checked: OpenAPI's formats are annotations, and their checkers are optional dependencies.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import referencing.exceptions
from jsonschema import Draft4Validator, Draft202012Validator
from jsonschema.exceptions import UnknownType, ValidationError, best_match
from jsonschema.protocols import Validator
from jsonschema.validators import extend

from conformance.lint.document import escape
from conformance.openapi import registry

NULLABLE = (True, "true")
SHORT = 120
MAX_NAMED = 6

# jsonschema calls keyword functions with its concrete validator class, whose `descend` the protocol lacks.
Keyword = Callable[[Any, Any, Any, dict[str, Any]], Iterator[ValidationError] | None]


class AmbiguousOneOf(ValidationError):
    """An instance that more than one branch of a `oneOf` accepts."""

    def __init__(self, instance: Any, matched: list[str], branches: int) -> None:
        super().__init__(f"valid under {len(matched)} of {branches} oneOf branches", instance=instance)
        self.matched = matched
        self.branches = branches


def _one_of(validator: Any, branches: list[Any], instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    """JSON Schema's oneOf, naming every branch that matched so an ambiguous union can be reported.

    With an OpenAPI discriminator whose value picks one branch, only that branch applies, as OpenAPI says.
    """
    chosen = _discriminated(branches, instance, schema.get("discriminator"))
    if chosen is not None:
        yield from validator.descend(instance, branches[chosen], schema_path=chosen)
        return
    matched: list[str] = []
    errors: list[ValidationError] = []
    for index, branch in enumerate(branches):
        branch_errors = list(validator.descend(instance, branch, schema_path=index))
        if branch_errors:
            errors.extend(branch_errors)
        else:
            matched.append(_label(branch, index))
    if not matched:
        yield ValidationError(f"{_short(instance)} is not valid under any of the given schemas", context=errors)
    elif len(matched) > 1:
        yield AmbiguousOneOf(instance, matched, len(branches))


def _discriminated(branches: list[Any], instance: Any, discriminator: Any) -> int | None:
    """The one branch an OpenAPI discriminator picks for this instance, if it picks exactly one."""
    if not isinstance(discriminator, dict) or not isinstance(instance, dict):
        return None
    value = instance.get(str(discriminator.get("propertyName")))
    if not isinstance(value, str):
        return None
    target = (discriminator.get("mapping") or {}).get(value)
    refs = [branch.get("$ref") if isinstance(branch, dict) else None for branch in branches]
    picked = [
        index
        for index, ref in enumerate(refs)
        if isinstance(ref, str) and (ref == target or (target is None and ref.rsplit("/", 1)[-1] == value))
    ]
    return picked[0] if len(picked) == 1 else None


def _label(branch: Any, index: int) -> str:
    if isinstance(branch, dict) and isinstance(branch.get("$ref"), str):
        return f"#{index} {branch['$ref'].rsplit('/', 1)[-1]}"
    if isinstance(branch, dict) and isinstance(branch.get("title"), str):
        return f"#{index} {branch['title']}"
    return f"#{index}"


def _nullable(keyword: Keyword) -> Keyword:
    def check(validator: Any, value: Any, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
        if instance is None and isinstance(schema, dict) and schema.get("nullable") in NULLABLE:
            return
        yield from keyword(validator, value, instance, schema) or ()

    return check


def _openapi(base: Any) -> Any:
    keywords = {**base.VALIDATORS, "oneOf": _one_of}
    wrapped = {name: _nullable(check) for name, check in keywords.items()}
    return extend(base, validators=wrapped)  # type: ignore[no-untyped-call]  # types-jsonschema leaves it untyped


OAS30Validator = _openapi(Draft4Validator)
OAS31Validator = _openapi(Draft202012Validator)


@dataclass(frozen=True)
class Problem:
    """One way a value fails its schema, in words: where inside the value, which keyword, expected, received."""

    instance_path: str
    keyword: str
    expected: str
    received: str
    ambiguous: bool = False

    @property
    def message(self) -> str:
        return f"Expected: {self.expected}\nReceived: {self.received}"


class SchemaChecker:
    """Validates values against schemas of one document; one validator per schema object, cached by identity."""

    def __init__(self, raw: dict[str, Any], openapi_31: bool) -> None:
        # The foundation's registry over the document: a `$ref` resolves against it lazily, never fetched.
        self._root = (OAS31Validator if openapi_31 else OAS30Validator)(raw, registry=registry(raw))
        self._cache: dict[int, tuple[Any, Validator]] = {}

    def problems(self, schema: Any, instance: Any) -> list[Problem]:
        cached = self._cache.get(id(schema))
        if cached is None or cached[0] is not schema:
            cached = (schema, self._root.evolve(schema=schema))
            self._cache[id(schema)] = cached
        try:
            return [describe(error) for error in cached[1].iter_errors(instance)]
        except (UnknownType, re.error, referencing.exceptions.Unresolvable) as exc:
            return [Problem("", "schema", "a schema a validator can apply", f"{type(exc).__name__}: {_line(exc)}")]


def describe(error: ValidationError) -> Problem:
    """Expected and received, in a few words."""
    path = "".join("/" + escape(str(part)) for part in error.absolute_path)
    keyword, value, instance = str(error.validator), error.validator_value, error.instance
    if isinstance(error, AmbiguousOneOf):
        which = "all" if len(error.matched) == error.branches else f"{len(error.matched)} of {error.branches}"
        expected = f"exactly one of the {error.branches} oneOf branches to match"
        matched = ", ".join(error.matched[:MAX_NAMED]) + (
            f" and {len(error.matched) - MAX_NAMED} more" if len(error.matched) > MAX_NAMED else ""
        )
        return Problem(path, "oneOf", expected, f"{which} branches match: {matched}", ambiguous=True)
    if keyword == "type":
        nullable = "; the schema is not nullable" if instance is None else ""
        received = "null" if instance is None else f"{_type(instance)} {_short(instance)}"
        return Problem(path, keyword, f"type {_short(value)}{nullable}", received)
    if keyword == "enum":
        return Problem(path, keyword, f"one of {_short(value)}", _short(instance))
    if keyword == "required":
        name = error.message.split(" is a required property")[0]
        return Problem(path, f"required {name}", f"required property {name}", f"an object without {name}")
    if keyword in ("oneOf", "anyOf") and error.context:
        closest = best_match(error.context)
        where = "".join("/" + escape(str(part)) for part in closest.relative_path)
        received = f"no branch matches; closest: {_line(closest.message)}" + (f" at {where}" if where else "")
        count = len(value) if isinstance(value, list) else 0
        return Problem(path, keyword, f"a match for one of the {count} {keyword} branches", received)
    if keyword == "additionalProperties":
        return Problem(path, keyword, "no properties beyond those listed", _line(error.message))
    return Problem(path, keyword, f"{keyword} {_short(value)}", _short(instance))


def _type(instance: Any) -> str:
    names = {type(None): "null", bool: "boolean", int: "integer", float: "number", str: "string", list: "array"}
    return names.get(type(instance), "object")


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def _line(value: Any) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 2 * SHORT else text[: 2 * SHORT - 1] + "…"
