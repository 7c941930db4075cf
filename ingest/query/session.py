"""Run statements on an engine and record each one in the history: the CLI's and the TUI's
one way to run SQL.

A run stops at the first statement that fails or is cancelled. Every statement, whatever
its outcome, becomes one history entry, built here and only here, with one clock.

The per-query time limit lives here too, so both targets keep it the same way: a statement
running longer is cancelled through its handle (DuckDB's interrupt, Athena's
StopQueryExecution) and fails with EXCEEDED_TIME_LIMIT. Athena's default is 30 minutes;
`NBA_LAKE_QUERY_TIMEOUT` (or `nba-lake query --timeout`) changes it.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

from ingest.errors import LakeError
from ingest.query.engine import QueryEngine
from ingest.query.history import HistoryEntry, QueryHistory
from ingest.query.result import QueryCancelled, QueryError, QueryResult
from ingest.query.running import RunningQuery

#: Athena's default per-query time limit (a workgroup can lower it).
DEFAULT_TIMEOUT_SECONDS = 30 * 60
TIMEOUT_VARIABLE = "NBA_LAKE_QUERY_TIMEOUT"
#: How often a waiting caller wakes (to notice Ctrl-C and the time limit).
_POLL_SECONDS = 0.1
#: How long a cancelled statement gets to stop before the caller stops waiting for it.
STOP_GRACE_SECONDS = 5.0
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h)?\s*$", re.I)


def parse_timeout(text: str) -> float:
    """'90' or '90s', '30m', '1h' -> seconds; raises LakeError for anything else."""
    match = _DURATION.match(text)
    if match is None or float(match.group(1)) <= 0:
        raise LakeError(
            f"'{text}' is not a query time limit",
            "give seconds (90, 90s) or minutes/hours (30m, 1h)",
        )
    factor = {"s": 1, "m": 60, "h": 3600}[(match.group(2) or "s").lower()]
    return float(match.group(1)) * factor


def timeout_from_env(env: Mapping[str, str] | None = None) -> float:
    """The per-query time limit NBA_LAKE_QUERY_TIMEOUT asks for, else Athena's 30 minutes."""
    text = (os.environ if env is None else env).get(TIMEOUT_VARIABLE, "").strip()
    return parse_timeout(text) if text else DEFAULT_TIMEOUT_SECONDS


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.2f}m" if seconds >= 60 else f"{seconds:.2f}s"


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

    def __init__(
        self, engine: QueryEngine, history: QueryHistory | None, *, timeout: float | None = None
    ) -> None:
        self.engine = engine
        self.history = history
        self.timeout = timeout_from_env() if timeout is None else timeout

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

    def _wait(self, query: RunningQuery, clock: float) -> QueryResult:
        """The statement's result, waking often (Ctrl-C reaches the caller at once) and
        cancelling it when it runs past the time limit."""
        while True:
            try:
                return query.result(_POLL_SECONDS)
            except FutureTimeout:
                pass
            if self.timeout and time.monotonic() - clock > self.timeout:
                query.cancel()
                _wait_for_stop(query)
                raise QueryError(
                    f"EXCEEDED_TIME_LIMIT: Query exceeded the maximum execution time limit of "
                    f"{_minutes(self.timeout)}",
                    f"it was cancelled; raise the limit with --timeout or {TIMEOUT_VARIABLE}",
                    query_id=query.query_id,
                )

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
            result = self._wait(query, clock)
        except KeyboardInterrupt:
            if query is not None:
                query.cancel()
                _wait_for_stop(query)
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


def _wait_for_stop(query: RunningQuery) -> None:
    """Give a cancelled statement a moment to stop; never wait for it forever."""
    with contextlib.suppress(Exception):
        query.result(STOP_GRACE_SECONDS)
