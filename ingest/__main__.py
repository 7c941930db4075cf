"""`nba-lake` and `python -m ingest`: start the CLI so that Ctrl-C at any moment, even while
its modules are still loading, ends with one line and exit status 130, never a traceback."""

from __future__ import annotations

import contextlib
import os
import sys

from ingest.interrupts import interrupts_deferred

INTERRUPTED = 130


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
        _exit_now(code)
    return code


def _exit_now(code: int) -> None:
    """End the process without the interpreter's shutdown.

    An interrupt can land while DuckDB still works on a thread of its own (building the
    lake's views, winding a cancelled statement down). A normal exit would tear the
    interpreter down under that thread, and the C++ runtime aborts (SIGABRT, "terminate
    called ..."). Everything the run must leave is already written by now: the ingest
    released its lock and the history recorded the cancelled statement while unwinding.
    """
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    sys.exit(run())
