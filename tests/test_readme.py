"""The README's examples stay true: "What you see" is the output of its very command, run here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conformance.cli import main
from conformance.errors import EXIT_DEFECTS
from conformance.sandbox import Sandbox
from conformance.sandbox.faults import get_fault
from tests.conftest import CREDENTIALS, target_args

ROOT = Path(__file__).parent.parent
README = ROOT / "README.md"
EXAMPLE = re.compile(
    r"## What you see\n.*?\(`conformance sandbox --fault (?P<fault>[\w-]+)`\).*?```text\n(?P<block>.*?)```", re.S
)
ELIDED = "  ..."  # where the README leaves out what follows


def test_what_you_see_is_what_its_command_prints(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    example = EXAMPLE.search(README.read_text())
    assert example is not None
    command, *shown = example["block"].splitlines()
    arguments = command.removeprefix("$ conformance ").split()
    url = arguments[arguments.index("--base-url") + 1]
    monkeypatch.chdir(ROOT)  # the command names the spec relative to the checkout
    with Sandbox(credentials=CREDENTIALS, wrap=get_fault(example["fault"]).wrap) as server:
        options = [*target_args(server), "--report-dir", str(tmp_path)]
        assert main([*arguments, *options]) == EXIT_DEFECTS
    printed = capsys.readouterr().out.replace(server.url, url).splitlines()
    # Every line the README shows, in its order, but for the report folder the test chose.
    printed = [line.replace(f"Reports: {tmp_path}/", "Reports: reports/") for line in printed]
    lines = iter(printed)
    missing = [line for line in shown if line != ELIDED and line not in lines]
    assert missing == [], "\n".join(printed)
