"""Query history: search as you type, Enter re-runs a query, ctrl+o opens it without running.

The statement column takes whatever width is left (at 80 columns the less useful columns
give way), and the highlighted statement is shown whole below the list.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Resize
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static

from ingest.query.history import HistoryEntry, QueryHistory

#: Theme colour and mark per status (the mark keeps it readable without colour).
_STATUS = {
    "SUCCEEDED": ("text-success", "✓"),
    "FAILED": ("text-error", "✗"),
    "CANCELLED": ("text-warning", "⊘"),
}
#: Rows shown at most (the newest that match).
SHOWN = 500
#: Below this width the engine and seconds columns give way to the statement.
NARROW = 100
#: Lines of the highlighted statement shown below the list.
PREVIEW_LINES = 6


@dataclass(frozen=True)
class HistoryChoice:
    """What the user picked, and whether to run it now."""

    entry: HistoryEntry
    run: bool


def one_line(sql: str, width: int = 90) -> str:
    text = " ".join(sql.split())
    return text if len(text) <= width else text[: max(width - 1, 1)] + "…"


def preview(sql: str, lines: int = PREVIEW_LINES) -> str:
    """The statement as written, cut to `lines` lines."""
    kept = sql.strip().splitlines()
    return "\n".join(
        kept[:lines] + ([f"… ({len(kept) - lines} more lines)"] if len(kept) > lines else [])
    )


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

    CSS_PATH = "modals.tcss"  # read when the screen first opens, not at start-up

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
            yield Static("", id="history-sql", markup=False)

    def on_mount(self) -> None:
        if self.history is not None:
            self.all_entries = self.history.entries(limit=sys.maxsize)
        self._search_text = ""
        self._fill("")
        self.query_one("#history-search", Input).focus()

    def on_resize(self, event: Resize) -> None:
        # after the layout: the statement column takes the table's width as it is now
        self.call_after_refresh(self._fill, self._search_text)

    def _columns(self, narrow: bool) -> list[tuple[str, int]]:
        """(label, width) per column; the statement gets the rest of the table's width."""
        fixed = [("when", 11 if narrow else 19), ("", 1), ("rows", 7)]
        if not narrow:
            fixed += [("seconds", 7), ("engine", 6)]
        table = self.query_one("#history-table", DataTable)
        inner = table.scrollable_content_region.width or self.size.width - 10
        # each column is padded by one cell on either side; one more for the scrollbar
        left = inner - sum(width + 2 for _, width in fixed) - 3
        return [*fixed, ("sql", max(left, 20))]

    def _fill(self, search: str) -> None:
        self._search_text = search
        table = self.query_one("#history-table", DataTable)
        narrow = self.app.size.width < NARROW
        table.clear(columns=True)
        columns = self._columns(narrow)
        for label, width in columns:
            table.add_column(label, width=width)
        sql_width = columns[-1][1]
        self.entries = matching(self.all_entries, search)
        for entry in self.entries:
            colour, mark = _STATUS.get(entry.status, ("text", "?"))
            style = self.app.theme_variables.get(colour, "")
            cells: list[str | Text] = [
                entry.when[5:16] if narrow else entry.when,
                Text(mark, style=style if style.startswith("#") else ""),
                f"{entry.rows:,}",
            ]
            if not narrow:
                cells += [f"{entry.seconds:.2f}", entry.engine]
            table.add_row(*cells, Text(one_line(entry.sql, sql_width)))
        empty = self.query_one("#history-empty", Static)
        empty.display = not self.entries
        empty.update("no queries yet" if not search else f"nothing matches '{search}'")
        self._show_statement(table.cursor_row)

    @on(Input.Changed, "#history-search")
    def _search(self, event: Input.Changed) -> None:
        self._fill(event.value.strip())

    @on(DataTable.RowHighlighted, "#history-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_statement(event.cursor_row)

    def _show_statement(self, row: int) -> None:
        shown = self.query_one("#history-sql", Static)
        if not self.entries:
            shown.display = False
            return
        entry = self.entries[min(max(row, 0), len(self.entries) - 1)]
        shown.display = True
        error = f"\n✗ {entry.error}" if entry.error else ""
        shown.update(preview(entry.sql) + error)

    def action_focus_table(self) -> None:
        self.query_one("#history-table", DataTable).focus()

    def action_choose(self, run: bool) -> None:
        table = self.query_one("#history-table", DataTable)
        if not self.entries:
            return
        row = min(max(table.cursor_row, 0), len(self.entries) - 1)
        self.dismiss(HistoryChoice(self.entries[row], run))
