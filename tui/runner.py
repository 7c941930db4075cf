"""Run statements in a named thread worker, so the UI never waits on an engine.

The runner owns the query engine (built on first use, in the worker: DuckDB and boto3
set-up stay off the UI thread), records every statement in the history, and reports
through messages posted to its host (post_message is thread-safe).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable

from textual.dom import DOMNode

from ingest.errors import LakeError
from ingest.query.engine import QueryEngine
from ingest.query.history import HistoryEntry, QueryHistory
from ingest.query.result import QueryCancelled, QueryError, QueryResult
from tui.messages import RunEnded, RunStarted, StatementFailed, StatementSucceeded

WORKER_NAME = "query"
CANCEL_REPEAT_SECONDS = 0.5
EngineFactory = Callable[[], QueryEngine]


class QueryRunner:
    """One engine, one run at a time; `cancel()` stops the statement being run."""

    def __init__(
        self, host: DOMNode, engine_factory: EngineFactory, history: QueryHistory | None
    ) -> None:
        self._host = host
        self._factory = engine_factory
        self._history = history
        self._engine: QueryEngine | None = None
        self._lock = threading.Lock()
        self._cancel = threading.Event()
        self._ended = threading.Event()
        self._ended.set()  # no run yet
        self._run_id = 0
        self.started_at = 0.0
        self.current_index = 0
        self.total = 0

    @property
    def running(self) -> bool:
        return not self._ended.is_set()

    def start(self, statements: list[str]) -> int:
        """Start a run of `statements` (in order, stopping at the first failure)."""
        if self.running:
            raise LakeError("a query is already running", "wait for it or cancel it (ctrl+g)")
        self._run_id += 1
        self._cancel.clear()
        self._ended.clear()
        self.started_at, self.current_index, self.total = time.monotonic(), 0, len(statements)
        run_id = self._run_id
        self._host.post_message(RunStarted(run_id, list(statements)))
        self._host.run_worker(
            lambda: self._work(run_id, statements),
            name=WORKER_NAME,
            group=WORKER_NAME,
            thread=True,
            exit_on_error=False,
            description=f"run {len(statements)} statement(s)",
        )
        return run_id

    def cancel(self) -> bool:
        """Ask the engine to stop; True when a run was in progress.

        The engine is told from a thread worker (Athena's StopQueryExecution is a network
        call), and told again until the run ends: a cancel that lands while the engine is
        between statements, or still being built, is a no-op for the engine.
        """
        if not self.running:
            return False
        if not self._cancel.is_set():
            self._cancel.set()
            self._host.run_worker(
                self._keep_cancelling, name="cancel", thread=True, exit_on_error=False
            )
        return True

    def _keep_cancelling(self) -> None:
        while not self._ended.is_set():
            with self._lock:
                engine = self._engine
            if engine is not None:
                engine.cancel()
            self._ended.wait(CANCEL_REPEAT_SECONDS)

    def close(self) -> threading.Thread:
        """On exit: stop a running query (so Athena stops billing), then release the engine.

        Both happen on a thread of their own, never on the UI thread: Athena's
        StopQueryExecution is a network call and DuckDB's close waits on its CSV writer. The
        engine is closed once the run has ended. The thread is not a daemon, so the process
        exits only after it; it is returned for callers that want to wait on it.
        """
        self._cancel.set()
        closer = threading.Thread(target=self._shut_down, name="query-close", daemon=False)
        closer.start()
        return closer

    def _shut_down(self) -> None:
        self._keep_cancelling()
        with self._lock:
            engine, self._engine = self._engine, None
        if engine is not None:
            with contextlib.suppress(Exception):  # exiting: nothing left to report it to
                engine.close()

    # -- worker thread -----------------------------------------------------------------

    def _engine_for_run(self) -> QueryEngine:
        """The engine, built here on first use (outside the lock: cancel() must not wait)."""
        with self._lock:
            engine = self._engine
        if engine is None:
            engine = self._factory()
            with self._lock:
                self._engine = engine
        return engine

    def _work(self, run_id: int, statements: list[str]) -> None:
        try:
            for index, sql in enumerate(statements):
                self.current_index = index
                if not self._run_one(run_id, index, sql):
                    break
        finally:
            self._ended.set()
            self._host.post_message(RunEnded(run_id))

    def _run_one(self, run_id: int, index: int, sql: str) -> bool:
        """Run one statement and report it; False stops the run."""
        started, clock = time.time(), time.monotonic()
        if self._cancel.is_set():
            self._failed(run_id, index, sql, started, 0.0, "query cancelled", cancelled=True)
            return False
        try:
            result = self._engine_for_run().execute(sql)
        except QueryError as err:  # QueryCancelled included
            cancelled = isinstance(err, QueryCancelled)
            elapsed = time.monotonic() - clock
            self._failed(
                run_id, index, sql, started, elapsed, str(err), cancelled, query_id=err.query_id
            )
            return False
        except LakeError as err:
            self._failed(run_id, index, sql, started, time.monotonic() - clock, str(err), False)
            return False
        except Exception as err:  # an engine bug must not take the app down
            text = f"unexpected {type(err).__name__}: {' '.join(str(err).split())}"
            self._failed(run_id, index, sql, started, time.monotonic() - clock, text, False)
            return False
        self._record(sql, started, result)
        self._host.post_message(StatementSucceeded(run_id, index, result))
        return not self._cancel.is_set()

    def _record(self, sql: str, started: float, result: QueryResult) -> None:
        stats = result.stats
        self._add(
            HistoryEntry(
                sql=sql,
                started_at=started,
                seconds=stats.elapsed_seconds,
                rows=result.row_count,
                status="SUCCEEDED",
                engine=stats.engine,
                query_id=stats.query_id,
                bytes_scanned=stats.bytes_scanned,
            )
        )

    def _failed(
        self,
        run_id: int,
        index: int,
        sql: str,
        started: float,
        seconds: float,
        error: str,
        cancelled: bool,
        *,
        query_id: str = "",
    ) -> None:
        engine = self._engine.name if self._engine is not None else ""
        self._add(
            HistoryEntry(
                sql=sql,
                started_at=started,
                seconds=seconds,
                rows=0,
                status="CANCELLED" if cancelled else "FAILED",
                engine=engine,
                query_id=query_id,
                error=error,
            )
        )
        self._host.post_message(StatementFailed(run_id, index, error, cancelled))

    def _add(self, entry: HistoryEntry) -> None:
        if self._history is None:
            return
        with contextlib.suppress(OSError):  # a full disk must not hide the result
            self._history.add(entry)
