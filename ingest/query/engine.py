"""The interface both engines implement; the CLI and the TUI use only this."""

from __future__ import annotations

from typing import Protocol

from ingest.query.result import QueryResult
from ingest.query.running import RunningQuery


class QueryEngine(Protocol):
    """Runs Athena SQL, one statement at a time, in the lake's database."""

    #: "athena" or "duckdb"
    name: str

    def start(self, sql: str) -> RunningQuery:
        """Begin one statement on the engine's thread and return at once.

        `result()` on the handle gives the rows or raises QueryError (with the engine's
        reason), QueryCancelled when `cancel()` stopped it. Unqualified table names
        resolve in the lake's database.
        """
        ...

    def execute(self, sql: str) -> QueryResult:
        """`start(sql).result()`: for callers that never cancel."""
        ...

    def close(self) -> None:
        """Stop what runs, finish writing results, release the engine."""
        ...
