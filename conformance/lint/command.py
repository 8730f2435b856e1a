"""`conformance lint SPEC...`: the spec's contradictions with itself; it sends no request.

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 bad input (one line on stderr).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from conformance.errors import EXIT_DEFECTS, EXIT_ERROR, EXIT_PASS, SpecError
from conformance.lint.engine import lint_files
from conformance.lint.model import Severity
from conformance.lint.writers import FORMATS, render
from conformance.pipe import reader_may_leave

FAIL_ON = tuple(severity.value for severity in Severity)


def add_parser(subparsers: Any) -> None:
    """Add `lint` to the `conformance` command's subparsers (argparse names their type only privately)."""
    lint = subparsers.add_parser(
        "lint", help="Find where the spec contradicts itself (examples, required, path parameters...). No requests."
    )
    lint.add_argument("specs", type=Path, nargs="+", metavar="SPEC", help="OpenAPI 3 files (JSON or YAML).")
    lint.add_argument("--format", choices=FORMATS, default="md", help="Report format (default: md).")
    lint.add_argument(
        "--fail-on", choices=FAIL_ON, default="error", help="Exit 1 on findings this severe or worse (default: error)."
    )
    lint.add_argument("--output", "-o", type=Path, help="Write the report here instead of standard output.")
    lint.set_defaults(handler=main)


def main(args: argparse.Namespace) -> int:
    """Lint the files, write the report, and return the exit code."""
    try:
        report = lint_files(args.specs)
    except SpecError as exc:
        print(f"conformance: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    text = render(report, args.format)
    if args.output:
        try:
            args.output.write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            print(f"conformance: error: cannot write {args.output}: {exc.strerror}.", file=sys.stderr)
            return EXIT_ERROR
    else:
        with reader_may_leave():
            print(text)
    failing = report.at_least(Severity(args.fail_on))
    return EXIT_DEFECTS if failing else EXIT_PASS
