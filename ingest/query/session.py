"""Run statements on an engine and record each one in the history: the CLI's and the TUI's
one way to run SQL.

A run stops at the first statement that fails or is cancelled. Every statement, whatever
its outcome, becomes one history entry, built here and only here, with one clock.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from ingest.errors import LakeError
from ingest.query.engine import QueryEngine
from ingest.query.history import HistoryEntry, QueryHistory
from ingest.query.result import QueryCancelled, QueryResult
from ingest.query.running import RunningQuery

#: Told each statement's handle as soon as it starts (the TUI keeps it to cancel it).
OnStart = Callable[[int, RunningQuery], None]


@dataclass(frozen=True)
class StatementOutcome:
    """One statement's result, or the error that stopped it."""

    index: int
    sql: str
    result: QueryResult | None = None
    error: LakeError | None = None

    @property
    def succeeded(self) -> bool:
        return self.result is not None

    @property
    def cancelled(self) -> bool:
        return isinstance(self.error, QueryCancelled)


class QuerySession:
    """One engine, its history, statements run in order."""

    def __init__(self, engine: QueryEngine, history: QueryHistory | None) -> None:
        self.engine = engine
        self.history = history

    def run(
        self,
        statements: Sequence[str],
        *,
        on_start: OnStart | None = None,
        stopped: Callable[[], bool] = lambda: False,
    ) -> Iterator[StatementOutcome]:
        """Run `statements` in order, yielding each outcome; stops after the first failure.

        When `stopped()` turns true between statements, the next one is recorded as
        cancelled without being started. Ctrl-C (KeyboardInterrupt) while a statement runs
        cancels it, records it as cancelled and propagates.
        """
        for index, sql in enumerate(statements):
            if stopped():
                outcome = self._not_started(index, sql)
            else:
                outcome = self.run_one(index, sql, on_start)
            yield outcome
            if not outcome.succeeded:
                return

    def _not_started(self, index: int, sql: str) -> StatementOutcome:
        error = QueryCancelled("query cancelled")
        self._record(sql, time.time(), 0.0, "CANCELLED", str(error))
        return StatementOutcome(index, sql, error=error)

    def run_one(self, index: int, sql: str, on_start: OnStart | None = None) -> StatementOutcome:
        started_at, clock = time.time(), time.monotonic()
        query: RunningQuery | None = None
        try:
            query = self.engine.start(sql)
            if on_start is not None:
                on_start(index, query)
            result = query.result()
        except KeyboardInterrupt:
            if query is not None:
                query.cancel()
                with contextlib.suppress(Exception):
                    query.result()  # wait for the engine to stop it
            self._record(sql, started_at, time.monotonic() - clock, "CANCELLED", "interrupted")
            raise
        except Exception as err:  # an engine bug is one failed statement, not a crash
            error = (
                err
                if isinstance(err, LakeError)
                else LakeError(f"unexpected {type(err).__name__}: {err}", "please report it")
            )
            query_id = getattr(err, "query_id", "") or (query.query_id if query else "")
            status = "CANCELLED" if isinstance(err, QueryCancelled) else "FAILED"
            seconds = time.monotonic() - clock
            self._record(sql, started_at, seconds, status, str(error), query_id=query_id)
            return StatementOutcome(index, sql, error=error)
        stats = result.stats
        self._add(
            HistoryEntry(
                sql=sql,
                started_at=started_at,
                seconds=stats.elapsed_seconds,
                rows=result.row_count,
                status=stats.state,
                engine=stats.engine,
                query_id=stats.query_id,
                bytes_scanned=stats.bytes_scanned,
            )
        )
        return StatementOutcome(index, sql, result=result)

    def _record(
        self,
        sql: str,
        started_at: float,
        seconds: float,
        status: str,
        error: str,
        *,
        query_id: str = "",
    ) -> None:
        self._add(
            HistoryEntry(
                sql=sql,
                started_at=started_at,
                seconds=seconds,
                rows=0,
                status=status,
                engine=self.engine.name,
                query_id=query_id,
                error=error,
            )
        )

    def _add(self, entry: HistoryEntry) -> None:
        if self.history is None:
            return
        with contextlib.suppress(OSError):  # a full disk must not hide the result
            self.history.add(entry)
