"""`python -m conformance` and the `conformance` command."""

from __future__ import annotations

import atexit
import os
import sys
from typing import NoReturn

from conformance.cli import main


def entry() -> NoReturn:
    """Run the command, then leave without tearing the interpreter down.

    Freeing a run's objects one by one at exit (Schemathesis' schema, Hypothesis, pytest, the parsed cassette)
    took about 0.2 s after every run had finished. Exit handlers still run and both streams are flushed first, so
    nothing that would have been written is lost; argparse's exits (help, usage errors) and uncaught exceptions
    leave the ordinary way.
    """
    code = main()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass  # a closed pipe: nothing more can be written to it anyway
    os._exit(code)


if __name__ == "__main__":
    entry()
