"""The catalog interface both targets implement."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from ingest.catalog.model import CatalogTable, Partition


class Catalog(Protocol):
    """Databases, tables and partitions, in Glue's terms."""

    def databases(self) -> list[str]: ...

    def version(self, database: str) -> object | None:
        """A token that changes whenever the database's tables or partitions do, when it can
        be had cheaply (the local catalog); None when there is none (Glue)."""
        ...

    def ensure_database(self, name: str, description: str = "") -> bool:
        """Create the database if missing; True when something changed."""
        ...

    def delete_database(self, name: str) -> bool: ...

    def tables(self, database: str) -> list[CatalogTable]: ...

    def get_table(self, database: str, name: str) -> CatalogTable | None: ...

    def put_table(self, database: str, table_input: dict[str, Any]) -> str:
        """Create or update a table; returns 'created', 'updated' or 'unchanged'."""
        ...

    def delete_table(self, database: str, name: str) -> bool: ...

    def partitions(self, database: str, table: str) -> list[Partition]: ...

    def put_partition(self, database: str, table: str, partition: Partition) -> str | None:
        """Register or repoint a partition; returns the location it replaced, if any."""
        ...

    def put_partitions(
        self, database: str, table: str, partitions: Sequence[Partition]
    ) -> dict[tuple[str, ...], str | None]:
        """Register or repoint many partitions of one table in as few catalog calls as the
        catalog allows (a backfill registers thousands); returns, per partition's values,
        the location it replaced (None for a new one)."""
        ...

    def delete_partition(self, database: str, table: str, values: tuple[str, ...]) -> bool: ...
