"""Schemathesis' schema of a spec (loaded, narrowed by the run's selection, its operations listed and looked up), and
a response made from a recorded exchange for its checks to judge.

Public Schemathesis names only: the private ones, and the checks and cases they reach, stay behind the seam
(`st.py`, pinned by `tests/test_st_contract.py`, which also keeps this module free of them).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import requests
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.core.result import Err

if TYPE_CHECKING:
    from schemathesis import BaseSchema, Response

    from conformance.selection import Selection

Operation = Any  # schemathesis.APIOperation; Any because its generics add nothing here


def load_schema(raw: dict[str, Any], config: dict[str, Any]) -> BaseSchema:
    """A Schemathesis schema from a parsed OpenAPI document and a config in Schemathesis' TOML shape."""
    return schemathesis.openapi.from_dict(raw, config=SchemathesisConfig.from_dict(config))


def select(schema: BaseSchema, selection: Selection) -> BaseSchema:
    """The schema narrowed by the run's include and exclude filters (safe methods are the plan's business: a filter
    here would change what Schemathesis generates, and a replay must generate what its recording did)."""
    # One include and one exclude call: Schemathesis ORs separate include calls, and ANDs the kinds within one.
    if selection.include:
        schema = schema.include(**_filters(selection.include))
    if selection.exclude:
        schema = schema.exclude(**_filters(selection.exclude))
    return schema


def _filters(given: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, Any]:
    return {name.replace("-", "_"): list(values) for name, values in given}


def operations(schema: BaseSchema) -> Iterator[tuple[str, Operation | None, Exception | None]]:
    """(label, operation, None) for every operation, or (label, None, error) where Schemathesis cannot build it."""
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            exc = result.err()
            method, path = getattr(exc, "method", None) or "", getattr(exc, "path", None) or ""
            yield f"{method.upper()} {path}".strip() or str(exc), None, exc
            continue
        operation = result.ok()
        yield operation.label, operation, None


def find_operation(schema: BaseSchema, method: str, path: str) -> Operation | None:
    """The spec's operation for a concrete request path (`/v1/customers/cust_1/activity`), or None."""
    return schema.find_operation_by_path(method, path)  # type: ignore[attr-defined]


def response_from(
    *, method: str, url: str, status: int, headers: dict[str, list[str]], body: bytes, message: str = ""
) -> Response:
    """A Schemathesis response made from a recorded exchange, for the checks to judge offline."""
    from schemathesis import Response as StResponse

    sent = requests.Request(method, url).prepare()
    return StResponse(
        status_code=status,
        headers=headers,
        content=body,
        request=sent,
        elapsed=0.0,
        message=message,
        encoding="utf-8",
        http_version="1.1",
        verify=True,
    )
