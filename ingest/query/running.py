"""A statement running on an engine's own thread: wait for its result, or cancel it.

`QueryEngine.start(sql)` returns a `RunningQuery` at once. Any thread may `cancel()` it;
the caller waits with `result()`, which re-raises the statement's QueryError (or
QueryCancelled). The engine, while it runs the statement, registers how to stop it
(`stoppable`): DuckDB's interrupt, Athena's StopQueryExecution. A cancel that arrives
before that point is remembered and applied as soon as the engine registers.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager

from ingest.query.result import QueryResult

Stopper = Callable[[], None]


class RunningQuery:
    """One statement: `cancel()` from any thread, `result()` to wait for it."""

    def __init__(self, sql: str) -> None:
        self.sql = sql
        #: the engine's id for the statement, once it has one (Athena's QueryExecutionId)
        self.query_id = ""
        self._future: Future[QueryResult] = Future()
        self._lock = threading.Lock()
        self._cancel = threading.Event()
        self._stopper: Stopper | None = None

    # -- the caller's side -------------------------------------------------------------

    def cancel(self) -> None:
        """Ask the engine to stop this statement; harmless once it has ended."""
        with self._lock:
            self._cancel.set()
            stopper = self._stopper
        if stopper is not None:
            stopper()

    def result(self, timeout: float | None = None) -> QueryResult:
        """Wait for the rows; raises QueryError/QueryCancelled, or TimeoutError after
        `timeout` seconds (the statement keeps running: cancel it if you give up)."""
        return self._future.result(timeout)

    def done(self) -> bool:
        return self._future.done()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    # -- the engine's side -------------------------------------------------------------

    def wait_for_cancel(self, seconds: float) -> bool:
        """Sleep up to `seconds`, waking at once on a cancel; True when cancelled."""
        return self._cancel.wait(seconds)

    @contextmanager
    def stoppable(self, stopper: Stopper) -> Iterator[None]:
        """While the block runs, `cancel()` calls `stopper` (at once if already requested)."""
        with self._lock:
            self._stopper = stopper
            requested = self._cancel.is_set()
        try:
            if requested:
                stopper()
            yield
        finally:
            with self._lock:
                self._stopper = None


class StatementThread:
    """The one thread an engine runs its statements on, in the order they were started.

    A daemon thread: a process that was interrupted (Ctrl-C) must be able to exit at once
    even while the engine is still winding a statement down.
    """

    def __init__(self, name: str) -> None:
        self._work: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()
        self._closed = False

    def _loop(self) -> None:
        while True:
            item = self._work.get()
            if item is None:
                return
            item()

    def submit(self, query: RunningQuery, work: Callable[[RunningQuery], QueryResult]) -> None:
        """Run `work(query)` on the thread; its outcome becomes `query.result()`."""

        def run() -> None:
            if not query._future.set_running_or_notify_cancel():
                return
            try:
                query._future.set_result(work(query))
            except BaseException as err:  # handed to the waiting caller, re-raised there
                query._future.set_exception(err)

        self._work.put(run)

    def call(self, work: Callable[[], None]) -> None:
        """Run `work` on the thread (after queued statements) and wait for it."""
        if self._closed:
            raise RuntimeError("the engine is closed")
        done: Future[None] = Future()

        def run() -> None:
            try:
                work()
                done.set_result(None)
            except BaseException as err:
                done.set_exception(err)

        self._work.put(run)
        done.result()

    def shutdown(self, timeout: float | None = None) -> bool:
        """Stop after the queued work; True once the thread has ended (within `timeout`)."""
        if not self._closed:
            self._closed = True
            self._work.put(None)
        self._thread.join(timeout)
        return not self._thread.is_alive()
