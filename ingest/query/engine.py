"""The interface both engines implement; the CLI and the TUI use only this."""

from __future__ import annotations

from typing import Protocol

from ingest.catalog.table_input import CatalogTable, Partition
from ingest.query.result import QueryResult


class QueryEngine(Protocol):
    """Runs one SQL statement at a time (Athena SQL on both engines)."""

    #: "athena" or "duckdb"
    name: str

    def execute(self, sql: str) -> QueryResult:
        """Run one statement in the lake's database and wait for its result.

        Raises QueryError (with the engine's reason) on failure, QueryCancelled when
        `cancel()` stopped it. Unqualified table names resolve in the lake's database.
        """
        ...

    def cancel(self) -> None:
        """Stop the statement `execute` is running (safe to call from another thread)."""
        ...

    def databases(self) -> list[str]: ...

    def tables(self, database: str | None = None) -> list[CatalogTable]: ...

    def partitions(self, table: str, database: str | None = None) -> list[Partition]: ...

    def close(self) -> None: ...
