"""Before the first request, a run checks every file it will write: a --resume file that is not a coverage file is
bad input and stays as it was (it used to be overwritten after the error), and a folder the run cannot write in is
one line and exit 2 before anything is sent (it used to be a traceback after the whole run)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.cli import main
from conformance.engine import resume
from conformance.errors import EXIT_ERROR
from conformance.sandbox import Sandbox
from tests.conftest import CREDENTIALS, SPEC, run_against

UNWRITABLE = Path("/sys")  # a folder no one can create a file in, root included (sysfs)
NOT_COVERAGE = {
    "notes.md": "# My notes\nimportant text\n",
    "empty.json": "",
    "list.json": "[]",
    "summary.json": json.dumps({"verdict": "pass"}),
    "old-format.json": json.dumps({"format": resume.FORMAT - 1, "spec_sha256": "x", "done": {}}),
    "other-spec.json": json.dumps(
        {"format": resume.FORMAT, "spec_sha256": "0" * 64, "done": {}, "cases_sent": {}, "findings": []}
    ),
}


def _run(tmp_path: Path, *options: str) -> int:
    where = ["--spec", str(SPEC), "--report-dir", str(tmp_path / "reports")]
    return main(["run", *where, "--max-examples", "1", *options])


@pytest.mark.parametrize("name", list(NOT_COVERAGE))
def test_a_resume_file_of_something_else_is_bad_input_and_left_as_it_was(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / name
    path.write_text(NOT_COVERAGE[name])
    assert _run(tmp_path, "--resume", str(path)) == EXIT_ERROR
    assert path.read_text() == NOT_COVERAGE[name]
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"--resume {path}" in err[0], err


def test_the_unwritable_folder_is_known_before_anything_is_sent() -> None:
    with pytest.raises(OSError):
        (UNWRITABLE / "probe").write_text("")


@pytest.mark.parametrize(
    ("option", "path"),
    [("--report-dir", UNWRITABLE), ("--cassette", UNWRITABLE / "run.yaml"), ("--resume", UNWRITABLE / "p.json")],
)
def test_an_output_in_a_folder_the_run_cannot_write_is_one_line_and_exit_2(
    option: str, path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(tmp_path, option, str(path)) == EXIT_ERROR
    out, err = capsys.readouterr()
    assert len(err.strip().splitlines()) == 1 and option in err and "cannot write" in err, err
    assert "requests" not in out, "nothing was sent"


def test_a_campaign_goes_on_against_its_own_target_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Probes done against one target say nothing of another: resuming staging's campaign against production (here:
    a live sandbox's, then the embedded one) is bad input, not a PASS on checks never sent to it."""
    progress = tmp_path / "progress.json"
    with Sandbox(credentials=CREDENTIALS) as server:
        run_against(server, tmp_path / "live", max_examples=1, max_requests=20, resume=progress)
    written = progress.read_text()
    assert json.loads(written)["target"] == server.url
    assert _run(tmp_path, "--resume", str(progress)) == EXIT_ERROR
    err = capsys.readouterr().err
    assert f"against {server.url}" in err and "embedded sandbox" in err, err
    assert progress.read_text() == written
