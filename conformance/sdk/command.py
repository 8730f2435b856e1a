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
from conformance.errors import EXIT_ERROR, ConformanceError, UsageError
from conformance.options import RUN_OPTIONS
from conformance.sdk.environment import DEFAULT_SDK
from conformance.settings import DEFAULT_SPEC, resolve_settings, spec_files
from conformance.spec import load_spec

if TYPE_CHECKING:
    from conformance.result import RunResult
    from conformance.sdk.gate import SdkSettings

# `conformance run`'s options that say where requests go, with what, and how a verdict is reached.
TARGET_OPTIONS = (
    "base-url",
    "cluster",
    "app-id",
    "app-token",
    "credentials-file",
    "path-param",
    "rate-limit",
    "sandbox-quota",
    "strict-spec",
    "allow-incomplete",
    "report-dir",
)


def add_parser(subparsers: Any) -> None:
    """Add `sdk` to the `conformance` command's subparsers: its own options and `conformance run`'s target ones."""
    sdk = subparsers.add_parser(
        "sdk",
        help="Gate an SDK release: its models parse real responses, its requests match the spec.",
        description="Check the official Python SDK against the spec: recorded and live responses parse into its "
        "models, the requests it sends match the spec, and a new version parses what the old one did.",
    )
    sdk.add_argument(
        "--spec",
        type=Path,
        action="append",
        default=[],
        help=f"OpenAPI spec file, or a folder of them (repeatable; default: {DEFAULT_SPEC}).",
    )
    for option in RUN_OPTIONS:
        if option.name in TARGET_OPTIONS:
            sdk.add_argument(f"--{option.name}", **option.add_kwargs())
    sdk.add_argument(
        "--cassette",
        type=Path,
        action="append",
        default=[],
        help="Replay these cassettes offline (repeatable): every recorded 200 must parse. A new path records.",
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
    """Validate the options once (the target's as `conformance run` does); installs (or finds cached) SDKs."""
    from conformance.sdk.environment import ensure_sdk
    from conformance.sdk.gate import SdkSettings

    if args.against and args.against == args.sdk:
        raise UsageError(f"--against must name another version than --sdk; both are {args.sdk!r}.")
    files = spec_files(args.spec)
    specs = tuple(load_spec(path) for path in files)
    given = {option.dest: getattr(args, option.dest) for option in RUN_OPTIONS if option.name in TARGET_OPTIONS}
    target = resolve_settings(spec=files[0], **given, environ=environ)
    settings = SdkSettings(
        specs=specs,
        sdk=ensure_sdk(args.sdk, environ),
        against=ensure_sdk(args.against, environ) if args.against else None,
        target=target,
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
        from conformance.writers.progress import ConsoleProgress

        with ConsoleProgress(None) as progress:
            result = run_sdk_gate(settings, progress=progress)
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
