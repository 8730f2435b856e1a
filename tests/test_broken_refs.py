"""A `$ref` that points nowhere, wherever a selected operation reaches it, ends the run with one line naming it
(verdict error, exit 2): a parameter Schemathesis cannot build is not an operation "not served"."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from conformance import st_schema
from conformance.errors import EXIT_ERROR
from conformance.result import VERDICT_EXIT, Verdict
from conformance.runner import run
from conformance.selection import Selection
from conformance.settings import resolve_settings
from tests.shared import shared_path

NOPE = "#/components/parameters/Nope"
ORDERS = shared_path("voucherify", "openapi", "orders.json")
LIST = "/v1/orders"


def _operation_parameter(spec: dict[str, Any]) -> None:
    spec["paths"][LIST]["get"]["parameters"][0] = {"$ref": NOPE}


def _path_item_parameter(spec: dict[str, Any]) -> None:
    spec["paths"][LIST].setdefault("parameters", []).append({"$ref": NOPE})


def _parameter_schema(spec: dict[str, Any]) -> None:
    spec["paths"][LIST]["get"]["parameters"].append(
        {"name": "extra", "in": "query", "schema": {"$ref": NOPE.replace("parameters", "schemas")}}
    )


BREAKS = {
    "an operation's parameter": _operation_parameter,
    "a path item's shared parameter": _path_item_parameter,
    "a parameter's schema": _parameter_schema,
}


def _broken(tmp_path: Path, breaking: str) -> Path:
    spec = copy.deepcopy(json.loads(ORDERS.read_text()))
    BREAKS[breaking](spec)
    path = tmp_path / "orders-broken.json"
    path.write_text(json.dumps(spec))
    return path


@pytest.mark.parametrize("breaking", list(BREAKS))
def test_a_broken_ref_in_a_selected_list_is_an_error_naming_it(tmp_path: Path, breaking: str) -> None:
    result = run(
        resolve_settings(
            spec=_broken(tmp_path, breaking),
            selection=Selection(include=(("path", (LIST,)), ("method", ("GET",)))),
            report_dir=tmp_path / "reports",
            environ={},
            max_examples=3,
        )
    )
    assert result.verdict is Verdict.ERROR and VERDICT_EXIT[result.verdict] == EXIT_ERROR
    message = " ".join(error.message for error in result.errors)
    assert "Nope" in message and f"GET {LIST}" in message


def test_an_operation_schemathesis_cannot_build_keeps_its_label(tmp_path: Path) -> None:
    schema = st_schema.load_schema(json.loads(_broken(tmp_path, "an operation's parameter").read_text()), {})
    broken = [(label, error) for label, operation, error in st_schema.operations(schema) if operation is None]
    assert [label for label, _error in broken] == [f"GET {LIST}"]
