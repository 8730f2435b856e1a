"""The `conformance` command exits the ordinary way (`sys.exit`), and loses nothing: its exit code, everything it
printed, and every exit handler."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conformance.errors import EXIT_DEFECTS, EXIT_PASS

ROOT = Path(__file__).parent.parent
CASSETTES = ROOT / "cassettes"
REPLAYS = {"customers-sandbox.yaml": EXIT_PASS, "customers-fault-order-inverted.yaml": EXIT_DEFECTS}


@pytest.mark.slow
@pytest.mark.parametrize(("cassette", "code"), REPLAYS.items(), ids=list(REPLAYS))
def test_a_replay_through_the_command_keeps_its_exit_code_output_and_reports(
    tmp_path: Path, cassette: str, code: int
) -> None:
    argv = [sys.executable, "-m", "conformance", "run", "--cassette", str(CASSETTES / cassette)]
    done = subprocess.run([*argv, "--report-dir", str(tmp_path)], capture_output=True, text=True, check=False)
    assert done.returncode == code
    assert done.stdout.rstrip().endswith(f"Reports: {tmp_path}/")
    assert (tmp_path / "summary.json").is_file() and (tmp_path / "junit.xml").is_file()


def test_the_command_exits_through_sys_exit_with_its_code(monkeypatch: pytest.MonkeyPatch) -> None:
    from conformance import __main__

    monkeypatch.setattr(__main__, "main", lambda: EXIT_DEFECTS)
    with pytest.raises(SystemExit) as raised:
        __main__.entry()
    assert raised.value.code == EXIT_DEFECTS


def test_exit_handlers_run_and_output_is_flushed() -> None:
    code = (
        "import atexit, sys; atexit.register(lambda: print('handler ran', flush=True)); "
        "print('partial line', end=''); sys.argv = ['conformance', 'cassette', 'scan', 'cassettes']; "
        "from conformance.__main__ import entry; entry()"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == EXIT_PASS, done.stderr
    assert done.stdout.startswith("partial line")
    assert done.stdout.rstrip().endswith("handler ran")
