"""One run over several spec files: one verdict, one summary.json, one JUnit, one Allure tree, one budget."""

from __future__ import annotations

import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conformance.cli import build_parser, main
from conformance.costing import allocate, checked_budget, plans
from conformance.engine.files import file_keys
from conformance.engine.log import COVERING
from conformance.errors import EXIT_DEFECTS, EXIT_ERROR
from conformance.options import settings_from
from conformance.result import FILE_SEPARATOR, VERDICT_EXIT, RunResult, Verdict
from conformance.runner import run
from conformance.sandbox import Sandbox
from conformance.sandbox.faults import get_fault
from conformance.selection import parse_selection
from conformance.settings import DEFAULT_SPEC, resolve_settings
from conformance.spec import load_spec
from conformance.writers.allure import ALLURE_DIR
from conformance.writers.console import render
from conformance.writers.junit import JUNIT_FILE
from conformance.writers.progress import ConsoleProgress
from conformance.writers.summary_json import SUMMARY_FILE
from tests.conftest import CREDENTIALS, target_args
from tests.interrupting import StopsAtStep
from tests.shared import shared_path
from tests.test_progress import Clock, Timed, extra_lines_are_heartbeat_seconds_apart

# Two small official files, each served by its own embedded sandbox.
FILES = ("categories.json", "metadata-schemas.json")
REPO_SPECS = Path(__file__).parent.parent / "specs" / "voucherify"
# One sandbox serves both of these (`served_together`): one target for a run with --base-url.
SERVED_TOGETHER = ("customers.yaml", "products.json")
# The run's verdict is its worst file's, in this order.
WORST_FIRST = (Verdict.INTERRUPTED, Verdict.ERROR, Verdict.FAIL, Verdict.INCOMPLETE, Verdict.PASS)
PLANNED_PHASES = ("probes", "generated cases")
BUDGET = 30


def folder_of(tmp_path: Path, sources: dict[str, Path]) -> Path:
    """A folder holding copies of the given spec files, under the given names."""
    folder = tmp_path / "specs"
    folder.mkdir(exist_ok=True)
    for name, source in sources.items():
        shutil.copyfile(source, folder / name)
    return folder


def served_together() -> dict:
    """One document with the paths and components of every file of SERVED_TOGETHER (their components agree)."""
    specs = [load_spec(REPO_SPECS / name).raw for name in SERVED_TOGETHER]
    merged = {**specs[0], "paths": {}, "components": {}}
    for spec in specs:
        merged["paths"].update(spec["paths"])
        for section, entries in spec.get("components", {}).items():
            merged["components"].setdefault(section, {}).update(entries)
    return merged


def official(*names: str) -> dict[str, Path]:
    return {name: shared_path("voucherify", "openapi", name) for name in names}


@dataclass(frozen=True)
class Whole:
    result: RunResult
    reports: Path
    progress: str

    @property
    def summary(self) -> dict:
        return json.loads((self.reports / SUMMARY_FILE).read_text())


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> Whole:
    """One run over a folder of FILES on the embedded sandbox, its plain progress captured (a clock that never
    moves: no heartbeat line)."""
    folder = folder_of(tmp_path_factory.mktemp("whole"), official(*FILES))
    reports = tmp_path_factory.mktemp("reports")
    stream = io.StringIO()
    with ConsoleProgress(None, stream=stream, plain=True, clock=lambda: 0.0) as progress:
        result = run(resolve_settings(spec=[folder], report_dir=reports, max_examples=3), progress)
    return Whole(result, reports, stream.getvalue())


def test_a_folder_is_one_run_with_one_summary_whose_files_add_up(whole: Whole) -> None:
    summary = whole.summary
    assert [file["file"] for file in summary["files"]] == list(FILES)
    assert {op["spec"] for op in summary["operations"]} == set(FILES)
    assert all(op["operation"].startswith(op["spec"] + FILE_SEPARATOR) for op in summary["operations"])
    assert summary["requests"] == sum(file["requests"] for file in summary["files"]) > 0
    for total in ("selected", "fully_checked"):
        assert summary["coverage"][total] == sum(file["coverage"][total] for file in summary["files"])
    for kind in ("defects", "spec_gaps", "spec_findings"):
        assert len(summary[kind]) == sum(file[kind] for file in summary["files"])
    assert summary["defects"] == [], "the embedded sandbox is the correct API"
    worst = next(v for v in WORST_FIRST if v.value in {file["verdict"] for file in summary["files"]})
    assert summary["verdict"] == worst.value and summary["exit_code"] == VERDICT_EXIT[worst]


def test_one_junit_has_a_testsuite_per_file(whole: Whole) -> None:
    suites = ET.parse(whole.reports / JUNIT_FILE).getroot().findall("testsuite")
    by_file = [suite for suite in suites if suite.get("name") != "(run)"]
    assert [suite.get("name") for suite in by_file] == list(FILES)
    for suite in by_file:
        cases = suite.findall("testcase")
        assert cases and all(
            case.get("classname", "").startswith(f"{suite.get('name')}{FILE_SEPARATOR}") for case in cases
        )


def test_one_allure_tree_goes_api_file_operation_check(whole: Whole) -> None:
    results = [json.loads(path.read_text()) for path in (whole.reports / ALLURE_DIR).glob("*-result.json")]
    trees = set()
    for data in results:
        labels = {label["name"]: label["value"] for label in data["labels"]}
        if labels["feature"] == "(run)":
            continue
        file, _, operation = labels["feature"].partition(FILE_SEPARATOR)
        assert (labels["parentSuite"], labels["suite"], labels["subSuite"]) == ("Voucherify API", file, operation)
        trees.add(labels["suite"])
    assert trees == set(FILES)


def test_without_a_terminal_progress_is_one_line_per_operation_and_phase(whole: Whole) -> None:
    sent = [op for op in whole.result.operations if not any(item.check == "*" for item in op.not_checked)]
    lines = whole.progress.splitlines()
    assert len(lines) == len(sent) * len(PLANNED_PHASES)
    expected = {f"{op.operation}: {phase}" for op in sent for phase in PLANNED_PHASES}
    assert {line.rpartition(" (")[0] for line in lines} == expected


def test_a_folder_run_says_how_to_serve_each_files_data_again(whole: Whole) -> None:
    """As a run of one file on the embedded sandbox does: a line for each file's sandbox that a curl line names."""
    text = render(whole.result)
    again = re.findall(
        r"^The embedded sandbox is deterministic: `conformance sandbox --port (\d+) --spec (\S+)`", text, re.M
    )
    assert again, text
    curled = {(url.rpartition(":")[2], spec) for spec, url in whole.result.info.sandboxes.items()}
    assert set(again) <= curled and {Path(spec).name for _, spec in again} <= set(FILES)
    assert all(re.search(rf"curl .*127\.0\.0\.1:{port}/", text) for port, _ in again)


class Ticking(Clock):
    """A clock that moves a second each time it is read: a run long enough for heartbeat lines."""

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


def test_without_a_terminal_a_folder_run_adds_a_line_at_most_every_heartbeat(tmp_path: Path) -> None:
    clock = Ticking()
    log = Timed(clock)
    folder = folder_of(tmp_path, official(*FILES))
    with ConsoleProgress(None, stream=log, plain=True, clock=clock) as progress:
        result = run(resolve_settings(spec=[folder], report_dir=tmp_path / "r", max_examples=3), progress)
    sent = [op for op in result.operations if not any(item.check == "*" for item in op.not_checked)]
    phases = {f"{op.operation}: {phase}" for op in sent for phase in PLANNED_PHASES}
    lines = log.getvalue().splitlines()
    said = [line.rpartition(" (")[0] for line in lines if line.rpartition(" (")[0] in phases]
    assert sorted(said) == sorted(phases) and len(lines) > len(phases), "a line per operation and phase, and heartbeats"
    assert extra_lines_are_heartbeat_seconds_apart(log, phases)


def test_one_budget_is_shared_by_the_files(tmp_path: Path) -> None:
    folder = folder_of(tmp_path, official(*FILES))
    result = run(resolve_settings(spec=[folder], report_dir=tmp_path / "reports", max_requests=BUDGET))
    assert result.requests <= BUDGET
    assert [file.key for file in result.files] == list(FILES)
    assert all(file.requests > 0 for file in result.files), "the first file does not spend what the others need"
    assert result.requests == sum(file.requests for file in result.files)


def faulty_customers(fault: str) -> Callable:
    """A sandbox wrapper that puts `fault` on the customers list only: products stay correct."""
    wrapper = get_fault(fault).wrap

    def wrap(app: Callable) -> Callable:
        faulty = wrapper(app)
        return lambda request: (faulty if request.path.startswith("/v1/customers") else app)(request)

    return wrap


def test_the_exit_code_is_the_worst_files_and_the_target_is_the_one_base_url(tmp_path: Path) -> None:
    folder = folder_of(tmp_path, {name: REPO_SPECS / name for name in SERVED_TOGETHER})
    with Sandbox(credentials=CREDENTIALS, wrap=faulty_customers("order-inverted"), spec=served_together()) as server:
        code = main(["run", "--spec", str(folder), "--report-dir", str(tmp_path / "r"), "--max-examples", "2",
                     *target_args(server)])  # fmt: skip
        sent = server.served
    summary = json.loads((tmp_path / "r" / SUMMARY_FILE).read_text())
    assert code == EXIT_DEFECTS and summary["verdict"] == Verdict.FAIL
    verdicts = {file["file"]: file["verdict"] for file in summary["files"]}
    assert verdicts == {"customers.yaml": Verdict.FAIL, "products.json": Verdict.PASS}
    assert {d["operation"] for d in summary["defects"]} == {f"customers.yaml{FILE_SEPARATOR}GET /v1/customers"}
    assert sent == summary["requests"], "every request of both files went to the one target"


def test_two_files_with_the_same_path_keep_their_operations_apart(tmp_path: Path) -> None:
    spec, names = REPO_SPECS / "customers.yaml", ("a.yaml", "b.yaml")
    folder = folder_of(tmp_path, dict.fromkeys(names, spec))
    with Sandbox(credentials=CREDENTIALS) as server:
        result = run(resolve_settings(spec=[folder], report_dir=tmp_path / "r", max_requests=20, base_url=server.url,
                                      app_id=CREDENTIALS.app_id, app_token=CREDENTIALS.app_token))  # fmt: skip
    assert [op.operation for op in result.operations] == [f"{name}{FILE_SEPARATOR}GET /v1/customers" for name in names]


def test_files_of_the_same_name_are_named_by_their_path() -> None:
    one, two, other = Path("v1/customers.json"), Path("v2/customers.json"), Path("v2/products.json")
    assert file_keys([one, two, other]) == {one: str(one), two: str(two), other: str(other)}
    assert file_keys([one, other]) == {one: "customers.json", other: "products.json"}


def test_a_selection_applies_across_files_and_one_that_matches_none_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = folder_of(tmp_path, official(*FILES))
    only = parse_selection({"path": ["/v1/metadata-schemas"]}, {}, None)
    result = run(resolve_settings(spec=[folder], report_dir=tmp_path / "r", selection=only, max_requests=5))
    assert [file.key for file in result.files] == ["metadata-schemas.json"]
    code = main(["run", "--spec", str(folder), "--report-dir", str(tmp_path / "r"), "--include-path", "/v1/nothing"])
    err = capsys.readouterr().err
    assert code == EXIT_ERROR and len(err.strip().splitlines()) == 1
    assert err.startswith("conformance: error: The selection matches no operation of the 2 spec files")


def test_a_cassette_takes_one_spec(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = folder_of(tmp_path, official(*FILES))
    code = main(["run", "--spec", str(folder), "--cassette", str(tmp_path / "c.yaml")])
    err = capsys.readouterr().err
    assert code == EXIT_ERROR and err.count("\n") == 1 and "--cassette takes one spec" in err


def test_one_resume_file_goes_on_across_the_files(tmp_path: Path) -> None:
    folder = folder_of(tmp_path, official(*FILES))
    progress = tmp_path / "progress.json"
    settings = resolve_settings(spec=[folder], report_dir=tmp_path / "r", max_requests=BUDGET, resume=progress)
    first = run(settings)
    done = json.loads(progress.read_text())["done"]
    assert done and {op.partition(FILE_SEPARATOR)[0] for op in done} <= set(FILES)
    second = run(settings)
    assert second.info.resumed == {op: tuple(phases) for op, phases in done.items()}
    assert second.coverage()[0] > first.coverage()[0], "the second run goes on where the first stopped"


def test_a_file_with_nothing_to_send_is_not_checked_while_the_others_run(tmp_path: Path) -> None:
    """events.json has one POST, which the embedded sandbox does not serve: alone it is an error (nothing to run),
    with another file it is one operation not checked."""
    folder = folder_of(tmp_path, official("events.json", "metadata-schemas.json"))
    result = run(resolve_settings(spec=[folder], report_dir=tmp_path / "r", max_examples=3))
    assert result.errors == () and result.verdict is Verdict.INCOMPLETE
    events = next(op for op in result.operations if op.spec == "events.json")
    assert [(item.check, item.reason) for item in events.not_checked] == [
        ("*", "not served by the embedded sandbox: not a GET operation")
    ]
    alone = run(resolve_settings(spec=folder / "events.json", report_dir=tmp_path / "alone"))
    assert alone.verdict is Verdict.ERROR and alone.error_messages[0].startswith("Nothing in ")


@pytest.mark.parametrize(
    ("given", "files"),
    [
        ([], (DEFAULT_SPEC,)),
        (["b.yaml", "a.yaml", "b.yaml"], (Path("b.yaml"), Path("a.yaml"))),
    ],
)
def test_spec_is_repeatable_and_keeps_the_order_given(given: list[str], files: tuple[Path, ...]) -> None:
    args = build_parser().parse_args(["run", *(arg for name in given for arg in ("--spec", name))])
    settings = settings_from(vars(args))
    assert settings.spec_files == files and settings.spec == files[0]


def test_a_folder_stands_for_its_spec_files_sorted(tmp_path: Path) -> None:
    folder = folder_of(tmp_path, official(*reversed(FILES)))
    (folder / "notes.txt").write_text("not a spec")
    assert resolve_settings(spec=[folder]).spec_files == tuple(folder / name for name in sorted(FILES))


def test_a_budget_the_plan_says_checks_every_file_checks_every_operation(tmp_path: Path) -> None:
    """The run spends one budget as --plan allocates it across the files: with what the plan says every probe and
    every covering set cost, each operation of each file is checked; one request less, and the plan says some
    would not be (the run's own share of each file follows the same allocation)."""
    folder = folder_of(tmp_path, official(*FILES))
    only = parse_selection({"method": ["GET"]}, {}, None)  # what the embedded sandbox serves
    planned = plans(resolve_settings(spec=[folder], selection=only, max_examples=5, plan=True))
    budget = checked_budget(planned)
    assert allocate(planned, budget).covers_every_check and not allocate(planned, budget - 1).covers_every_check
    result = run(resolve_settings(spec=[folder], report_dir=tmp_path / "r", selection=only, max_examples=5,
                                  max_requests=budget))  # fmt: skip
    assert result.requests <= budget and result.complete, [op.not_checked for op in result.operations]
    assert all(COVERING in op.complete_phases for op in result.operations)


def _copies(tmp_path: Path) -> Path:
    """Three files of the same list, served by one sandbox."""
    return folder_of(tmp_path, dict.fromkeys(("a.yaml", "b.yaml", "c.yaml"), REPO_SPECS / "customers.yaml"))


def test_a_budget_spent_before_a_files_first_request_leaves_it_not_checked(tmp_path: Path) -> None:
    """The hourly quota over every official file: the budget reaches no operation of most files, which are then not
    checked for the budget (incomplete, exit 3), never a BudgetExhausted traceback at their preflight (exit 1, no
    report)."""
    folder = shared_path("voucherify", "openapi")
    code = main(["run", "--spec", str(folder), "--report-dir", str(tmp_path / "r"), "--max-requests", "100"])
    summary = json.loads((tmp_path / "r" / SUMMARY_FILE).read_text())
    assert code == VERDICT_EXIT[Verdict.INCOMPLETE] and not summary["errors"]
    assert len(summary["files"]) == len(list(folder.glob("*.json"))) and summary["requests"] <= 100


def test_an_interrupted_run_lists_the_files_it_did_not_start(tmp_path: Path) -> None:
    with Sandbox(credentials=CREDENTIALS) as server:
        credentials = {"app_id": CREDENTIALS.app_id, "app_token": CREDENTIALS.app_token}
        settings = resolve_settings(spec=[_copies(tmp_path)], report_dir=tmp_path / "r", max_examples=2,
                                    base_url=server.url, **credentials)  # fmt: skip
        result = run(settings, StopsAtStep(1))  # a Ctrl-C as the first file's probes start
    assert result.interrupted and [file.key for file in result.files] == ["a.yaml", "b.yaml", "c.yaml"]
    later = [op for op in result.operations if not op.operation.startswith("a.yaml")]
    assert len(later) == 2 and all("interrupted" in op.not_checked[0].reason for op in later)
    assert result.coverage()[1] == 3, "every selected operation counts, those of the files not started too"
