"""The shape check's formats: `date` on the calendar and `date-time` as RFC 3339, both ways, on both validators."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest

from conformance.checks.failures import ShapeFailure
from conformance.checks.shape import list_shape
from conformance.profile import list_profile

PATH = "/v1/coupons"
SPEC: dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {"title": "t", "version": "1"},
    "paths": {
        PATH: {
            "get": {
                "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "object": {"type": "string"},
                                        "data_ref": {"type": "string"},
                                        "coupons": {"type": "array", "items": {"$ref": "#/components/schemas/C"}},
                                    },
                                }
                            }
                        },
                    }
                },
            }
        }
    },
    "components": {
        "schemas": {
            "C": {
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    "valid_on": {"type": "string", "format": "date"},
                    "created_at": {"type": "string", "format": "date-time"},
                },
            }
        }
    },
}
PROFILE = list_profile(SPEC, "GET", PATH)
CASE = SimpleNamespace(
    method="GET",
    operation=SimpleNamespace(schema=SimpleNamespace(raw_schema=SPEC), path=PATH, method="GET", label=f"GET {PATH}"),
)


def _fires(item: dict[str, Any]) -> bool:
    assert PROFILE is not None
    body = {"object": "list", "data_ref": "coupons", "coupons": [{"id": "c1", **item}]}
    try:
        list_shape.__wrapped__(PROFILE, CASE, SimpleNamespace(status_code=200, content=json.dumps(body).encode()))
    except ShapeFailure:
        return True
    return False


@pytest.mark.parametrize(
    ("field", "value", "fires"),
    [
        ("valid_on", "2023-02-28", False),
        ("valid_on", "2024-02-29", False),
        ("valid_on", "2023-02-31", True),
        ("valid_on", "2023-13-45", True),
        ("valid_on", "2023-02-28T00:00:00Z", True),
        ("created_at", "2023-02-28T10:00:00.000Z", False),
        ("created_at", "2023-02-28T10:00:00+00:00", False),
        ("created_at", "2023-02-31T10:00:00Z", True),
        ("created_at", "2023-02-28T10:00:00+0000", True),  # ISO 8601, not the RFC 3339 the format names
        ("created_at", "2023-02-28", True),
    ],
)
def test_formats_are_checked_on_the_calendar(field: str, value: str, fires: bool) -> None:
    assert _fires({field: value}) is fires
