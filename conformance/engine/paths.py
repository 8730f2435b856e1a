"""Path values for operations under a parent (`/v1/customers/{customerId}/activity`): given with --path-param, or
taken from the first item of the parent's list, fetched once per parent."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from conformance.engine.judge import TRANSPORT_ERRORS
from conformance.engine.target import Target
from conformance.errors import TargetError
from conformance.gate import RateLimited
from conformance.profile import list_profile
from conformance.profile.paths import path_params
from conformance.session import describe

MAX_DEPTH = 4
NOT_FOUND = 404


class NoPathValue(Exception):
    """No value for a path parameter: the operation is not checked, and this says why."""


@dataclass
class PathValues:
    """Resolves and caches path values for one run."""

    spec: dict[str, Any]
    target: Target
    given: Mapping[str, str]
    _items: dict[str, dict[str, Any] | None] = field(default_factory=dict)
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
        """Every `{name}` of `path`, or NoPathValue naming the first one without a value."""
        params, _notes = path_params(self.spec, path)
        values: dict[str, str] = {}
        for param in params:
            if param.name in self.given:
                values[param.name] = self.given[param.name]
                continue
            if param.parent_operation is None or param.field is None or depth >= MAX_DEPTH:
                raise NoPathValue(f"no value for {{{param.name}}}: pass --path-param {param.name}=VALUE")
            item = self._first_item(param.parent_operation, depth)
            value = item.get(param.field) if item else None
            if not isinstance(value, str | int) or value == "":
                where = f"the first item of {param.parent_operation}" if item else f"{param.parent_operation}"
                hint = f"pass --path-param {param.name}=VALUE"
                raise NoPathValue(f"no value for {{{param.name}}}: {where} has no `{param.field}`; {hint}")
            values[param.name] = str(value)
        return values

    def _first_item(self, operation: str, depth: int) -> dict[str, Any] | None:
        if operation not in self._items:
            self._items[operation] = self._fetch(operation, depth)
        return self._items[operation]

    def _fetch(self, operation: str, depth: int) -> dict[str, Any] | None:
        path = operation.partition(" ")[2]
        profile = list_profile(self.spec, "GET", path)
        if profile is None:
            return None
        url_path = _filled(path, self.for_path(path, depth + 1))
        params = {profile.limit.name: "1"} if profile.limit else {}
        response = self._get(url_path, params, operation)
        if response.status_code != 200:
            return None
        try:
            items = json.loads(response.content).get(profile.items_key)
        except (ValueError, AttributeError):
            return None
        return items[0] if isinstance(items, list) and items and isinstance(items[0], dict) else None

    def _get(self, url_path: str, params: dict[str, str], operation: str) -> Any:
        """One GET with credentials; RateLimited and BudgetExhausted propagate, a lost target is a TargetError."""
        try:
            return self.target.session.get(self.target.base_url + url_path, params=params, headers=self.target.headers)
        except RateLimited:
            raise
        except TRANSPORT_ERRORS as exc:
            raise TargetError(f"Lost the target {self.target.label} fetching {operation}: {describe(exc)}.") from None


def _filled(path: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        path = path.replace("{" + name + "}", quote(value, safe=""))
    return path
