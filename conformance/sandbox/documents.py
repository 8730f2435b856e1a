"""The answer of a GET that returns one object: the served list's item when it fits the operation's 200 schema,
else an object generated from that schema, the same for the same seed and path values."""

from __future__ import annotations

import random
from typing import Any

from conformance.openapi import json_response_schema, properties, resolve
from conformance.sandbox.dataset import ATTEMPTS, GenerationError
from conformance.sandbox.instances import Instances
from conformance.sandbox.validation import SpecValidator


class Documents:
    """Single objects of one GET operation, checked against its 200 schema."""

    def __init__(self, spec: dict[str, Any], operation: str, checks: SpecValidator, seed: int) -> None:
        path = operation.split(" ", 1)[1]
        self.spec = spec
        self.operation = operation
        self.seed = seed
        self.schema = json_response_schema(spec, spec["paths"][path]["get"])
        if self.schema is None and not _content(spec, spec["paths"][path]["get"]):
            # A 200 that documents no body at all (the oldest customers lists): the spec promises nothing of it,
            # so any JSON answers it; an empty object says no more than the spec does.
            self.schema = {"type": "object"}
        if self.schema is None:
            raise GenerationError("its 200 response is not JSON")
        self.check = checks.validator(self.schema)
        self.fields = set(properties(spec, self.schema))
        self.fallback = self._generate({})  # fails now, while building, rather than on a request

    def answer(self, found: dict[str, Any] | None, values: dict[str, str], key: str | None) -> dict[str, Any]:
        """`found` (the list's item for the path value) when it is valid here, else a generated object whose
        `key` (`id`, `code`) holds the last path value where its schema allows it."""
        document = self.generated(values)
        # The list's item, completed with what this operation's schema adds (a member's cards).
        merged = {**document, **(found or {})}
        if found is not None and self.check.is_valid(merged):
            return merged
        if found is not None and self.check.is_valid(found):
            return found
        if key and values and isinstance(document.get(key), str):
            renamed = {**document, key: list(values.values())[-1]}
            return renamed if self.check.is_valid(renamed) else document
        return document

    def generated(self, values: dict[str, str]) -> dict[str, Any]:
        try:
            return self._generate(values)
        except GenerationError:
            return self.fallback

    def _generate(self, values: dict[str, str]) -> dict[str, Any]:
        # Keyed by the last value only: `/members/{memberId}` is the same member under every program.
        last = list(values.values())[-1:]
        rng = random.Random(f"{self.seed}|{self.operation}|{last}")
        # Filled first (children read path values from it); a schema that refuses that gets a sparser object.
        for filled in (True, False):
            instances = Instances(self.spec, rng, filled=filled)
            for _ in range(ATTEMPTS * 3 // 2):
                candidate = instances.value(self.schema)
                if isinstance(candidate, dict) and self.check.is_valid(candidate):
                    return candidate
        raise GenerationError("no generated object validates against its 200 schema")


def _content(spec: dict[str, Any], operation: dict[str, Any]) -> Any:
    """The 200 response's `content`, if it documents any."""
    response = resolve(spec, operation.get("responses", {}).get("200", {}))
    return response.get("content") if isinstance(response, dict) else None
