"""Holding Ctrl-C back while a native module initialises.

DuckDB's extension builds its Python enums while it loads; a KeyboardInterrupt raised in
the middle of that is a "Critical nanobind error" and the process aborts (SIGABRT) instead
of ending with one line. Inside `interrupts_deferred()` a Ctrl-C is remembered, not
raised, and raised as soon as the block is over.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


@contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Run the block without KeyboardInterrupt; a Ctrl-C during it is raised after it."""
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):  # only the main thread gets signals, and a program's own handler stays in charge
        yield
        return
    previous = signal.getsignal(signal.SIGINT)
    pressed: list[int] = []

    def remember(signum: int, _frame: FrameType | None) -> None:
        pressed.append(signum)

    signal.signal(signal.SIGINT, remember)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if pressed:
        raise KeyboardInterrupt
