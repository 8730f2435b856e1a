"""Bad input ends in exit 2 and one clear line: never a traceback, never a message that misleads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conformance.cli import build_parser, main
from conformance.errors import EXIT_ERROR
from conformance.settings import resolve_settings

ROOT = Path(__file__).parent.parent
SPEC = ROOT / "specs" / "voucherify" / "customers.yaml"
EXTRACT = ROOT / "scripts" / "extract_operation.py"


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.out + captured.err, captured
    return lines[0]


def test_a_port_out_of_range(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sandbox", "--port", "99999"]) == EXIT_ERROR
    assert "--port must be between 0" in one_error_line(capsys)


def test_a_base_url_with_credentials_in_it_is_refused_without_echoing_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The base URL is printed and written to reports and the resume file: a secret in it would reach them."""
    assert main(["run", "--base-url", "https://app:s3cr3t-token@api.voucherify.io"]) == EXIT_ERROR
    line = one_error_line(capsys)
    assert "must not hold credentials" in line and "s3cr3t-token" not in line


def test_a_report_dir_that_is_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--report-dir", str(ROOT / "README.md")]) == EXIT_ERROR
    assert "--report-dir must be a folder" in one_error_line(capsys)


def test_diff_of_a_missing_file_does_not_mention_an_option_diff_lacks(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "/nonexistent.json", str(SPEC)]) == EXIT_ERROR
    line = one_error_line(capsys)
    assert "/nonexistent.json" in line and "--spec" not in line


def test_a_cluster_without_credentials_names_the_cluster(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in ("VOUCHERIFY_APP_ID", "VOUCHERIFY_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert main(["run", "--spec", str(ROOT / "specs" / "voucherify" / "customers.yaml"), "--cluster", "api"]) == 2
    line = one_error_line(capsys)
    assert "--cluster api needs credentials" in line and "--base-url" not in line


def test_a_yaml_error_names_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "spec.yaml"
    broken.write_text("openapi: 3.0.0\npaths:\n  /x: {get: [}\n")
    assert main(["run", "--spec", str(broken), "--report-dir", str(tmp_path / "r")]) == EXIT_ERROR
    assert "at line 3, column" in one_error_line(capsys)


QUOTA = "100/h"
QUOTA_COUNT = 100


@pytest.mark.parametrize(
    "args",
    [[], ["--rate-limit", "2/s"], ["--max-requests", str(QUOTA_COUNT + 1)]],
    ids=["alone", "paced faster than the quota", "a budget past the quota"],
)
def test_a_quota_the_run_cannot_live_within_is_one_line_before_any_request(
    tmp_path: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", "--sandbox-quota", QUOTA, *args, "--report-dir", str(tmp_path)]) == EXIT_ERROR
    line = one_error_line(capsys)
    assert f"--rate-limit {QUOTA}" in line and f"--max-requests {QUOTA_COUNT}" in line
    assert not (tmp_path / "summary.json").exists(), "refused before it started"


@pytest.mark.parametrize(
    "args", [["--rate-limit", QUOTA], ["--rate-limit", "1/h"], ["--max-requests", str(QUOTA_COUNT)]]
)
def test_a_quota_the_run_lives_within_is_taken(args: list[str]) -> None:
    settings = resolve_settings(sandbox_quota=QUOTA, **_keywords(args))
    assert settings.sandbox_quota is not None and settings.sandbox_quota.count == QUOTA_COUNT


def _keywords(args: list[str]) -> dict[str, object]:
    name, value = args
    return {"rate_limit": value} if name == "--rate-limit" else {"max_requests": int(value)}


def test_a_cluster_that_does_not_answer_names_the_cluster(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "spec.yaml"
    cluster = "127.0.0.1:9"  # a cluster whose URL nothing listens on
    spec.write_text(
        SPEC.read_text().replace(
            "servers:",
            f"servers:\n  - url: http://{{cluster}}\n    variables:\n"
            f"      cluster: {{default: '{cluster}', enum: ['{cluster}']}}\nx-unused-servers:",
            1,
        )
    )
    code = main(
        [
            "run",
            "--spec",
            str(spec),
            "--cluster",
            cluster,
            "--app-id",
            "a",
            "--app-token",
            "b",
            "--report-dir",
            str(tmp_path / "r"),
        ]
    )
    assert code == EXIT_ERROR
    line = one_error_line(capsys)
    assert f"Check --cluster {cluster}" in line and "--base-url." not in line


@pytest.mark.parametrize("command", [[], *([name] for name in ("run", "recheck", "diff", "lint", "report", "sandbox"))])
def test_version_works_on_every_command(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args([*command, "--version"])
    assert exited.value.code == 0 and capsys.readouterr().out.startswith("conformance ")


def test_extract_operation_has_help_and_keeps_path_level_parameters(tmp_path: Path) -> None:
    help_text = subprocess.run([sys.executable, str(EXTRACT), "--help"], capture_output=True, text=True, timeout=30)
    assert help_text.returncode == 0 and "usage:" in help_text.stdout
    spec = tmp_path / "spec.json"
    spec.write_text(
        '{"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "components": {"securitySchemes": {}},'
        ' "paths": {"/v1/x/{id}": {"parameters": [{"name": "id", "in": "path", "required": true,'
        ' "schema": {"type": "string"}}], "get": {"responses": {"200": {"description": "ok"}}}}}}'
    )
    out = subprocess.run([sys.executable, str(EXTRACT), str(spec), "/v1/x/{id}", "get"], capture_output=True, text=True)
    assert out.returncode == 0 and '"name": "id"' in out.stdout
    missing = subprocess.run(
        [sys.executable, str(EXTRACT), str(spec), "/v1/nope", "get"], capture_output=True, text=True
    )
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
