"""`python -m conformance` and the `conformance` command."""

from __future__ import annotations

import sys
from typing import NoReturn

from conformance.cli import main


def entry() -> NoReturn:
    """Run the command and exit with its code, the ordinary way: exit handlers run and streams are flushed."""
    sys.exit(main())


if __name__ == "__main__":
    entry()
