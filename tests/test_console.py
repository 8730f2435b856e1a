"""What a person reads: each finding with expected, received and reproduction, grouped, never silently cut."""

from __future__ import annotations

from dataclasses import replace

import pytest

from conformance.checks.failures import ListCheckFailure
from conformance.findings import finding_from_failure, with_received
from conformance.probes.plan import SHORTENED
from conformance.result import FileRun, Finding, Kind, OperationResult, RunInfo, RunResult, SpecInfo, Verdict
from conformance.writers.console import FIRST_FINDINGS, render
from conformance.writers.summary_json import as_json

SPEC = SpecInfo(path="specs/voucherify/customers.yaml", title="Customers", version="v1", sha256="ab" * 32)
INFO = RunInfo(
    tool_version="0.1.0", seed=3, started_at="2026-11-26T10:00:00+00:00", target="embedded sandbox", spec=SPEC,
    base_url="http://127.0.0.1:8123", sandboxes={SPEC.path: "http://127.0.0.1:8123"},
)  # fmt: skip
AGAIN = "The embedded sandbox is deterministic: `conformance sandbox --port {port} --spec {spec}` serves the same data "


def finding(number: int, operation: str = "GET /v1/customers", check: str = "list_sort_order") -> Finding:
    return Finding(
        kind=Kind.DEFECT,
        check=check,
        operation=operation,
        title=f"Problem {number}",
        message=f"Expected: value {number}\nReceived: other {number}",
        reproduce=f"curl 'http://127.0.0.1:8123/v1/customers?n={number}'",
    )


def result(findings: list[Finding], info: RunInfo = INFO) -> RunResult:
    operations = tuple(
        OperationResult(op, "page", checked=("list_sort_order",)) for op in {f.operation for f in findings}
    )
    return RunResult(info=info, operations=operations, findings=tuple(findings), requests=10)


def test_each_finding_shows_expected_received_and_reproduction() -> None:
    text = render(result([finding(1)]))
    assert "Expected: value 1" in text and "Received: other 1" in text and "curl 'http://127.0.0.1:8123" in text


def test_findings_past_the_first_say_how_many_more_and_where() -> None:
    many = [finding(n) for n in range(FIRST_FINDINGS + 3)]
    text = render(result(many))
    assert "... 3 more in summary.json (or run with --verbose)." in text
    assert f"Problem {FIRST_FINDINGS + 2}" not in text
    assert f"Problem {FIRST_FINDINGS + 2}" in render(result(many), verbose=True)


def test_findings_are_grouped_by_operation_and_check() -> None:
    mixed = [finding(1, "GET /v1/b"), finding(2, "GET /v1/a"), finding(3, "GET /v1/b", "list_counts")]
    text = render(result(mixed))
    headers = [line for line in text.splitlines() if line.endswith(":") and " on GET" in line]
    assert headers == ["list_sort_order on GET /v1/a:", "list_counts on GET /v1/b:", "list_sort_order on GET /v1/b:"]


def test_the_embedded_sandbox_reproduction_says_how_to_bring_the_data_back() -> None:
    lines = render(result([finding(1)])).splitlines()
    assert AGAIN.format(port=8123, spec=SPEC.path) + "again, and prints the exports that the curl lines need." in lines
    assert not any(line.startswith(AGAIN[:30]) for line in render(result([])).splitlines()), "no finding, no line"


def test_over_several_files_each_sandbox_a_shown_curl_line_names_says_how_to_bring_it_back() -> None:
    sandboxes = {"a/categories.json": "http://127.0.0.1:8123", "a/products.json": "http://127.0.0.1:81"}
    info = replace(INFO, target="embedded sandbox", base_url="", sandboxes=sandboxes)
    lines = render(result([finding(1, "categories.json: GET /v1/customers")], info)).splitlines()
    again = [line for line in lines if line.startswith(AGAIN[:30])]
    assert again == [AGAIN.format(port=8123, spec="a/categories.json") + "again, and prints the exports that the "
                     "curl lines need."]  # fmt: skip


def test_over_several_files_findings_without_curl_lines_name_the_sandboxes_of_their_files() -> None:
    sandboxes = {"a/categories.json": "http://127.0.0.1:8123", "a/products.json": "http://127.0.0.1:81"}
    info = replace(INFO, target="embedded sandbox", base_url="", sandboxes=sandboxes)
    lint = replace(finding(1, "products.json: GET /v1/products"), reproduce="a/products.json#/paths")
    again = [line for line in render(result([lint], info)).splitlines() if line.startswith(AGAIN[:30])]
    assert again == [AGAIN.format(port=81, spec="a/products.json") + "again, and prints the exports that a run "
                     "against it needs."]  # fmt: skip


def test_findings_without_curl_lines_name_each_sandbox_they_came_from() -> None:
    """The SDK gate's findings show the SDK call, not a curl line: the sandbox still serves their data again."""
    sdk = replace(finding(1), reproduce="")
    lines = render(result([sdk])).splitlines()
    assert (
        AGAIN.format(port=8123, spec=SPEC.path) + "again, and prints the exports that a run against it needs." in lines
    )


def test_a_replay_says_it_is_a_replay() -> None:
    replayed = RunInfo(
        tool_version="0.1.0", seed=0, started_at="2026-11-26T10:00:00+00:00", spec=SPEC,
        target="replay of cassettes/x.yaml (recorded 2026-11-01 against embedded sandbox)",
        replay={"cassette": "cassettes/x.yaml", "recorded_at": "2026-11-01", "recorded_against": "embedded sandbox"},
    )  # fmt: skip
    text = render(result([], replayed))
    assert "replay of cassettes/x.yaml (recorded 2026-11-01 against embedded sandbox)" in text
    assert "requests to embedded sandbox," not in text


def test_summary_json_says_what_ran_where_and_with_what() -> None:
    data = as_json(result([finding(1)]))
    assert data["tool"]["version"] == "0.1.0" and data["seed"] == 3 and data["started_at"].startswith("2026-11-26")
    assert data["spec_info"] == {"title": "Customers", "version": "v1", "sha256": "ab" * 32}
    assert data["operations"][0]["checked"] == ["list_sort_order"]


REJECTED = "Valid data should have been accepted\nExpected: 2xx, 3xx, 401, 403, 404"
ERROR_BODY = (
    'HTTP 400\n{"code": 400, "message": "Invalid request", "details": "Parameter \'x\' is not one the spec defines."}'
)


@pytest.mark.parametrize(
    ("message", "status", "excerpt", "expected"),
    [
        (REJECTED, 400, ERROR_BODY, f"{REJECTED}\nReceived: HTTP 400 (Parameter 'x' is not one the spec defines.)"),
        (REJECTED, 500, "HTTP 500\nnot json", f"{REJECTED}\nReceived: HTTP 500"),
        ("Received: 400\nDocumented: 200, 404", 400, ERROR_BODY, "Received: 400\nDocumented: 200, 404"),
        (REJECTED, None, "", REJECTED),
        ("", 500, "HTTP 500\n{}", ""),  # Schemathesis' "Server error" says nothing more: its title and status do
    ],
)
def test_a_message_that_says_only_what_was_expected_also_says_what_came_back(
    message: str, status: int | None, excerpt: str, expected: str
) -> None:
    assert with_received(message, status, excerpt) == expected


def note(check: str, text: str = "the walk covered 9 items instead of 20") -> Finding:
    failure = ListCheckFailure(operation="GET /v1/customers", title=SHORTENED, expected="", received=text, key="k")
    return finding_from_failure(failure, check=check, operation="GET /v1/customers", kind=Kind.NOTE, reproduce="")


@pytest.mark.parametrize("checks", [(), ("list_page_walk",), ("list_cursor_walk", "list_page_walk")])
def test_notes_are_said_once_per_operation_and_text(checks: tuple[str, ...]) -> None:
    """A note (a walk the budget shortened) is said, not only written to summary.json; the walks that share it
    share its line."""
    lines = render(result([finding(1), *(note(check) for check in checks)])).splitlines()
    said = [line for line in lines if SHORTENED in line]
    if not checks:
        assert said == [] and not any(line.startswith("Notes:") for line in lines)
        return
    assert f"Notes: {len(checks)}" in lines
    assert said == [f"  GET /v1/customers: {', '.join(checks)}: {SHORTENED}: the walk covered 9 items instead of 20"]


def test_a_note_says_what_it_notes_without_an_empty_expectation() -> None:
    assert note("list_page_walk").message == "Received: the walk covered 9 items instead of 20"


@pytest.mark.parametrize(("count", "words"), [(1, ("1 request,", "1 defect", "1 error")),
                                              (2, ("2 requests,", "2 defects", "2 errors"))])  # fmt: skip
def test_a_files_line_says_1_request_and_1_defect(count: int, words: tuple[str, ...]) -> None:
    file = FileRun("customers.json", SPEC, Verdict.FAIL, count, 1, 0, {Kind.DEFECT.value: count}, count)
    (line,) = (line for line in render(replace(result([]), files=(file,))).splitlines() if "customers.json" in line)
    assert all(word in line for word in words), line


def test_notes_past_the_first_say_how_many_more_and_where() -> None:
    many = [note("list_page_walk", f"text {n}") for n in range(FIRST_FINDINGS + 2)]
    lines = render(result(many)).splitlines()
    assert "  ... 2 more in summary.json (or run with --verbose)." in lines
    assert not any(f"text {FIRST_FINDINGS}" in line for line in lines)
    assert any(f"text {FIRST_FINDINGS + 1}" in line for line in render(result(many), verbose=True).splitlines())
