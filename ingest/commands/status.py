"""`nba-lake status`: the lake at a glance, one row per table (see `ingest.lake_status`)."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console
from rich.table import Table

from ingest.lake_status import (
    SPARK_DAYS,
    LakeStatus,
    freshness_text,
    lake_status,
    last_run_text,
    rows_text,
    sparkline,
)
from ingest.query.result import human_bytes
from ingest.settings import Settings
from ingest.targets import open_lake


def as_json(status: LakeStatus) -> dict[str, Any]:
    return {
        "target": status.target,
        "database": status.database,
        "bucket": status.bucket,
        "today": status.today.isoformat(),
        "tables": [
            {
                "name": t.name,
                "dataset": t.dataset,
                "layer": t.layer,
                "rows": t.rows,
                "bytes": t.bytes,
                "files": t.files,
                "partitions": t.partitions,
                "latest_day": (
                    {"key": t.latest_day[0], "day": t.latest_day[1].isoformat()}
                    if t.latest_day
                    else None
                ),
                "last_ingest": (
                    {
                        "finished_at": t.last_run.finished_at.isoformat()
                        if t.last_run.finished_at
                        else None,
                        "source": t.last_run.source,
                        "run_id": t.last_run.run_id,
                        "status": t.last_run.status,
                        "rows": t.last_run.rows_for(t.layer),
                        "rejected": t.last_run.rejected,
                    }
                    if t.last_run
                    else None
                ),
                "rejects_waiting": t.rejects_waiting,
                "rows_per_day": list(t.rows_per_day),
            }
            for t in status.tables
        ],
    }


#: below these widths the sparkline, then the last ingest, give their room to the numbers
SPARKLINE_MIN_WIDTH = 150
LAST_INGEST_MIN_WIDTH = 110


def status_table(status: LakeStatus, width: int = 160) -> Table:
    """One row per table. Numbers are never wrapped or cut: on a narrow terminal the day
    columns wrap, the table names are shortened, and the sparkline and the last ingest
    give way (`status --json` has everything)."""
    table = Table(
        title=f"{status.database} · {status.target} lake · bucket {status.bucket}",
        title_justify="left",
        header_style="bold",
    )
    rows = [
        (
            f"{'◆' if t.layer == 'curated' else '◇'} {t.name}",
            rows_text(t),
            human_bytes(t.bytes),
            "" if t.partitions is None else f"{t.partitions:,}",
            freshness_text(t, status.today),
            f"{t.rejects_waiting:,}",
            last_run_text(t),
            sparkline(t.rows_per_day),
        )
        for t in status.tables
    ]
    shown = 6 + (width >= LAST_INGEST_MIN_WIDTH) + (width >= SPARKLINE_MIN_WIDTH)
    numbers = [
        max([len(header), *(len(row[index]) for row in rows)])
        for index, header in enumerate(("rows", "size", "parts", "", "rejects"), start=1)
        if header
    ]
    others = sum(numbers) + 10 + (26 if shown > 6 else 0) + (SPARK_DAYS if shown > 7 else 0)
    room = width - others - 3 * shown - 1  # what borders and padding leave for the names
    names = max([12, *(len(row[0]) for row in rows)])
    table.add_column("table", no_wrap=True, overflow="ellipsis", width=max(12, min(names, room)))
    for header, fit in zip(("rows", "size", "parts"), numbers, strict=False):
        table.add_column(header, justify="right", no_wrap=True, min_width=fit)
    table.add_column("latest day", min_width=10)  # wraps at its "·" on a narrow terminal
    table.add_column("rejects", justify="right", no_wrap=True, min_width=numbers[-1])
    if shown > 6:
        table.add_column("last ingest")
    if shown > 7:
        table.add_column(f"rows/day ({SPARK_DAYS}d)", no_wrap=True)
    for row in rows:
        rejects = row[5] if row[5] == "0" else f"[yellow]{row[5]}[/]"
        table.add_row(*row[:5], rejects, *row[6:shown])
    return table


def show_status(settings: Settings, console: Console, *, as_json_output: bool) -> None:
    status = lake_status(open_lake(settings))
    if as_json_output:
        console.print_json(json.dumps(as_json(status)))
        return
    console.print(status_table(status, console.width))
    if not status.tables:
        console.print("No tables yet: run `make apply`, then `make ingest`.")
