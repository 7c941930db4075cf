"""Cancelling a DuckDB statement, and only that one."""

from __future__ import annotations

import threading

import duckdb

_REINTERRUPT_SECONDS = 0.01


class Interrupter:
    """Stops the statement DuckDB is running, and only that one.

    DuckDB forgets an interrupt that lands before a statement has begun, so a cancel keeps
    interrupting until the statement has left DuckDB; `left()` ends that under the same
    lock, so no interrupt can reach the statement after it.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con
        self._lock = threading.Lock()
        self._left = threading.Event()

    def stop(self) -> None:
        threading.Thread(target=self._until_left, name="duckdb-interrupt", daemon=True).start()

    def _until_left(self) -> None:
        while True:
            with self._lock:
                if self._left.is_set():
                    return
                self._con.interrupt()
            if self._left.wait(_REINTERRUPT_SECONDS):
                return

    def left(self) -> None:
        with self._lock:
            self._left.set()
