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


def status_table(status: LakeStatus) -> Table:
    table = Table(
        title=f"{status.database} · {status.target} lake · bucket {status.bucket}",
        title_justify="left",
        header_style="bold",
    )
    table.add_column("table", no_wrap=True, overflow="ellipsis")
    table.add_column("rows", justify="right")
    table.add_column("size", justify="right")
    table.add_column("parts", justify="right")
    table.add_column("latest day", no_wrap=True)
    table.add_column("last ingest", no_wrap=True, overflow="ellipsis")
    table.add_column("rejects", justify="right")
    table.add_column(f"rows/day ({SPARK_DAYS}d)", no_wrap=True)
    for t in status.tables:
        marker = "◆" if t.layer == "curated" else "◇"
        table.add_row(
            f"{marker} {t.name}",
            rows_text(t),
            human_bytes(t.bytes),
            "" if t.partitions is None else f"{t.partitions:,}",
            freshness_text(t, status.today),
            last_run_text(t),
            f"[yellow]{t.rejects_waiting:,}[/]" if t.rejects_waiting else "0",
            sparkline(t.rows_per_day),
        )
    return table


def show_status(settings: Settings, console: Console, *, as_json_output: bool) -> None:
    status = lake_status(open_lake(settings))
    if as_json_output:
        console.print_json(json.dumps(as_json(status)))
        return
    console.print(status_table(status))
    if not status.tables:
        console.print("No tables yet: run `make apply`, then `make ingest`.")
