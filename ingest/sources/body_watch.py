"""Watchdogs for a response body: the read timeout bounds each socket read, not the whole
answer, so a server that trickles a byte every few seconds could hold a run for ever.

`deadline` closes the response when an answer takes longer than its time limit (API
answers are small: the whole request has one limit); `stall_guard` closes a download that
stops making progress (a file may be large, so only a stalled one is stopped). Closing
the response makes the blocked read fail at once; the caller turns that into one line.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import requests


@contextmanager
def deadline(response: requests.Response, seconds: float) -> Iterator[threading.Event]:
    """Close `response` after `seconds`; the event says whether that happened."""
    expired = threading.Event()

    def stop() -> None:
        expired.set()
        response.close()

    timer = threading.Timer(seconds, stop)
    timer.daemon = True
    timer.start()
    try:
        yield expired
    finally:
        timer.cancel()


class Progress:
    """Bytes received so far, written by the reader and watched by the guard."""

    def __init__(self) -> None:
        self.size = 0


@contextmanager
def stall_guard(
    response: requests.Response, progress: Progress, window: float, least: int
) -> Iterator[threading.Event]:
    """Close `response` when fewer than `least` bytes arrive in any `window` seconds."""
    stalled, done = threading.Event(), threading.Event()

    def watch() -> None:
        seen = progress.size
        while not done.wait(window):
            if progress.size - seen < least:
                stalled.set()
                response.close()
                return
            seen = progress.size

    watcher = threading.Thread(target=watch, name="download-stall-guard", daemon=True)
    watcher.start()
    try:
        yield stalled
    finally:
        done.set()
