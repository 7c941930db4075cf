"""`nba-lake query`: run Athena SQL on the lake's engine; print a table, CSV or JSON.

Data goes to stdout and nothing else does: statistics and confirmations go to stderr,
so `nba-lake query ... --format csv > out.csv` is clean.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ingest.errors import LakeError
from ingest.lake import open_lake
from ingest.query.export import export_table, render
from ingest.query.history import HistoryEntry, QueryHistory
from ingest.query.result import QueryError, QueryResult, format_usd
from ingest.query.statements import split_statements
from ingest.settings import Settings

MAX_TABLE_ROWS = 1_000


def _stats_line(result: QueryResult) -> str:
    stats = result.stats
    return (
        f"{result.row_count:,} rows in {stats.elapsed_seconds:.2f} s · scanned "
        f"{stats.bytes_scanned / 1e6:,.2f} MB · "
        f"est. Athena cost {format_usd(stats.estimated_cost_usd)} "
        f"· {stats.engine} query {stats.query_id}"
    )


def _print_table(console: Console, result: QueryResult) -> None:
    table = Table(show_lines=False, header_style="bold")
    for column in result.columns:
        numeric = column.type in (
            "integer",
            "bigint",
            "double",
            "real",
            "smallint",
            "tinyint",
        ) or column.type.startswith("decimal")
        table.add_column(
            f"{column.name}\n[dim]{column.type}[/]", justify="right" if numeric else "left"
        )
    shown = result.table.slice(0, MAX_TABLE_ROWS)
    for row in shown.to_pylist():
        table.add_row(*("NULL" if value is None else str(value) for value in row.values()))
    console.print(table)


def run_query(
    settings: Settings, console: Console, sql: str, *, fmt: str, output: str | None
) -> None:
    if sql == "-":
        sql = sys.stdin.read()
    statements = split_statements(sql)
    if not statements:
        raise LakeError("no SQL to run", 'give a statement, e.g. nba-lake query "SHOW TABLES"')
    lake = open_lake(settings)
    engine = lake.query_engine()
    history = QueryHistory(lake.history_path)
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        for statement in statements:
            started = time.time()
            try:
                result = engine.execute(statement.text)
            except QueryError as err:
                history.add(
                    HistoryEntry(
                        statement.text,
                        started,
                        time.time() - started,
                        0,
                        "FAILED",
                        engine.name,
                        err.query_id,
                        error=str(err),
                    )
                )
                raise
            history.add(
                HistoryEntry(
                    statement.text,
                    started,
                    result.stats.elapsed_seconds,
                    result.row_count,
                    result.stats.state,
                    engine.name,
                    result.stats.query_id,
                    result.stats.bytes_scanned,
                )
            )
            if output:
                chosen = None if fmt == "table" else fmt
                path, rows = export_table(result.table, Path(output), chosen)
                errors.print(f"Wrote {rows:,} rows to {path}")
            elif fmt == "table":
                _print_table(console, result)
                if result.row_count > MAX_TABLE_ROWS:
                    errors.print(
                        f"(showing {MAX_TABLE_ROWS:,} of {result.row_count:,} rows: "
                        "use --format csv or --output FILE for all)"
                    )
            else:
                sys.stdout.buffer.write(render(result.table, "csv" if fmt == "csv" else "json"))
                sys.stdout.flush()
            errors.print(f"[dim]{_stats_line(result)}[/]")
    finally:
        engine.close()
