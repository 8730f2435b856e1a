"""The SDK's own map of its methods to operations, as its worker reads it from the installed source.

OpenAPI Generator writes the HTTP method and path of every operation into the method's `_<name>_serialize`, the
query and path names next to the arguments that carry them, and the response model into `_response_types_map`.
The gate maps an SDK method to a spec operation by that metadata alone, never by guessing names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_TEMPLATE = re.compile(r"\{[^/}]+\}")


def path_shape(path: str) -> str:
    """A path with every `{name}` blanked: the SDK and the spec may name a path parameter differently."""
    return _TEMPLATE.sub("{}", path)


@dataclass(frozen=True)
class SdkMethod:
    """One public method of a `<Tag>Api` class and the operation its serializer sends."""

    api: str
    method: str
    http_method: str
    path: str
    model: str | None = None
    query: dict[str, str] = field(default_factory=dict)  # query name as sent -> argument
    path_params: dict[str, str] = field(default_factory=dict)  # path name -> argument
    arguments: tuple[str, ...] = ()
    datetimes: tuple[str, ...] = ()

    @property
    def call(self) -> str:
        return f"{self.api}.{self.method}"

    @classmethod
    def from_worker(cls, entry: dict[str, Any]) -> SdkMethod:
        return cls(
            api=str(entry["api"]),
            method=str(entry["method"]),
            http_method=str(entry.get("http_method") or "").upper(),
            path=str(entry.get("path") or ""),
            model=str(entry["model"]) if entry.get("model") else None,
            query={str(k): str(v) for k, v in (entry.get("query") or {}).items()},
            path_params={str(k): str(v) for k, v in (entry.get("path_params") or {}).items()},
            arguments=tuple(map(str, entry.get("arguments", ()))),
            datetimes=tuple(map(str, entry.get("datetimes", ()))),
        )


@dataclass(frozen=True)
class Catalog:
    """Every SDK method that sends a request, found by (HTTP method, path shape)."""

    version: str
    methods: tuple[SdkMethod, ...] = ()

    def find(self, http_method: str, path: str) -> SdkMethod | None:
        """The SDK method that sends this spec operation; the first one when aliases send the same."""
        shape = path_shape(path)
        return next(
            (m for m in self.methods if m.http_method == http_method.upper() and path_shape(m.path) == shape), None
        )
