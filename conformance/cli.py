"""The `conformance` command: a thin layer over the library's run() and Sandbox."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from conformance import __version__, interrupts
from conformance.counts import counted
from conformance.credentials import APP_ID_ENV, APP_TOKEN_ENV, Credentials
from conformance.errors import EXIT_DEFECTS, EXIT_ERROR, EXIT_INTERRUPTED, EXIT_PASS, ConformanceError, UsageError
from conformance.lint.command import add_parser as add_lint_parser
from conformance.options import RUN_OPTIONS, settings_from
from conformance.pipe import reader_may_leave
from conformance.rate import parse_rate
from conformance.reporting.html import DEFAULT_HISTORY, DEFAULT_OUT, DEFAULT_RESULTS
from conformance.sdk.command import add_parser as add_sdk_parser
from conformance.settings import DEFAULT_REPORT_DIR, DEFAULT_SPEC
from conformance.writers.console import FIRST_FINDINGS
from conformance.writers.summary_json import SUMMARY_FILE

if TYPE_CHECKING:
    from conformance.cassette.recheck import Recheck

DIFF_FORMATS = ("md", "json", "html")
FIRST_INTERRUPT = "\nInterrupted: stopping, and writing what was sent (Ctrl-C again to quit at once)."
MAX_PORT = 65535


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # On every command and subcommand, as tools in a pipeline expect.
        self.add_argument("--version", action="version", version=f"conformance {__version__}")

    def error(self, message: str) -> None:  # type: ignore[override]
        """Usage errors are one line and exit 2, like every other bad input."""
        self.exit(EXIT_ERROR, f"conformance: error: {message}. See 'conformance --help'.\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="conformance", description="Does this API behave as its OpenAPI spec says?")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = commands.add_parser("run", help="Run the conformance suite against a target (default: embedded sandbox).")
    for option in RUN_OPTIONS:
        run.add_argument(f"--{option.name}", **option.add_kwargs())
    run.add_argument("--verbose", action="store_true", help="Print every finding, not only the first few.")

    recheck = commands.add_parser("recheck", help="Run the run's checks again on a cassette, sending nothing.")
    recheck.add_argument("cassette", type=Path, help="A cassette recorded by conformance run --cassette.")
    recheck.add_argument("--spec", type=Path, default=DEFAULT_SPEC, help="Spec to check against (may be newer).")
    recheck.add_argument(
        "--report-dir",
        type=Path,
        default=DEFAULT_REPORT_DIR,
        help=f"Where summary.json, junit.xml and allure-results/ go, as for run (default: {DEFAULT_REPORT_DIR}/).",
    )

    cassette = commands.add_parser("cassette", help="Work with recorded cassettes.")
    cassette_commands = cassette.add_subparsers(dest="cassette_command", required=True, parser_class=_Parser)
    scan = cassette_commands.add_parser("scan", help="Exit 1 if any cassette holds a secret (for CI, pre-commit).")
    scan.add_argument("paths", type=Path, nargs="+", help="Cassette files or folders.")

    spec_diff = commands.add_parser("diff", help="What changed between two specs, and what it does to recordings.")
    spec_diff.add_argument("old_spec", type=Path)
    spec_diff.add_argument("new_spec", type=Path)
    spec_diff.add_argument("--cassette", type=Path, action="append", default=[], help="Recheck against the new spec.")
    spec_diff.add_argument("--format", choices=DIFF_FORMATS, default="md")
    spec_diff.add_argument("--fail-on", choices=("breaking",), help="Exit 1 when there is a breaking change.")

    add_lint_parser(commands)
    add_sdk_parser(commands)

    report = commands.add_parser("report", help="Build the HTML report from Allure results (needs Node).")
    report.add_argument("--results", type=Path, default=DEFAULT_RESULTS, help=f"default: {DEFAULT_RESULTS}")
    report.add_argument(
        "--out", type=Path, help=f"default: {DEFAULT_OUT.name}/ beside --results ({DEFAULT_OUT} for the default)"
    )
    report.add_argument(
        "--history",
        type=Path,
        help=f"Trend file (default: {DEFAULT_HISTORY.name} beside --results, so runs of one folder share a trend).",
    )
    report.add_argument("--serve", action="store_true", help="Build the multi-file report and serve it on 127.0.0.1.")
    report.add_argument("--port", type=int, default=0, help="Port for --serve (default: a free one).")

    sandbox = commands.add_parser("sandbox", help="Serve the embedded Voucherify sandbox until interrupted.")
    sandbox.add_argument("--port", type=int, default=0, help="Port on 127.0.0.1 (default: a free one).")
    sandbox.add_argument("--spec", type=Path, default=DEFAULT_SPEC, help=f"Spec to serve (default: {DEFAULT_SPEC}).")
    sandbox.add_argument("--app-id", help="Accepted X-App-Id (default: random).")
    sandbox.add_argument("--app-token", help="Accepted X-App-Token (default: random).")
    sandbox.add_argument("--fault", help="Serve with this defect injected (see --list-faults).")
    sandbox.add_argument("--list-faults", action="store_true", help="List the injectable defects and exit.")
    sandbox.add_argument(
        "--rate-limit", help="Simulate Voucherify's quota, e.g. 100/h: 429 and X-Rate-Limit-* headers."
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "run":
            return _run(args)
        if args.command == "recheck":
            return _recheck(args)
        if args.command == "cassette":
            return _scan(args)
        if args.command == "lint":
            return int(args.handler(args))
        if args.command == "sdk":
            from conformance.sdk.command import main as sdk_main

            return sdk_main(args)
        if args.command == "diff":
            from conformance.cassette.recheck import recheck
            from conformance.diff.report import diff, render

            result = diff(args.old_spec, args.new_spec, args.cassette, recheck)
            with reader_may_leave():
                print(render(result, args.format))
            return EXIT_DEFECTS if args.fail_on == "breaking" and result.breaking else EXIT_PASS
        if args.command == "report":
            return _report(args)
        return _sandbox(args)
    except ConformanceError as exc:
        print(f"conformance: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


def _run(args: argparse.Namespace) -> int:
    from conformance.runner import run  # pytest and schemathesis load only when needed
    from conformance.writers.console import render
    from conformance.writers.progress import ConsoleProgress

    settings = settings_from(vars(args))
    if settings.selection.all_methods and settings.base_url is not None:
        print(
            f"conformance: warning: --methods all sends POST, PUT, PATCH and DELETE to {settings.base_url}: "
            "they change that project's data.",
            file=sys.stderr,
        )
    if settings.plan_only:
        from conformance.costing import plans
        from conformance.costing import render as render_plan

        with reader_may_leave():
            print(render_plan(plans(settings), settings.max_requests))
        return EXIT_PASS
    with interrupts.first_stops(FIRST_INTERRUPT), ConsoleProgress(settings.max_requests) as progress:
        result = run(settings, progress)
    with reader_may_leave():
        if result.interrupted:
            print(render(result, verbose=args.verbose))
            kept = f" and the coverage file {settings.resume} (--resume it to go on)" if settings.resume else ""
            print(f"Interrupted: what was sent before Ctrl-C is in {settings.report_dir}/{kept}.", file=sys.stderr)
        elif result.errors and not result.operations:
            # Bad input or an unreachable target: one line, nothing else to show.
            print(f"conformance: error: {result.errors[0].message}", file=sys.stderr)
        else:
            print(render(result, verbose=args.verbose))
            print(f"Reports: {settings.report_dir}/")
    return result.exit_code


def recheck_summary(result: Recheck, spec: Path) -> str:
    """The line that sums a recheck up."""
    return (
        f"Rechecked {counted(result.responses, 'recorded response')} against {spec}: {result.failing} would fail "
        f"({counted(len(result.defects), 'distinct defect')}, {counted(len(result.spec_gaps), 'spec gap')}, "
        f"{counted(result.unmatched, 'interaction')} outside the spec)."
    )


def _recheck(args: argparse.Namespace) -> int:
    from conformance.cassette.recheck import recheck
    from conformance.writers import write_outputs

    report_dir = _report_folder(args.report_dir)
    result = recheck(args.cassette, args.spec)
    write_outputs(result.result, report_dir)
    with reader_may_leave():
        print(recheck_summary(result, args.spec))
        for finding in result.defects[:FIRST_FINDINGS]:
            print(f"- {finding.check} on {finding.operation}: {finding.title}\n  {finding.reproduce}")
        if len(result.defects) > FIRST_FINDINGS:
            print(f"... {len(result.defects) - FIRST_FINDINGS} more in {report_dir / SUMMARY_FILE}.")
        for warning in result.warnings:
            print(f"conformance: warning: {warning}", file=sys.stderr)
        for error in result.errors:
            print(f"conformance: error: {error}", file=sys.stderr)
        print(f"Reports: {report_dir}/")
    return result.result.exit_code


def _report_folder(path: Path) -> Path:
    """--report-dir as `run` takes it: a folder, made when missing; else one line and exit 2."""
    if path.exists() and not path.is_dir():
        raise UsageError(f"--report-dir must be a folder; {path} is a file. Pass a folder such as reports/.")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"Cannot create --report-dir {path}: {exc.strerror}.") from None
    return path


def _scan(args: argparse.Namespace) -> int:
    from conformance.cassette.scan import cassette_files, scan

    skipped: list[Path] = []
    leaks = scan(args.paths, skipped)
    for leak in leaks:
        print(leak)
    for path in skipped:
        print(f"skipped {path}: not a vcrpy cassette (no 'interactions' list)", file=sys.stderr)
    files = len(cassette_files(args.paths)) - len(skipped)
    print(f"{len(leaks)} secret(s) in {files} cassette(s).", file=sys.stderr)
    return EXIT_DEFECTS if leaks else EXIT_PASS


def _report(args: argparse.Namespace) -> int:
    from conformance.reporting.html import build_report, serve

    out = args.out or args.results.parent / DEFAULT_OUT.name
    history = args.history or args.results.parent / DEFAULT_HISTORY.name
    built = build_report(args.results, out, single_file=not args.serve, history=history)
    if not args.serve:
        print(f"Report: {built.index.resolve().as_uri()} (one file; history in {built.history})")
        return EXIT_PASS
    if not 0 <= args.port <= MAX_PORT:
        raise ConformanceError(f"--port must be between 0 (any free port) and {MAX_PORT}; got {args.port}.")
    server = serve(out, args.port)
    print(f"Report: http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop; history in {built.history})")
    with server:
        server.serve_forever()
    return EXIT_PASS


def _sandbox(args: argparse.Namespace) -> int:
    from conformance.sandbox.faults import FAULTS
    from conformance.sandbox.launch import coverage_lines, spec_sandbox

    if args.list_faults:
        with reader_may_leave():
            for fault in FAULTS:
                print(f"{fault.name:<28}{fault.category:<14}{fault.description}  [caught by {fault.catches}]")
        return EXIT_PASS
    if not 0 <= args.port <= MAX_PORT:
        raise ConformanceError(f"--port must be between 0 (any free port) and {MAX_PORT}; got {args.port}.")
    if args.rate_limit:
        parse_rate(args.rate_limit)
    credentials = Credentials(args.app_id, args.app_token) if args.app_id and args.app_token else None
    try:
        server = spec_sandbox(
            args.spec, port=args.port, credentials=credentials, fault=args.fault, rate_limit=args.rate_limit
        )
    except ValueError as exc:
        raise ConformanceError(str(exc)) from None
    except OSError as exc:
        reason = f"Cannot listen on 127.0.0.1:{args.port}: {exc.strerror}. Pick another --port."
        raise ConformanceError(reason) from None
    with server:
        # Printing these is the point of this command: they are the sandbox's own, not a user's secrets.
        print(f"Sandbox listening on {server.url}" + (f" with fault {args.fault}" if args.fault else ""), flush=True)
        print(f"  export {APP_ID_ENV}={server.credentials.app_id}", flush=True)
        print(f"  export {APP_TOKEN_ENV}={server.credentials.app_token}", flush=True)
        print(f"  conformance run --spec {args.spec} --base-url {server.url}", flush=True)
        for line in coverage_lines(server):
            print(f"  {line}", flush=True)
        while True:
            time.sleep(3600)


if __name__ == "__main__":
    sys.exit(main())
