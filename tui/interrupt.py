"""Ctrl-C that reaches the workbench as a signal (pressed before Textual has taken the
terminal, or `kill -INT`): it quits as `q` does, saving the editor tabs, instead of
cancelling the app in the middle of mounting (which printed a NoMatches traceback)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

from ingest.interrupts import sigint_handler


@contextmanager
def interrupt_quits(quit_interrupted: Callable[[], None]) -> Iterator[None]:
    """While the app runs, SIGINT calls `quit_interrupted` on the app's event loop."""

    def on_interrupt(_signum: int, _frame: FrameType | None) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # the app's loop is not running yet, or any more
            raise KeyboardInterrupt from None
        loop.call_soon_threadsafe(quit_interrupted)

    with sigint_handler(on_interrupt):
        yield
