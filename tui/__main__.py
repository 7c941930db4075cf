"""`nba-lake-tui` and `python -m tui`: Ctrl-C while Textual and the lake load ends with one
line and exit status 130; once the app runs, a Ctrl-C signal quits it as `q` does (saving
the tabs, same line and status), and a Ctrl-C typed in its terminal is its own key."""

from __future__ import annotations

import sys

from ingest.interrupts import INTERRUPTED, exit_interrupted, interrupts_deferred


def run() -> int:
    try:
        with interrupts_deferred():
            from tui.app import main

        code = main()
    except KeyboardInterrupt:
        code = INTERRUPTED
    if code == INTERRUPTED:
        print("nba-lake-tui: interrupted", file=sys.stderr)
        exit_interrupted()
    return code


if __name__ == "__main__":
    sys.exit(run())
