"""Deterministic JSON values from a schema: required fields, enums, formats, patterns and nullables."""

from __future__ import annotations

import random
import string
from typing import Any

from conformance.openapi import properties, resolve
from conformance.sandbox.patterns import sample
from conformance.timestamps import format_micros

START = 1_641_196_800_000_000  # 2022-01-03T08:00:00Z, the same epoch as the customer seed
MAX_DEPTH = 9
_WORDS = ("alpha", "Bravo", "charlie", "Delta", "echo", "Foxtrot", "golf", "Hotel", "india", "Juliett", "kilo")


class Instances:
    """Values for one spec, drawn from one seeded random source."""

    def __init__(self, spec: dict[str, Any], rng: random.Random, filled: bool = False) -> None:
        self.spec = spec
        self.rng = rng
        # A single object that lists may read path values from (a member's `cards`): every field near the top,
        # and arrays with at least one member, so that the children it supplies are served.
        self.filled = filled

    def value(self, schema: Any, name: str = "", depth: int = 0) -> Any:
        node = resolve(self.spec, schema)
        if not isinstance(node, dict):
            return None
        if "const" in node:
            return node["const"]
        if isinstance(node.get("enum"), list):
            choices = [v for v in node["enum"] if v is not None]
            return self.rng.choice(choices) if choices else None
        alternatives = node.get("oneOf") or node.get("anyOf")
        if alternatives:
            options = [a for a in alternatives if resolve(self.spec, a).get("type") != "null"] or alternatives
            chosen = self.rng.choice(options)
            if properties(self.spec, node):
                # Alternatives beside properties constrain the same object (a discriminator): merge them.
                return self.object(self._merged(node, resolve(self.spec, chosen)), depth)
            return self.value(chosen, name, depth + 1)
        if "allOf" in node and not properties(self.spec, node):
            return self.value(node["allOf"][0], name, depth + 1)
        kind = self._type(node)
        if kind == "object":
            return self.object(node, depth)
        if kind == "array":
            return self._array(node, name, depth)
        if kind == "string":
            return self.string(node, name)
        if kind == "integer":
            low, high = int(node.get("minimum", 0)), int(node.get("maximum", max(int(node.get("minimum", 0)), 5000)))
            return self.rng.randint(low, high)
        if kind == "number":
            return round(self.rng.uniform(float(node.get("minimum", 0)), float(node.get("maximum", 1000))), 2)
        if kind == "boolean":
            return self.rng.random() < 0.5
        return None

    def object(self, node: dict[str, Any], depth: int) -> dict[str, Any]:
        props = properties(self.spec, node)
        required = set(self._required(node))
        result: dict[str, Any] = {}
        for name, schema in props.items():
            if not isinstance(resolve(self.spec, schema), dict | bool):
                # No schema (a property named `allOf` holding a list, spec-history 2023-11-13): no value can be
                # judged against it, so none is sent.
                continue
            if name not in required and (depth >= 3 or (self.rng.random() < 0.3 and not (self.filled and depth < 2))):
                continue
            result[name] = self._maybe_null(schema, name, depth, name in required)
        for name in sorted(required - set(props)):
            # Required but never defined (a spec slip): any value satisfies the schema.
            result[name] = self.string({}, name)
        for part in node.get("allOf", []):
            self._conditional(resolve(self.spec, part), result, depth)
        return result

    def _conditional(self, part: Any, result: dict[str, Any], depth: int) -> None:
        """Apply an `if`/`then` whose `if` holds by const values (`type: LIMITED` -> `limited` required)."""
        if not isinstance(part, dict) or "if" not in part:
            return
        conditions = properties(self.spec, part["if"])
        if any(result.get(name) != schema.get("const") for name, schema in conditions.items()):
            return
        then = resolve(self.spec, part.get("then", {}))
        for name, schema in properties(self.spec, then).items():
            if name in result or name in then.get("required", []):
                result[name] = None if schema.get("type") == "null" else self.value(schema, name, depth + 1)
        for name in then.get("not", {}).get("required", []):
            result.pop(name, None)

    def _merged(self, node: dict[str, Any], chosen: Any) -> dict[str, Any]:
        base = {key: value for key, value in node.items() if key not in ("oneOf", "anyOf")}
        if not isinstance(chosen, dict):
            return base
        props = {**properties(self.spec, base), **properties(self.spec, chosen)}
        return {"type": "object", "properties": props, "required": self._required(base) + self._required(chosen)}

    def string(self, node: dict[str, Any], name: str) -> str:
        fmt = node.get("format")
        if fmt == "date-time":
            return format_micros(START + self.rng.randint(0, 400 * 86_400) * 1_000_000)
        if fmt == "date":
            return format_micros(START + self.rng.randint(0, 400) * 86_400_000_000)[:10]
        if fmt == "time":
            return f"{self.rng.randint(0, 23):02d}:{self.rng.choice((0, 15, 30, 45)):02d}"
        if "pattern" in node and (matched := sample(str(node["pattern"]), self.rng)) is not None:
            return matched
        if "email" in name:
            return f"{self.rng.choice(_WORDS).lower()}.{self.rng.randint(1, 999)}@example.com"
        if fmt in ("uri", "url") or name.endswith("url"):
            return f"https://example.com/{self.rng.choice(_WORDS).lower()}"
        low = int(node.get("minLength", 0))
        high = int(node.get("maxLength", max(low, 40)))
        text = f"{self.rng.choice(_WORDS)} {''.join(self.rng.choices(string.ascii_letters + string.digits, k=6))}"
        text = text if len(text) >= low else text + "x" * (low - len(text))
        return text[:high]

    def _array(self, node: dict[str, Any], name: str, depth: int) -> list[Any]:
        low = int(node.get("minItems", 0))
        high = int(node.get("maxItems", max(low, 2)))
        low = max(low, min(high, 1)) if self.filled else low
        count = low if depth >= 3 else self.rng.randint(low, max(low, min(high, 2)))
        values = [self.value(node.get("items", {}), name, depth + 1) for _ in range(count)]
        return _unique(values) if node.get("uniqueItems") else values

    def _maybe_null(self, schema: Any, name: str, depth: int, required: bool) -> Any:
        if self._nullable(schema) and self.rng.random() < (0.1 if required else 0.2):
            return None
        return self.value(schema, name, depth + 1)

    def _nullable(self, schema: Any) -> bool:
        node = resolve(self.spec, schema)
        if not isinstance(node, dict):
            return False
        alternatives = node.get("oneOf") or node.get("anyOf") or []
        return bool(
            node.get("nullable") is True
            or (isinstance(node.get("type"), list) and "null" in node["type"])
            or any(resolve(self.spec, a).get("type") == "null" for a in alternatives)
        )

    def _required(self, node: dict[str, Any]) -> list[str]:
        found = list(node.get("required", []))
        for part in node.get("allOf", []):
            part_node = resolve(self.spec, part)
            found += self._required(part_node) if isinstance(part_node, dict) else []
        return found

    @staticmethod
    def _type(node: dict[str, Any]) -> str | None:
        declared = node.get("type")
        kinds = [k for k in declared if k != "null"] if isinstance(declared, list) else [declared]
        if kinds and kinds[0]:
            return str(kinds[0])
        if "properties" in node or "allOf" in node:
            return "object"
        return "array" if "items" in node else None


def _unique(values: list[Any]) -> list[Any]:
    seen: set[str] = set()
    unique = []
    for value in values:
        if repr(value) not in seen:
            seen.add(repr(value))
            unique.append(value)
    return unique
