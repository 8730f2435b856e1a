"""Standard output to a reader that may stop reading early (`conformance run | head -1`).

Python ignores SIGPIPE, so a write to a closed pipe raises BrokenPipeError. Its documentation (the `signal`
module, "Note on SIGPIPE") says to point standard output at devnull when that happens, so that the writes that
follow and the flush at exit do not raise again. The command's exit code stays its verdict's: a reader that has
seen enough is not an error of the run.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator


@contextlib.contextmanager
def reader_may_leave() -> Iterator[None]:
    """Print inside; if the reader has gone, the rest of the output is dropped, and nothing is raised."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
