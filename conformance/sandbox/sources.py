"""Where the sandbox takes a path value from: a field of the items of a list it serves, read from the spec its
own way: the list the path names before the parameter (`/v1/customers` for `{customerId}`), else where the spec
says it only in a pattern (`^lern_[a-f0-9]+$`), a collection name (`/members/{memberId}` and a `.../members`
list) or a nested object (`/vouchers/{code}` and the redemptions' `voucher.code`)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from conformance.openapi import resolve
from conformance.sandbox.dataset import Dataset

KeyPath = tuple[str, ...]


@dataclass(frozen=True)
class Source:
    """The values of `path` (keys into an item, `[]` for an array's members) among `operation`'s items."""

    operation: str
    path: KeyPath
    # Other lists the spec points to for the same value, less likely: a value any of them holds is known too, so
    # that a client that reads the spec another way (the run's profile, the SDK gate) still finds a known value.
    others: tuple[Source, ...] = ()

    def describe(self) -> str:
        return f"`{'.'.join(k for k in self.path if k != '[]')}` of {self.operation}'s items"


def path_parameter(spec: dict[str, Any], path: str, name: str) -> dict[str, Any]:
    """The declared path parameter `name` of GET `path` (description, schema), or an empty dict."""
    item = spec.get("paths", {}).get(path, {})
    raw = [*item.get("parameters", []), *item.get("get", {}).get("parameters", [])]
    for param in (resolve(spec, p) for p in raw):
        if isinstance(param, dict) and param.get("in") == "path" and param.get("name") == name:
            return param
    return {}


class Sources:
    """Path-value sources among the lists served so far, each list's item fields read once."""

    def __init__(self, spec: dict[str, Any], dataset: Dataset) -> None:
        self.spec = spec
        self.dataset = dataset
        self._fields: dict[str, dict[KeyPath, list[Any]]] = {}
        # Served single-object GETs: every object they answer, for values nested in them (a member's cards).
        self.objects: dict[str, Callable[[], list[dict[str, Any]]]] = {}

    def find(self, path: str, name: str, served: Iterable[str]) -> Source | None:
        """The served list that supplies `{name}` of `path`: the list the path names before it, else the clues."""
        served = list(served)
        segments = path.split("/")
        if "{" + name + "}" in segments:
            # `/v1/customers/{customerId}/activity`: the list at `/v1/customers` holds it, as its items' id (or code).
            parent = "GET " + "/".join(segments[: segments.index("{" + name + "}")])
            if parent in served and parent in self.dataset.tables:
                return Source(parent, ("code" if name == "code" else "id",))
        param = path_parameter(self.spec, path, name)
        collection = segments[segments.index("{" + name + "}") - 1] if "{" + name + "}" in segments else ""
        wants_code = name == "code" or bool(re.search(r"\bcode\b", str(param.get("description", "")), re.I))
        key = "code" if wants_code else "id"
        pattern = _pattern(self.spec, param.get("schema", {}))
        snake = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()  # customerId -> customer_id
        candidates: list[tuple[int, str, Source]] = []
        for operation in [*served, *self.objects]:
            other = operation.split(" ", 1)[1]
            fields = self.fields(operation)
            closeness = len(_common(other, path))
            if pattern:
                for keys, found in fields.items():
                    if found and all(isinstance(v, str) and re.search(pattern, v) for v in found):
                        bonus = 10 if keys[-1] == "id" else 0  # an object's own id over a reference
                        candidates.append((closeness + bonus, operation, Source(operation, keys)))
            elif other.rsplit("/", 1)[-1] == collection and (key,) in fields:
                candidates.append((closeness + 10, operation, Source(operation, (key,))))
            elif (nested := (_singular(collection), key)) in fields:
                candidates.append((closeness, operation, Source(operation, nested)))
            elif snake.endswith("_id") and (snake,) in fields:
                candidates.append((closeness, operation, Source(operation, (snake,))))
        if not candidates:
            return None
        # The closest list in the path tree wins; ties go to the first in path order.
        ranked = sorted(candidates, key=lambda c: (-c[0], c[1], c[2].path))
        others = tuple(dict.fromkeys(c[2] for c in ranked[1:] if c[2] != ranked[0][2]))
        return Source(ranked[0][2].operation, ranked[0][2].path, others)

    def values(self, source: Source) -> set[str]:
        """Every value a child accepts for the path parameter: what the parent's items hold there."""
        found = {str(v) for v in self.fields(source.operation).get(source.path, []) if v not in (None, "")}
        return found.union(*(self.values(other) for other in source.others))

    def fields(self, operation: str) -> dict[KeyPath, list[Any]]:
        """Every scalar of a list's items by its key path (at most four keys deep)."""
        if operation not in self._fields:
            found: dict[KeyPath, list[Any]] = {}
            for document in self._documents(operation):
                for keys, value in _leaves(document, ()):
                    found.setdefault(keys, []).append(value)
            self._fields[operation] = found
        return self._fields[operation]

    def _documents(self, operation: str) -> list[Any]:
        if operation in self.objects:
            return self.objects[operation]()
        table = self.dataset.tables[operation].name
        return [json.loads(document) for (document,) in self.dataset.query(f"SELECT document FROM {table}", [])]


def _leaves(node: Any, keys: KeyPath) -> Iterator[tuple[KeyPath, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*keys, key))
    elif isinstance(node, list):
        for value in node:
            yield from _leaves(value, (*keys, "[]"))
    elif len(keys) <= 4:
        yield keys, node


def _pattern(spec: dict[str, Any], schema: Any) -> str | None:
    node = resolve(spec, schema)
    return str(node["pattern"]) if isinstance(node, dict) and "pattern" in node else None


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") else word


def _common(a: str, b: str) -> list[str]:
    return [x for x, y in zip(a.split("/"), b.split("/"), strict=False) if x == y]
