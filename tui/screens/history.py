"""Query history: search as you type, Enter re-runs a query, `o` opens it without running."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static

from ingest.query.history import HistoryEntry, QueryHistory

_STATUS_STYLE = {"SUCCEEDED": "green", "FAILED": "red", "CANCELLED": "yellow"}
#: Rows shown at most (the newest that match).
SHOWN = 500


@dataclass(frozen=True)
class HistoryChoice:
    """What the user picked, and whether to run it now."""

    entry: HistoryEntry
    run: bool


def one_line(sql: str, width: int = 90) -> str:
    text = " ".join(sql.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def matching(entries: list[HistoryEntry], search: str) -> list[HistoryEntry]:
    """The first SHOWN `entries` whose SQL or error contains `search` (any case), as
    QueryHistory.entries(search) would return them, without reading the file again."""
    needle = search.lower()
    found: list[HistoryEntry] = []
    for entry in entries:
        if needle in entry.sql.lower() or (needle and needle in entry.error.lower()):
            found.append(entry)
            if len(found) >= SHOWN:
                break
    return found


class HistoryScreen(ModalScreen[HistoryChoice | None]):
    """Every query this lake ran, newest first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", id="history.close"),
        Binding("enter", "choose(True)", "Re-run", priority=True, id="history.rerun"),
        Binding("ctrl+o", "choose(False)", "Open in a tab", priority=True, id="history.open"),
        Binding("down", "focus_table", "Results", show=False, id="history.down"),
    ]

    def __init__(self, history: QueryHistory | None) -> None:
        super().__init__()
        self.history = history
        #: every entry, newest first: the file is read once, when the screen opens
        self.all_entries: list[HistoryEntry] = []
        self.entries: list[HistoryEntry] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="history-box") as box:
            box.border_title = "History"
            box.border_subtitle = "enter re-runs · ctrl+o opens · escape closes"
            yield Input(placeholder="search SQL or errors", id="history-search")
            yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="history-empty")

    def on_mount(self) -> None:
        table = self.query_one("#history-table", DataTable)
        table.add_columns("when", "status", "rows", "seconds", "engine", "sql")
        if self.history is not None:
            self.all_entries = self.history.entries(limit=sys.maxsize)
        self._fill("")
        self.query_one("#history-search", Input).focus()

    def _fill(self, search: str) -> None:
        table = self.query_one("#history-table", DataTable)
        table.clear()
        self.entries = matching(self.all_entries, search)
        for entry in self.entries:
            table.add_row(
                entry.when,
                Text(entry.status, style=_STATUS_STYLE.get(entry.status, "")),
                f"{entry.rows:,}",
                f"{entry.seconds:.2f}",
                entry.engine,
                Text(one_line(entry.sql)),
            )
        empty = self.query_one("#history-empty", Static)
        empty.display = not self.entries
        empty.update("no queries yet" if not search else f"nothing matches '{search}'")

    @on(Input.Changed, "#history-search")
    def _search(self, event: Input.Changed) -> None:
        self._fill(event.value.strip())

    def action_focus_table(self) -> None:
        self.query_one("#history-table", DataTable).focus()

    def action_choose(self, run: bool) -> None:
        table = self.query_one("#history-table", DataTable)
        if not self.entries:
            return
        row = min(max(table.cursor_row, 0), len(self.entries) - 1)
        self.dismiss(HistoryChoice(self.entries[row], run))
