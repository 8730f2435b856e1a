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
from conformance.profile import list_profile
from conformance.profile.paths import path_params
from conformance.session import describe

MAX_DEPTH = 4


class NoPathValue(Exception):
    """No value for a path parameter: the operation is not checked, and this says why."""


@dataclass
class PathValues:
    """Resolves and caches path values for one run."""

    spec: dict[str, Any]
    target: Target
    given: Mapping[str, str]
    _items: dict[str, dict[str, Any] | None] = field(default_factory=dict)

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
        url_path = path
        for name, value in self.for_path(path, depth + 1).items():
            url_path = url_path.replace("{" + name + "}", quote(value, safe=""))
        params = {profile.limit.name: "1"} if profile.limit else {}
        try:
            response = self.target.session.get(
                self.target.base_url + url_path, params=params, headers=self.target.headers
            )
        except TRANSPORT_ERRORS as exc:
            raise TargetError(f"Lost the target {self.target.label} fetching {operation}: {describe(exc)}.") from None
        if response.status_code != 200:
            return None
        try:
            items = json.loads(response.content).get(profile.items_key)
        except (ValueError, AttributeError):
            return None
        return items[0] if isinstance(items, list) and items and isinstance(items[0], dict) else None
