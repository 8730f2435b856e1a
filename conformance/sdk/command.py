"""`conformance sdk`: gate an SDK release on the spec, live or offline from cassettes. Exit 0 pass, 1 findings,
2 bad input or error (one line, never a traceback)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from conformance.cache import CACHE_ENV
from conformance.credentials import APP_ID_ENV, APP_TOKEN_ENV, Credentials
from conformance.errors import EXIT_ERROR, ConformanceError, UsageError
from conformance.sdk.environment import DEFAULT_SDK
from conformance.spec import load_spec

if TYPE_CHECKING:
    from conformance.result import RunResult
    from conformance.sdk.gate import SdkSettings

DEFAULT_SPEC = Path("specs/voucherify/customers.yaml")
DEFAULT_REPORT_DIR = Path("reports")


def add_parser(subparsers: Any) -> None:
    """Add `sdk` to the `conformance` command's subparsers."""
    sdk = subparsers.add_parser(
        "sdk",
        help="Gate an SDK release: its models parse real responses, its requests match the spec.",
        description="Check the official Python SDK against the spec: recorded and live responses parse into its "
        "models, the requests it sends match the spec, and a new version parses what the old one did.",
    )
    sdk.add_argument("--spec", type=Path, default=DEFAULT_SPEC, help=f"OpenAPI spec (default: {DEFAULT_SPEC}).")
    sdk.add_argument("--base-url", help="Target base URL. Without it (and without --cassette): the embedded sandbox.")
    sdk.add_argument("--app-id", help=f"X-App-Id credential (default: ${APP_ID_ENV}).")
    sdk.add_argument("--app-token", help=f"X-App-Token credential (default: ${APP_TOKEN_ENV}).")
    sdk.add_argument(
        "--cassette",
        type=Path,
        action="append",
        default=[],
        help="Replay these cassettes offline (repeatable): every recorded 200 must parse. A new path records.",
    )
    sdk.add_argument(
        "--report-dir", type=Path, default=DEFAULT_REPORT_DIR, help="Where outputs go (default: reports/)."
    )
    sdk.add_argument(
        "--sdk",
        default=DEFAULT_SDK,
        help=f"voucherify==VERSION, installed once into ${CACHE_ENV} or ~/.cache/conformance/sdk/ "
        f"(default: {DEFAULT_SDK}); or a virtual environment that has voucherify installed.",
    )
    sdk.add_argument(
        "--against",
        help="A second version (voucherify==VERSION or a venv): report responses --sdk parses and this one does not.",
    )
    sdk.add_argument("--examples", action="store_true", help="Also parse every response example in the spec.")


def build_settings(args: argparse.Namespace, environ: Mapping[str, str] = os.environ) -> SdkSettings:
    from conformance.sdk.environment import ensure_sdk
    from conformance.sdk.gate import SdkSettings

    """Validate the options once; installs (or finds cached) SDK versions."""
    if args.against and args.against == args.sdk:
        raise UsageError(f"--against must name another version than --sdk; both are {args.sdk!r}.")
    base_url = args.base_url.rstrip("/") if args.base_url else None
    if base_url and not base_url.startswith(("http://", "https://")):
        raise UsageError(f"--base-url must be an http(s) URL such as https://api.voucherify.io; got {base_url!r}.")
    app_id = args.app_id or environ.get(APP_ID_ENV)
    app_token = args.app_token or environ.get(APP_TOKEN_ENV)
    if base_url and not (app_id and app_token):
        raise UsageError(
            f"--base-url needs credentials: pass --app-id and --app-token, or set {APP_ID_ENV} and {APP_TOKEN_ENV}."
        )
    report_dir: Path = args.report_dir
    if report_dir.exists() and not report_dir.is_dir():
        raise UsageError(f"--report-dir must be a folder; {report_dir} is a file.")
    spec = load_spec(args.spec)
    settings = SdkSettings(
        spec=spec,
        sdk=ensure_sdk(args.sdk, environ),
        against=ensure_sdk(args.against, environ) if args.against else None,
        base_url=base_url,
        credentials=Credentials(app_id, app_token) if app_id and app_token else None,
        cassettes=tuple(args.cassette),
        examples=args.examples,
    )
    _ = settings.recording  # one new cassette at most: fail before anything starts
    return settings


def write(result: RunResult, report_dir: Path) -> None:
    from conformance.writers import write_outputs

    try:
        report_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"Cannot create --report-dir {report_dir}: {exc.strerror}.") from None
    write_outputs(result, report_dir)


def render(result: RunResult) -> str:
    from conformance.writers.console import render as render_console

    return render_console(result)


def main(args: argparse.Namespace) -> int:
    """Run the gate, write summary.json, junit.xml and allure-results/, print the verdict; return the exit code."""
    try:
        settings = build_settings(args)
        from conformance.sdk.gate import run_sdk_gate

        result = run_sdk_gate(settings)
        write(result, args.report_dir)
    except ConformanceError as exc:
        print(f"conformance: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    print(render(result))
    print(f"Reports: {args.report_dir}/")
    return result.exit_code


def _standalone(argv: list[str] | None = None) -> int:
    """`python -m conformance.sdk.command ...` until the CLI wires `sdk` in."""
    parser = argparse.ArgumentParser(prog="conformance")
    add_parser(parser.add_subparsers(dest="command", required=True))
    return main(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(_standalone())
