"""`nba-lake` and `python -m ingest`: start the CLI so that Ctrl-C at any moment, even while
its modules are still loading, ends with one line and exit status 130, never a traceback."""

from __future__ import annotations

import sys

from ingest.interrupts import INTERRUPTED, exit_interrupted, interrupts_deferred


def run() -> int:
    """Load and run the CLI, treating an interrupt during the imports like any other."""
    try:
        with interrupts_deferred():  # an interrupt inside an import can surface as anything
            from ingest.cli import main

        code = main()
    except KeyboardInterrupt:
        print("nba-lake: interrupted", file=sys.stderr)
        code = INTERRUPTED
    if code == INTERRUPTED:
        exit_interrupted()
    return code


if __name__ == "__main__":
    sys.exit(run())
