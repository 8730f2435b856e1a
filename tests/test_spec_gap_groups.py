"""Spec gaps are grouped by (operation, check, status, parameter), and each group counts its occurrences: the count
printed and written in summary.json is the groups', with the occurrences of each (#21 item 2)."""

from __future__ import annotations

import pytest

from conformance.engine.log import ResultLog
from conformance.findings import finding_key
from conformance.leniency import NO_VALUE, POSITIVE, Sent, about
from conformance.result import Finding, Kind, RunInfo, SpecInfo
from conformance.writers.console import render
from conformance.writers.summary_json import as_json

SPEC = {"openapi": "3.1.0", "paths": {}}
OPERATION = {
    "parameters": [
        {"name": "cursor", "in": "query", "schema": {"type": ["string", "null"], "pattern": "^c_"}},
        {"name": "campaign_id", "in": "query", "schema": {"type": "string"}},
        {"name": "created_at[after]", "in": "query", "schema": {"type": "string", "format": "date-time"}},
        {"name": "filters", "in": "query", "style": "deepObject", "schema": {"type": "object"}},
        {"name": "limit", "in": "query", "schema": {"type": "integer"}},
    ]
}
GAP = "Schema-valid request rejected"


def key(query: dict[str, str], status: int = 400) -> tuple[str, ...]:
    return finding_key(Kind.SPEC_GAP, status, "unused", about(POSITIVE, Sent(query), OPERATION, SPEC))


@pytest.mark.parametrize("nothing", NO_VALUE)
def test_one_parameter_is_one_group_whatever_else_the_case_sent(nothing: str) -> None:
    # Loyalty v2's gaps: an unknown cursor beside limits, orders and nulls in every combination Schemathesis tries.
    same = [
        {"cursor": "c_1"},
        {"cursor": "c_2", "limit": "5"},
        {"cursor": "c_3", "filters[id]": nothing, "filters[name]": nothing},
        {"cursor": "c_4", "created_at[after]": "2024-01-01T00:00:00Z"},
    ]
    assert len({key(query) for query in same}) == 1


def test_another_parameter_status_or_deep_object_is_another_group() -> None:
    groups = {
        key({"cursor": "c_1"}),
        key({"cursor": "c_1"}, 422),
        key({"campaign_id": "camp_1"}),
        key({"filters[id][conditions][$in]": "x"}),
        key({"filters[name][conditions][$is]": "y"}),  # the same parameter: `filters`
    }
    assert len(groups) == 4


def test_the_log_keeps_one_finding_per_group_with_its_occurrences() -> None:
    log = ResultLog()
    sent = [("GET /v2/x", {"cursor": "c_1"}), ("GET /v2/x", {"cursor": "c_2"}), ("GET /v2/x", {"campaign_id": "a"})]
    sent += [("GET /v2/y", {"cursor": "c_1"})]
    for operation, query in sent:
        finding = Finding(Kind.SPEC_GAP, POSITIVE, operation, GAP, f"refused {query}")
        log.add_once(Kind.SPEC_GAP, POSITIVE, operation, GAP, key(query), lambda finding=finding: finding)
    info = RunInfo(tool_version="0", seed=0, started_at="", target="t", spec=SpecInfo("s", "t", "1", "0"))
    result = log.freeze(info, len(sent))
    written = as_json(result)["spec_gaps"]
    assert [(gap["operation"], gap["occurrences"]) for gap in written] == [
        ("GET /v2/x", 2),
        ("GET /v2/x", 1),
        ("GET /v2/y", 1),
    ]
    assert sum(gap["occurrences"] for gap in written) == len(sent)
    assert written[0]["message"] == "refused {'cursor': 'c_1'}"  # the first occurrence stands for its group
    assert f"  {POSITIVE}: 3 (4 occurrences)" in render(result).splitlines()
