"""The lake dashboard (F12): every table with its rows, size, partitions, latest day, last
ingest, waiting rejects and rows loaded per day; the chosen table's details below.

The figures are the core's `lake_status` (what `nba-lake status` prints), read in a
thread worker: on AWS they are S3 listings and Glue calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Sparkline, Static

from ingest.errors import LakeError
from ingest.lake import Lake
from ingest.lake_status import (
    SPARK_DAYS,
    LakeStatus,
    TableStatus,
    freshness_text,
    lake_status,
    last_run_text,
    rows_text,
    sparkline,
)
from ingest.query.result import human_bytes

#: Below this width the details shrink so the table keeps its rows.
NARROW = 100
COLUMNS = ("table", "rows", "size", "parts", "latest day", "last ingest", "rejects", "rows/day")


@dataclass
class StatusRead(Message):
    status: LakeStatus


@dataclass
class StatusFailed(Message):
    error: str


class StatusScreen(Screen[None]):
    """A table per row; Enter or a click shows its details; r reads the lake again."""

    CSS_PATH = "status.tcss"  # read when the screen first opens, not at start-up

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,f12", "app.pop_screen", "Close", id="status.close"),
        Binding("r", "refresh", "Refresh", id="status.refresh"),
    ]

    def __init__(self, lake: Lake) -> None:
        super().__init__()
        self.lake = lake
        self.status: LakeStatus | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="status-body") as body:
            body.border_title = "Lake status"
            yield Static("reading the catalog, storage and run manifests …", id="status-heading")
            yield DataTable(id="status-table", cursor_type="row", zebra_stripes=True)
            with Vertical(id="status-detail"):
                yield Static("", id="status-detail-text")
                yield Sparkline([], id="status-spark")
                yield Static("", id="status-spark-days")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#status-table", DataTable)
        for label in COLUMNS:
            table.add_column(label, key=label)
        self.action_refresh()

    def action_refresh(self) -> None:
        self._read()

    @work(thread=True, name="lake-status", group="lake-status", exclusive=True, exit_on_error=False)
    def _read(self) -> None:
        try:
            self.post_message(StatusRead(lake_status(self.lake)))
        except LakeError as err:
            self.post_message(StatusFailed(str(err)))

    def on_status_failed(self, message: StatusFailed) -> None:
        self.query_one("#status-heading", Static).update(Text(message.error))

    def on_status_read(self, message: StatusRead) -> None:
        status = self.status = message.status
        tables = status.tables
        rows = sum(t.rows or 0 for t in tables if t.layer == "curated")
        size = sum(t.bytes for t in tables)
        waiting = sum(t.rejects_waiting for t in {t.dataset: t for t in tables}.values())
        self.query_one("#status-heading", Static).update(
            f"{status.database} · {status.target} lake · bucket {status.bucket} · "
            f"{len(tables)} tables · {rows:,} curated rows · {human_bytes(size)}"
            + (f" · {waiting:,} rejects waiting" if waiting else "")
        )
        table = self.query_one("#status-table", DataTable)
        table.clear()
        for t in tables:
            table.add_row(*self._cells(t, status), key=t.name)
        self._show_detail(0)
        table.focus()

    def _cells(self, t: TableStatus, status: LakeStatus) -> list[Text | str]:
        warning = self.app.theme_variables.get("text-warning", "")
        return [
            Text(("◆ " if t.layer == "curated" else "◇ ") + t.name),
            Text(rows_text(t), justify="right"),
            Text(human_bytes(t.bytes), justify="right"),
            Text("" if t.partitions is None else f"{t.partitions:,}", justify="right"),
            freshness_text(t, status.today),
            last_run_text(t),
            Text(
                f"{t.rejects_waiting:,}",
                style=warning if t.rejects_waiting else "",
                justify="right",
            ),
            sparkline(t.rows_per_day),
        ]

    @on(DataTable.RowHighlighted, "#status-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail(event.cursor_row)

    def _show_detail(self, index: int) -> None:
        if self.status is None or not 0 <= index < len(self.status.tables):
            return
        t = self.status.tables[index]
        run = t.last_run
        lines = [
            f"{t.name} ({t.layer} table of dataset {t.dataset or '?'}): "
            f"{rows_text(t)} rows in {t.files:,} files, {human_bytes(t.bytes)}",
            "latest day: " + (freshness_text(t, self.status.today) or "not date-keyed"),
            "last ingest: " + last_run_text(t) + (f" (run {run.run_id})" if run else ""),
            f"rejects waiting: {t.rejects_waiting:,}"
            + (" (under the rejected prefix; read the reasons there)" if t.rejects_waiting else ""),
            f"rows loaded per day, last {SPARK_DAYS} days "
            f"(peak {max(t.rows_per_day, default=0):,}):",
        ]
        self.query_one("#status-detail-text", Static).update("\n".join(lines))
        self.query_one("#status-spark", Sparkline).data = [float(v) for v in t.rows_per_day]
        first = self.status.today - timedelta(days=len(t.rows_per_day) - 1)
        width = self.query_one("#status-spark").size.width or 60
        left, right = first.isoformat(), self.status.today.isoformat()
        self.query_one("#status-spark-days", Static).update(
            left + " " * max(width - len(left) - len(right), 1) + right
        )

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")
