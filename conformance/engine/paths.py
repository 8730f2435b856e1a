"""Path values for operations under a parent (`/v1/customers/{customerId}/activity`): given with --path-param, or
read from the first item of a list (or the object) of a GET that the spec says holds them, fetched once each."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from conformance.documents import value_at
from conformance.engine.judge import TRANSPORT_ERRORS
from conformance.engine.target import Target
from conformance.errors import TargetError
from conformance.gate import RateLimited
from conformance.profile import list_profile
from conformance.profile.paths import EACH, ValueSource, path_params, value_sources
from conformance.session import describe

TEMPLATE = re.compile(r"\{([^}/]+)\}")
MAX_DEPTH = 4
# Values tried for one operation whose values the spec only hints at (a pattern, a collection, a field name): each
# costs a GET of the operation, to learn whether the target knows it.
MAX_TRIES = 3
NOT_FOUND = 404


class NoPathValue(Exception):
    """No value for a path parameter: the operation is not checked, and this says why."""


@dataclass
class PathValues:
    """Resolves and caches path values for one run."""

    spec: dict[str, Any]
    target: Target
    given: Mapping[str, str]
    _documents: dict[tuple[str, bool], list[dict[str, Any]]] = field(default_factory=dict)
    _sources: dict[tuple[str, str], tuple[ValueSource, ...]] = field(default_factory=dict)
    _statuses: dict[str, int] = field(default_factory=dict)

    def missing(self, method: str, path: str, values: dict[str, str]) -> str | None:
        """Why the values given with --path-param name nothing on the target: a GET of the operation with them
        answers 404 (values taken from a parent's list exist: they are not asked again). None when found."""
        given = {name: value for name, value in values.items() if self.given.get(name) == value}
        if method != "GET" or not given:
            return None
        url_path = _filled(path, values)
        if url_path not in self._statuses:
            profile = list_profile(self.spec, "GET", path)
            params = {profile.limit.name: "1"} if profile and profile.limit else {}
            self._statuses[url_path] = self._get(url_path, params, f"GET {path}").status_code
        if self._statuses[url_path] != NOT_FOUND:
            return None
        named = " ".join(f"{name}={value}" for name, value in given.items())
        return f"GET {url_path} answers HTTP 404: --path-param {named} names nothing there; pass one that exists"

    def for_path(self, path: str, depth: int = 0) -> dict[str, str]:
        """Every `{name}` of `path`, or NoPathValue naming the first one without a value. A value that only a
        hint supplies is kept once a GET of `path` with it does not answer 404."""
        params, _notes = path_params(self.spec, path)
        choices: dict[str, list[tuple[str, ValueSource | None]]] = {}
        for param in params:
            if param.name in self.given:
                choices[param.name] = [(self.given[param.name], None)]
            elif depth >= MAX_DEPTH:
                raise NoPathValue(f"no value for {{{param.name}}}: pass --path-param {param.name}=VALUE")
            else:
                choices[param.name] = self._values(path, param.name, param.parent_operation, depth)
        hinted = any((source := choices[p.name][0][1]) and source.operation != p.parent_operation for p in params)
        if not hinted or depth > 0 or "get" not in self.spec["paths"].get(path, {}):
            # A parent's own values, or values for a GET a run fetches only to read (its 404 means try the next).
            return {name: found[0][0] for name, found in choices.items()}
        return self._confirmed(path, choices)

    def _values(self, path: str, name: str, direct: str | None, depth: int) -> list[tuple[str, ValueSource | None]]:
        """The values the sources of `{name}` hold, most likely first; NoPathValue when none does."""
        key = (path, name)
        if key not in self._sources:
            self._sources[key] = value_sources(self.spec, path, name)
        found: list[tuple[str, ValueSource | None]] = []
        for source in self._sources[key]:
            # The parent's list is fetched with limit=1 (its items all have an id); a hinted one a page deep, as
            # its first item may not hold the field (a redemption without a voucher).
            documents = self._documents_of(source, depth, one=source.operation == direct)
            value = next((v for v in (_at(d, source.keys) for d in documents) if v is not None), None)
            if value is not None and value not in [v for v, _s in found]:
                found.append((value, source))
            if len(found) == MAX_TRIES or (found and found[0][1] and found[0][1].operation == direct):
                break  # the parent's list is the parameter's own: no other is tried
        if found:
            return found
        hint = f"pass --path-param {name}=VALUE"
        if not self._sources[key]:
            raise NoPathValue(f"no value for {{{name}}}: no GET of this spec holds it; {hint}")
        first = self._sources[key][0]
        raise NoPathValue(f"no value for {{{name}}}: {first.describe()} has none; {hint}")

    def _confirmed(self, path: str, choices: dict[str, list[tuple[str, ValueSource | None]]]) -> dict[str, str]:
        """The first combination of values a GET of `path` does not answer 404 for; else NoPathValue with why."""
        names = list(choices)
        tried: list[str] = []
        for combination in itertools.islice(itertools.product(*choices.values()), MAX_TRIES):
            values = {name: value for name, (value, _source) in zip(names, combination, strict=True)}
            url_path = _filled(path, values)
            if self._get(url_path, self._limit(path), f"GET {path}").status_code != NOT_FOUND:
                return values
            taken = [f"{{{n}}}={v} from {s.describe()}" for n, (v, s) in zip(names, combination, strict=True) if s]
            tried.append(", ".join(taken))
        raise NoPathValue(
            f"GET {path} answers HTTP 404 for every value the spec points to ({'; '.join(tried)}): "
            f"the target does not know them; pass --path-param NAME=VALUE"
        )

    def _documents_of(self, source: ValueSource, depth: int, one: bool) -> list[dict[str, Any]]:
        key = (source.operation, one)
        if key not in self._documents:
            try:
                self._documents[key] = self._fetch(source, depth, one)
            except NoPathValue:
                self._documents[key] = []
        return self._documents[key]

    def _fetch(self, source: ValueSource, depth: int, one: bool) -> list[dict[str, Any]]:
        """The items of the source's list (the first only when `one`), or its object; none unless 200 JSON."""
        path = source.operation.partition(" ")[2]
        url_path = _filled(path, self.for_path(path, depth + 1))
        response = self._get(url_path, self._limit(path) if one else {}, source.operation)
        if response.status_code != 200:
            return []
        try:
            body = json.loads(response.content)
        except ValueError:
            return []
        if not source.listed:
            return [body] if isinstance(body, dict) else []
        profile = list_profile(self.spec, "GET", path)
        items = body.get(profile.items_key) if profile and isinstance(body, dict) else None
        return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []

    def _limit(self, path: str) -> dict[str, str]:
        profile = list_profile(self.spec, "GET", path)
        return {profile.limit.name: "1"} if profile and profile.limit else {}

    def _get(self, url_path: str, params: dict[str, str], operation: str) -> Any:
        """One GET with credentials; RateLimited and BudgetExhausted propagate, a lost target is a TargetError."""
        try:
            return self.target.session.get(self.target.base_url + url_path, params=params, headers=self.target.headers)
        except RateLimited:
            raise
        except TRANSPORT_ERRORS as exc:
            raise TargetError(f"Lost the target {self.target.label} fetching {operation}: {describe(exc)}.") from None


def _at(document: Any, keys: tuple[str, ...]) -> str | None:
    """The value at a key path (an array's first member for `[]`), as a path value; None when there is none."""
    node = document
    for index, run in enumerate(".".join(keys).split(f".{EACH}")):
        if index:
            node = node[0] if isinstance(node, list) and node else None
        steps = [key for key in run.split(".") if key]
        node = value_at(node, steps) if steps else node
    return str(node) if isinstance(node, str | int) and not isinstance(node, bool) and node != "" else None


def _filled(path: str, values: Mapping[str, str]) -> str:
    for name, value in values.items():
        path = path.replace("{" + name + "}", quote(value, safe=""))
    return path


def path_names(paths: Iterable[str]) -> set[str]:
    """The path parameters that paths (or operation labels) name: `/v1/customers/{customerId}` names customerId."""
    return {name for path in paths for name in TEMPLATE.findall(str(path))}
