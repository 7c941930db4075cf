"""The result every engine returns, and the errors it raises.

Rows are an Arrow table, so 100,000 rows cost little to hold, export or hand to the TUI.
Column types use Athena's (Trino's) names, so a result reads the same on both engines.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from ingest.errors import LakeError

#: Athena's price: 5 USD per TB scanned, at least 10 MB per query.
USD_PER_TB = 5.0
MIN_BILLED_BYTES = 10 * 1024 * 1024


def athena_cost_usd(bytes_scanned: int) -> float:
    """What Athena would bill for scanning this many bytes (0 for a query that scans nothing)."""
    if bytes_scanned <= 0:
        return 0.0
    return max(bytes_scanned, MIN_BILLED_BYTES) / 1024**4 * USD_PER_TB


def format_usd(amount: float) -> str:
    """Dollars readable at any size: $0.000048 for Athena's minimum, $1.23 for a big scan."""
    if amount == 0:
        return "$0"
    return f"${amount:.2f}" if amount >= 0.01 else f"${amount:.6f}"


@dataclass(frozen=True)
class ColumnInfo:
    """A result column: its name and Athena type name (varchar, integer, double, ...)."""

    name: str
    type: str


@dataclass(frozen=True)
class QueryStats:
    """How a query ran."""

    query_id: str
    state: str  # SUCCEEDED (errors raise QueryError instead)
    engine: str  # "athena" or "duckdb"
    elapsed_seconds: float
    bytes_scanned: int
    results_location: str | None = None

    @property
    def estimated_cost_usd(self) -> float:
        return athena_cost_usd(self.bytes_scanned)


@dataclass(frozen=True)
class QueryResult:
    """Columns with types, rows as Arrow, and statistics."""

    columns: tuple[ColumnInfo, ...]
    table: pa.Table
    stats: QueryStats

    @property
    def row_count(self) -> int:
        return int(self.table.num_rows)


class QueryError(LakeError):
    """A query failed; the message carries the engine's reason."""

    def __init__(self, problem: str, hint: str = "", *, query_id: str = "") -> None:
        super().__init__(problem, hint)
        self.query_id = query_id


class QueryCancelled(QueryError):
    """The user cancelled the query."""
