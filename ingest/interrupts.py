"""Ctrl-C at any moment: held back while a native module initialises, and an interrupted
program ended without tearing the interpreter down under DuckDB's threads.

DuckDB's extension builds its Python enums while it loads; a KeyboardInterrupt raised in
the middle of that is a "Critical nanobind error" and the process aborts (SIGABRT) instead
of ending with one line. Inside `interrupts_deferred()` a Ctrl-C is remembered, not
raised, and raised as soon as the block is over.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import NoReturn

INTERRUPTED = 130  # the shell's status for a program ended by Ctrl-C


Handler = Callable[[int, FrameType | None], None]


@contextmanager
def sigint_handler(handler: Handler) -> Iterator[None]:
    """Route SIGINT to `handler` during the block, then back to Python's own.

    Only the main thread gets signals, and a program's own SIGINT handler (or SIGINT
    ignored, as in a background job) stays in charge: then the block runs as it is.
    """
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        yield
        return
    signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Run the block without KeyboardInterrupt; a Ctrl-C during it is raised after it."""
    pressed: list[int] = []
    with sigint_handler(lambda signum, _frame: pressed.append(signum)):
        yield
    if pressed:
        raise KeyboardInterrupt


def exit_interrupted() -> NoReturn:
    """End an interrupted program at once, with status 130.

    An interrupt can land while DuckDB still works on a thread of its own (building the
    lake's views, winding a cancelled statement down). A normal exit would tear the
    interpreter down under that thread, and the C++ runtime aborts (SIGABRT, "terminate
    called ..."). Call it only once everything the program must leave is written (an
    ingest releases its lock and the history records the cancelled statement while the
    interrupt unwinds, before this).
    """
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(INTERRUPTED)
