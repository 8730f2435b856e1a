"""`python -m conformance.lint SPEC...`: the lint command on its own, as `conformance lint` runs it."""

from __future__ import annotations

import argparse
import sys

from conformance.lint.command import add_parser, main


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m conformance.lint")
    add_parser(parser.add_subparsers(dest="command", required=True))
    return main(parser.parse_args(["lint", *argv]))


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
