"""Ctrl-C as a signal at any moment of the workbench's life (pressed before Textual has
taken the terminal, or `kill -INT`): one line, exit status 130, the terminal given back.
It used to print a KeyboardInterrupt traceback, or a MountError/NoMatches crash when it
landed while the app was still mounting."""

from __future__ import annotations

import os
import pty
import signal
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _interrupted_after(lake_home: Path, seconds: float) -> tuple[int, str]:
    """Start `python -m tui` on a terminal, SIGINT it after `seconds`, return its exit
    status and everything it wrote."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the workbench on the pty
        os.environ.update(LAKE_HOME=str(lake_home), PYTHONPATH=str(ROOT), TERM="xterm-256color")
        os.chdir(ROOT)
        os.execv(sys.executable, [sys.executable, "-m", "tui"])
    time.sleep(seconds)
    os.kill(pid, signal.SIGINT)
    out, deadline = b"", time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), out.decode(errors="replace")


@pytest.mark.timeout(180)
def test_ctrl_c_at_any_moment_ends_with_one_line(tui_home: Path) -> None:
    for seconds in (0.3, 0.6, 0.9, 1.5, 3.0):
        code, out = _interrupted_after(tui_home, seconds)
        assert code == 130, (seconds, out[-600:])
        assert out.rstrip().endswith("nba-lake-tui: interrupted"), (seconds, out[-600:])
        assert "Traceback" not in out and "Error" not in out, (seconds, out[-2000:])
