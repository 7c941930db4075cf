"""The status line: the lake, the running query's clock, or the last result's statistics.

Everything a query costs is here (rows, time, bytes scanned, Athena's estimated price,
the query id to look it up in the console), so the results pane stays all rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

if TYPE_CHECKING:
    from ingest.query.result import QueryResult

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


class StatusBar(Static):
    """One line at the bottom; the App tells it what to show."""

    def __init__(self, *, id: str | None = "status") -> None:
        super().__init__("", id=id)
        self.lake_text = ""

    def show_lake(self, text: str) -> None:
        self.lake_text = text
        self.set_class(False, "-error", "-running")
        self.update(Content.assemble(("● ", "$text-success"), text))

    def show_result(self, result: QueryResult, prefix: str = "") -> None:
        self.set_class(False, "-error", "-running")
        self.update(Content.assemble(("✓ ", "$text-success"), prefix, result.stats_line()))

    def show_running(self, elapsed: float, index: int, total: int) -> None:
        frame = SPINNER[int(elapsed * 10) % len(SPINNER)]
        which = f" statement {index + 1}/{total}" if total > 1 else ""
        self.set_class(True, "-running")
        self.set_class(False, "-error")
        self.update(
            Content.assemble(
                (f"{frame} ", "$text-warning"),
                f"running{which} · {elapsed:.1f}s",
                ("  ctrl+g cancels", "dim"),
            )
        )

    def show_error(self, text: str) -> None:
        self.set_class(True, "-error")
        self.set_class(False, "-running")
        self.update(Content.assemble(("✗ ", "$text-error"), text))

    def show_note(self, text: str) -> None:
        self.set_class(False, "-error", "-running")
        self.update(Content(text))
