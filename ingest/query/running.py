"""A statement running on an engine's own thread: wait for its result, or cancel it.

`QueryEngine.start(sql)` returns a `RunningQuery` at once. Any thread may `cancel()` it;
the caller waits with `result()`, which re-raises the statement's QueryError (or
QueryCancelled). The engine, while it runs the statement, registers how to stop it
(`stoppable`): DuckDB's interrupt, Athena's StopQueryExecution. A cancel that arrives
before that point is remembered and applied as soon as the engine registers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
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
    """The one thread an engine runs its statements on, in the order they were started."""

    def __init__(self, name: str) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)

    def submit(self, query: RunningQuery, work: Callable[[RunningQuery], QueryResult]) -> None:
        """Run `work(query)` on the thread; its outcome becomes `query.result()`."""

        def run() -> None:
            if not query._future.set_running_or_notify_cancel():
                return
            try:
                query._future.set_result(work(query))
            except BaseException as err:  # handed to the waiting caller, re-raised there
                query._future.set_exception(err)

        self._pool.submit(run)

    def call(self, work: Callable[[], None]) -> None:
        """Run `work` on the thread (after queued statements) and wait for it."""
        self._pool.submit(work).result()

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=False)
