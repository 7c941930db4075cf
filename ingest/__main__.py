"""`nba-lake` and `python -m ingest`: start the CLI so that Ctrl-C at any moment, even while
its modules are still loading, ends with one line and exit status 130, never a traceback."""

from __future__ import annotations

import sys


def run() -> int:
    """Load and run the CLI, treating an interrupt during the imports like any other."""
    try:
        from ingest.cli import main

        return main()
    except KeyboardInterrupt:
        print("nba-lake: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(run())
