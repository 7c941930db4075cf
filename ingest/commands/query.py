"""`nba-lake query`: run Athena SQL on the lake's engine; print a table, CSV or JSON.

Data goes to stdout and nothing else does: statistics and confirmations go to stderr,
so `nba-lake query ... --format csv > out.csv` is clean. `--dry-run` prints what each
statement would scan and cost instead (an upper bound from the catalog and the files);
after a real run the estimate is shown beside what was scanned.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ingest.commands.chart import check_chart_request, print_chart
from ingest.errors import LakeError
from ingest.lake import Lake
from ingest.query.export import export_table, render
from ingest.query.history import QueryHistory
from ingest.query.result import QueryError, QueryResult
from ingest.query.scan_estimate import ScanEstimate, estimate_scan
from ingest.query.session import QuerySession
from ingest.query.statements import split_statements
from ingest.settings import Settings
from ingest.targets import open_lake

MAX_TABLE_ROWS = 1_000
_NUMERIC = ("integer", "bigint", "double", "real", "smallint", "tinyint")


def _print_table(console: Console, result: QueryResult) -> None:
    table = Table(show_lines=False, header_style="bold")
    for column in result.columns:
        numeric = column.type in _NUMERIC or column.type.startswith("decimal")
        table.add_column(
            f"{column.name}\n[dim]{column.type}[/]", justify="right" if numeric else "left"
        )
    shown = result.table.slice(0, MAX_TABLE_ROWS)
    for row in shown.to_pylist():
        table.add_row(*("NULL" if value is None else str(value) for value in row.values()))
    console.print(table)


def _show(
    console: Console, errors: Console, result: QueryResult, fmt: str, output: str | None
) -> None:
    if output:
        chosen = None if fmt == "table" else fmt
        path, rows = export_table(result.table, Path(output), chosen, result.columns)
        errors.print(f"Wrote {rows:,} rows to {path}")
    elif fmt == "table":
        _print_table(console, result)
        if result.row_count > MAX_TABLE_ROWS:
            errors.print(
                f"(showing {MAX_TABLE_ROWS:,} of {result.row_count:,} rows: "
                "use --format csv or --output FILE for all)"
            )
    else:
        sys.stdout.buffer.write(
            render(result.table, "csv" if fmt == "csv" else "json", result.columns)
        )
        sys.stdout.flush()


def check_output(settings: Settings, output: str, statements: int) -> None:
    """--output takes one statement's result, and never a file of the lake itself."""
    if statements > 1:
        raise LakeError(
            f"--output holds one result, and {statements} statements were given",
            "run them one at a time, each with its own --output",
        )
    target = Path(output).expanduser().resolve()
    for own, what in (
        (settings.lake_home, "the lake's folder (LAKE_HOME)"),
        (settings.terraform_dir, "the lake's Terraform declarations"),
    ):
        if target.is_relative_to(own.resolve()):
            raise LakeError(
                f"--output {output} is inside {what}, {own}",
                "write the result somewhere else",
            )


def _estimate(lake: Lake, sql: str) -> ScanEstimate | None:
    """The scan estimate of a statement, or None when it cannot be made (it never stops a
    run: the statement's own error is the one to show)."""
    try:
        return estimate_scan(sql, lake.catalog, lake.storage, lake.outputs.database)
    except LakeError:
        return None


def dry_run(console: Console, lake: Lake, texts: list[str]) -> None:
    """Print, per statement, the bytes it would scan at most and Athena's bill for them."""
    for text in texts:
        found = estimate_scan(text, lake.catalog, lake.storage, lake.outputs.database)
        console.print(found.line(), highlight=False, soft_wrap=True)


def run_query(
    settings: Settings,
    console: Console,
    sql: str,
    *,
    fmt: str,
    output: str | None,
    chart: str | None = None,
    dry: bool = False,
    timeout: float | None = None,
    verbose: bool = False,
) -> None:
    if chart is not None:
        check_chart_request(chart, fmt)  # a bad --chart fails before anything runs
    if sql == "-":
        sql = sys.stdin.read()
    statements = split_statements(sql)
    if not statements:
        raise LakeError("no SQL to run", 'give a statement, e.g. nba-lake query "SHOW TABLES"')
    if output:
        check_output(settings, output, len(statements))
    lake = open_lake(settings)
    texts = [statement.text for statement in statements]
    if dry:
        dry_run(console, lake, texts)
        return
    engine = lake.target.query_engine(lake)
    session = QuerySession(engine, QueryHistory(lake.history_path), timeout=timeout)
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        estimates = {text: _estimate(lake, text) for text in texts}
        for outcome in session.run(texts):
            if outcome.result is None:
                error = outcome.error or LakeError("the statement failed")
                if verbose and isinstance(error, QueryError) and error.verbose:
                    errors.print(f"ran on the local engine as: {error.verbose}", markup=False)
                raise error
            if chart is None or output:
                _show(console, errors, outcome.result, fmt, output)
            if chart is not None:
                print_chart(outcome.result, chart, errors)
            line = outcome.result.stats_line()
            estimate = estimates.get(outcome.sql)
            if estimate is not None and estimate.tables:
                line += f" · {estimate.versus(outcome.result.stats.bytes_scanned)}"
            errors.print(f"[dim]{line}[/]")
    finally:
        engine.close()
