"""Whole-API runs: choosing operations, path values, what the sandbox does not serve, --plan and --resume."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conformance.cli import main
from conformance.costing import OVERHEAD, plan
from conformance.credentials import APP_ID_ENV, APP_TOKEN_ENV
from conformance.engine.log import PREFLIGHT
from conformance.engine.plan import UNFUNDED
from conformance.engine.run import run
from conformance.errors import EXIT_PASS, UsageError
from conformance.result import RunResult
from conformance.sandbox import Sandbox
from conformance.selection import SAFE_METHODS, parse_selection
from conformance.settings import resolve_settings
from conformance.writers.summary_json import SUMMARY_FILE
from tests.conftest import CREDENTIALS, SPEC
from tests.interrupting import RequestLog
from tests.shared import shared_path

ACTIVITY = "GET /v1/customers/{customerId}/activity"


def customers_json() -> Path:
    return shared_path("voucherify", "openapi", "customers.json")


def only(path: str) -> object:
    return parse_selection({"path": [path]}, {}, None)


@pytest.mark.slow
def test_a_child_list_takes_its_path_value_from_the_parent_list(tmp_path: Path) -> None:
    result = run(resolve_settings(spec=customers_json(), report_dir=tmp_path, max_examples=2,
                                  selection=only("/v1/customers/{customerId}/activity")))  # fmt: skip
    (operation,) = result.operations
    assert operation.operation == ACTIVITY and operation.list_style == "id_cursor"
    assert operation.requests_by_phase.get("path values") == 1, "one GET of the parent list, limit=1"
    assert "list_id_cursor" in operation.checked and not result.defects


def test_without_a_path_value_the_operation_is_not_checked_and_says_why(tmp_path: Path) -> None:
    """No GET of the spec holds {memberId}: nothing of the operation is sent, and the reason says what to pass."""
    loyalties = shared_path("voucherify", "openapi", "referrals.json")
    pending = "/v1/referrals/members/{memberId}/holders"
    with Sandbox(spec=json.loads(loyalties.read_text()), credentials=CREDENTIALS) as server:
        live = {"base_url": server.url, "app_id": CREDENTIALS.app_id, "app_token": CREDENTIALS.app_token}
        result = run(resolve_settings(spec=loyalties, report_dir=tmp_path, selection=only(pending), **live))
        given = run(
            resolve_settings(
                spec=loyalties, report_dir=tmp_path, selection=only(pending), path_param=["memberId=ltm_1"],
                max_requests=5, **live,
            )
        )  # fmt: skip
    operation = next(op for op in result.operations if op.operation == f"GET {pending}")
    assert operation.requests == 0 and operation.not_checked[0].check == "*"
    assert operation.not_checked[0].reason == (
        "no value for {memberId}: no GET of this spec holds it; pass --path-param memberId=VALUE"
    )
    assert next(op for op in given.operations if op.operation == f"GET {pending}").requests > 0, "--path-param"


@pytest.mark.slow
def test_operations_the_sandbox_does_not_serve_are_listed_never_sent(tmp_path: Path) -> None:
    result = run(resolve_settings(spec=customers_json(), report_dir=tmp_path, max_examples=1,
                                  selection=parse_selection({"path": ["/v1/customers"]}, {}, None)))  # fmt: skip
    post = next(op for op in result.operations if op.operation == "POST /v1/customers")
    assert post.requests == 0 and post.not_checked[0].check == "*"
    assert post.not_checked[0].reason.startswith("not served by the embedded sandbox")
    assert not result.defects


def test_against_a_live_target_only_safe_methods_run_unless_asked(tmp_path: Path) -> None:
    raw = json.loads(customers_json().read_text())
    with Sandbox(spec=raw, credentials=CREDENTIALS) as server:

        def selected(methods: str | None) -> set[str]:
            settings = resolve_settings(
                spec=customers_json(), base_url=server.url, app_id=CREDENTIALS.app_id,
                app_token=CREDENTIALS.app_token, report_dir=tmp_path, max_requests=1,
                selection=parse_selection({"path": ["/v1/customers"]}, {}, methods),
            )  # fmt: skip
            result = run(settings)
            # Selected: sent, or held back only because a budget of 1 goes to whole operations, cheapest first.
            held = [[i for i in op.not_checked if i.check == "*" and i.reason != UNFUNDED] for op in result.operations]
            sent = [op for op, reasons in zip(result.operations, held, strict=True) if not reasons]
            skipped = [op for op in result.operations if op not in sent]
            assert all(op.requests == 0 and "--methods all" in op.not_checked[0].reason for op in skipped)
            return {op.operation.split()[0] for op in sent}

        assert selected(None) == {"GET"}, "POST /v1/customers is listed as not sent, and sends nothing"
        assert selected("all") == {"GET", "POST"}


@pytest.mark.parametrize("methods", [None, "all"])
def test_a_live_target_gets_no_unsafe_method_on_the_wire_unless_asked(methods: str | None, tmp_path: Path) -> None:
    """What the target receives, not what the run says: Schemathesis' coverage cases of methods a path does not
    declare (PUT, POST, DELETE, PATCH to a GET-only list, with real credentials) go out only with --methods all."""
    log = RequestLog()
    with Sandbox(credentials=CREDENTIALS, wrap=log.wrap) as server:
        settings = resolve_settings(
            spec=SPEC, base_url=server.url, app_id=CREDENTIALS.app_id, app_token=CREDENTIALS.app_token,
            report_dir=tmp_path, max_examples=3, selection=parse_selection({}, {}, methods),
        )  # fmt: skip
        run(settings)
    received = {method for method, *_ in log.take()}
    if methods is None:
        assert received <= set(SAFE_METHODS), f"a safe run sent {sorted(received - set(SAFE_METHODS))}"
    else:
        assert {"PUT", "POST", "DELETE", "PATCH"} <= received


def test_plan_costs_each_operation_by_phase_and_sends_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    costed = plan(resolve_settings(spec=SPEC, max_examples=2, max_requests=100))
    (operation,) = costed.operations
    assert operation.by_phase["probes"].expected > 0 and operation.by_phase["generated cases"].expected > 0
    assert costed.total == costed.overhead + operation.total
    assert main(["run", "--spec", str(SPEC), "--max-examples", "2", "--plan", "--max-requests", "10"]) == EXIT_PASS
    out = capsys.readouterr().out
    assert "nothing was sent" in out and "--max-requests 10: " in out


def test_a_plan_for_a_live_target_needs_no_credentials(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """--plan estimates from the spec: it sends nothing to the target, so it asks for no credentials."""
    for name in (APP_ID_ENV, APP_TOKEN_ENV):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))  # no credentials file either
    argv = ["run", "--spec", str(SPEC), "--max-examples", "2", "--cluster", "api", "--plan"]
    assert main(argv) == EXIT_PASS
    assert "nothing was sent" in capsys.readouterr().out
    with pytest.raises(UsageError, match="needs credentials"):
        resolve_settings(spec=SPEC, cluster="api", environ={})


def test_resume_continues_where_the_budget_stopped(tmp_path: Path) -> None:
    from conformance.runner import run as run_and_write

    progress = tmp_path / "progress.json"

    # 60: the probes phase under a small budget (56 requests with the walk invariants), not the generated cases.
    first = run_and_write(resolve_settings(spec=SPEC, report_dir=tmp_path, max_examples=5, max_requests=60,
                                           resume=progress))  # fmt: skip
    assert first.coverage() == (0, 1) and json.loads(progress.read_text())["done"]["GET /v1/customers"] == ["probes"]
    second = run_and_write(resolve_settings(spec=SPEC, report_dir=tmp_path, max_examples=5, resume=progress))
    (operation,) = second.operations
    assert operation.requests_by_phase.get("probes", 0) == 0, "probes finished earlier are not sent again"
    assert second.coverage() == (1, 1)


def _cases_sent(cassette: Path) -> list[dict[str, object]]:
    """The generated cases a recorded run sent, as requests (their metadata, timings included, left out)."""
    from conformance.cassette import read_header
    from conformance.engine.casebook import BUDGET, CASES_KEY

    entry = read_header(cassette)[CASES_KEY].get("GET /v1/customers", {"cases": []})
    # A recording also keeps the case that the budget cut (a replay stops there too): it was not sent.
    lines = entry["cases"][:-1] if entry.get("outcome") == BUDGET else entry["cases"]
    return [{k: v for k, v in json.loads(line).items() if k != "meta"} for line in lines]


@pytest.mark.slow
def test_resume_finishes_generated_cases_longer_than_one_budget(tmp_path: Path) -> None:
    """Each run sends the cases after those earlier runs sent: together, exactly the cases of one whole run."""
    from conformance.runner import run as run_and_write

    def run_once(name: str, **options: object) -> RunResult:
        return run_and_write(resolve_settings(spec=SPEC, report_dir=tmp_path / name, max_examples=5,
                                              cassette=tmp_path / f"{name}.yaml", record_mode="all", **options))  # type: ignore[arg-type]  # fmt: skip

    (whole,) = run_once("whole").operations
    probes, generated = whole.requests_by_phase["probes"], whole.requests_by_phase["generated cases"]
    # The first run spends `budget - probes` on cases, each later one (no probes again) its whole budget: the two
    # together stay below `generated`, so at least a third run is needed.
    budget = probes + (generated - probes) // 3
    progress, sent = tmp_path / "progress.json", []
    for number in range(1, 8):
        result = run_once(f"part{number}", max_requests=budget, resume=progress)
        assert result.requests <= budget
        sent += _cases_sent(tmp_path / f"part{number}.yaml")
        # Checked since the first run (its covering set went first): the runs go on until every case was sent.
        assert result.coverage() == (1, 1)
        if "generated cases" in result.operations[0].complete_phases:
            break
    assert number >= 3, "the generated cases took several runs"
    assert sent == _cases_sent(tmp_path / "whole.yaml")
    assert "cases_sent" in json.loads(progress.read_text()) and not json.loads(progress.read_text())["cases_sent"]


def test_cases_sent_under_other_generation_inputs_are_not_skipped(tmp_path: Path) -> None:
    from conformance.engine import resume

    progress = tmp_path / "progress.json"
    resume.save(progress, "sha", {"GET /x": {"probes"}}, {"GET /x": 7}, resume.generation(0, 5))
    assert resume.load(progress, "sha", resume.generation(0, 5)).cases_sent == {"GET /x": 7}
    assert resume.load(progress, "sha", resume.generation(1, 5)) == resume.Resumed({"GET /x": {"probes"}}, {})
    assert resume.load(progress, "sha", resume.generation(0, 6)).cases_sent == {}


def test_filters_of_different_kinds_narrow_together() -> None:
    from conformance import st_schema
    from conformance.generation import schemathesis_config

    raw = json.loads(customers_json().read_text())
    schema = st_schema.load_schema(raw, schemathesis_config(resolve_settings(spec=SPEC), "http://127.0.0.1:9"))
    both = parse_selection({"path": ["/v1/customers"], "method": ["POST"]}, {}, "all")
    assert [label for label, _, _ in st_schema.operations(st_schema.select(schema, both))] == ["POST /v1/customers"]
    path_only = parse_selection({"path": ["/v1/customers"]}, {}, None)
    assert [label for label, _, _ in st_schema.operations(st_schema.select(schema, path_only))] == [
        "GET /v1/customers",
        "POST /v1/customers",
    ]


def test_over_several_files_the_request_counts_add_up_too(tmp_path: Path) -> None:
    """Each file's preflight is a request of no operation: summary.json's `run_requests` holds them all, so that the
    operations' requests plus those make `requests`, as the files' requests do."""
    files = [shared_path("voucherify", "openapi", name) for name in ("bin.json", "segments.json")]
    specs = [argument for file in files for argument in ("--spec", str(file))]
    options = ["--max-requests", "60", "--allow-incomplete", "--report-dir", str(tmp_path)]
    assert main(["run", *specs, *options]) == EXIT_PASS
    summary = json.loads((tmp_path / SUMMARY_FILE).read_text())
    of_operations = sum(sum(op["requests_by_phase"].values()) for op in summary["operations"])
    assert summary["run_requests"] == {PREFLIGHT: len(files)}
    assert summary["requests"] == of_operations + len(files) == sum(file["requests"] for file in summary["files"])


def test_the_request_counts_add_up(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """summary.json's `requests` is its operations' requests plus the run's own (the preflight), and --plan's lines
    add up to its total (an estimate: tests/test_costing.py holds it against runs)."""
    assert main(["run", "--spec", str(SPEC), "--max-examples", "2", "--report-dir", str(tmp_path)]) == EXIT_PASS
    summary = json.loads((tmp_path / SUMMARY_FILE).read_text())
    of_operations = sum(sum(op["requests_by_phase"].values()) for op in summary["operations"])
    assert summary["run_requests"] == {PREFLIGHT: 1}
    assert summary["requests"] == of_operations + summary["run_requests"][PREFLIGHT]
    capsys.readouterr()
    assert main(["run", "--spec", str(SPEC), "--max-examples", "2", "--plan"]) == EXIT_PASS
    out = capsys.readouterr().out
    total = int(re.search(r"Plan: about (\d+) requests", out).group(1))  # type: ignore[union-attr]
    lines = [int(m.group(1)) for m in re.finditer(r"^  .*?: (\d+)(?: \(|$)", out, re.MULTILINE)]
    assert f"  {OVERHEAD}: 1" in out and sum(lines) == total, out
