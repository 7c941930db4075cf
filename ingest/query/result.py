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


def human_bytes(count: int) -> str:
    """512 B, 1.5 KB, 3.0 GB: binary units, one decimal above bytes."""
    size = float(count)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if size < 1024 or unit == "TB":
            return f"{size:,.0f} {unit}" if unit == "B" else f"{size:,.1f} {unit}"
        size /= 1024
    return f"{count} B"


def plural(count: int, noun: str) -> str:
    """`1 row`, `2 rows`, `1,000 rows`."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


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

    def stats_line(self) -> str:
        """One line, most useful first so a narrow terminal cuts only the id's tail:
        rows · elapsed · bytes scanned · Athena's estimated cost · query id. The CLI and
        the TUI both show exactly this."""
        stats = self.stats
        return (
            f"{plural(self.row_count, 'row')} · {stats.elapsed_seconds:.2f}s · "
            f"{human_bytes(stats.bytes_scanned)} scanned · "
            f"~{format_usd(stats.estimated_cost_usd)} · id {stats.query_id}"
        )


class QueryError(LakeError):
    """A query failed; the message carries the engine's reason."""

    def __init__(
        self, problem: str, hint: str = "", *, query_id: str = "", verbose: str = ""
    ) -> None:
        super().__init__(problem, hint)
        self.query_id = query_id
        #: what only --verbose shows: the SQL the local engine ran for the statement
        self.verbose = verbose


class QueryCancelled(QueryError):
    """The user cancelled the query."""
