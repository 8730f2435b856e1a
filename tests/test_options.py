"""The CLI and the pytest plugin take the same run options, declared once."""

from __future__ import annotations

import pytest

from conformance.cli import DIFF_FORMATS, build_parser
from conformance.diff.report import FORMATS
from conformance.options import RUN_OPTIONS
from conformance.plugin import PREFIX


@pytest.mark.parametrize("option", RUN_OPTIONS, ids=lambda option: option.name)
def test_every_run_option_is_on_the_cli_and_in_the_plugin(option: object, pytester: pytest.Pytester) -> None:
    name = option.name  # type: ignore[attr-defined]
    assert f"--{name}" in build_parser()._subparsers._group_actions[0].choices["run"].format_help()  # type: ignore[union-attr]
    result = pytester.runpytest("--help")
    result.stdout.fnmatch_lines([f"*--{PREFIX}{name}*"])


def test_the_cli_offers_the_diff_formats_the_diff_renders() -> None:
    assert DIFF_FORMATS == FORMATS
