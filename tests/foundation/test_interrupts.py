"""Ctrl-C while a native module loads is held back and raised right after (a
KeyboardInterrupt inside DuckDB's initialisation aborts the process)."""

from __future__ import annotations

import os
import signal
import time

import pytest

from ingest.interrupts import interrupts_deferred


def _press_ctrl_c() -> None:
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(0.05)  # the handler runs at the next bytecode boundaries


def test_a_ctrl_c_inside_the_block_is_raised_after_it() -> None:
    reached_the_end = False
    with pytest.raises(KeyboardInterrupt), interrupts_deferred():
        _press_ctrl_c()
        reached_the_end = True
    assert reached_the_end
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_without_a_ctrl_c_the_block_ends_quietly() -> None:
    with interrupts_deferred():
        pass
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    with pytest.raises(KeyboardInterrupt):  # and Ctrl-C works as before afterwards
        _press_ctrl_c()


def test_a_program_that_ignores_ctrl_c_keeps_ignoring_it() -> None:
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with interrupts_deferred():
            _press_ctrl_c()
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)
