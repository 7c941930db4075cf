"""Export the current result to CSV, Parquet or JSON at a path the user types.

The write runs in a named thread worker (a 100,000-row Parquet file takes a moment);
the screen then shows the path and row count it wrote, and closes with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from ingest.errors import LakeError
from ingest.query.export import export_table, format_for
from ingest.query.result import QueryResult, plural

_FORMATS = [
    ("format from the file name", ""),
    ("CSV", "csv"),
    ("Parquet", "parquet"),
    ("JSON lines", "json"),
]


@dataclass(frozen=True)
class Exported:
    path: Path
    rows: int


class ExportScreen(ModalScreen[Exported | None]):
    """A path, a format, and a confirmation of what was written."""

    CSS_PATH = "modals.tcss"  # read when the screen first opens, not at start-up

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", id="export.close"),
    ]

    def __init__(self, result: QueryResult, default_path: Path) -> None:
        super().__init__()
        self.result = result
        self.default_path = default_path

    def compose(self) -> ComposeResult:
        rows = plural(self.result.row_count, "row")
        with Vertical(id="export-box") as box:
            box.border_title = "Export result"
            box.border_subtitle = "enter writes · escape closes"
            yield Label(f"{rows}, {plural(len(self.result.columns), 'column')}")
            yield Input(str(self.default_path), id="export-path")
            yield Select(_FORMATS, value="", allow_blank=False, id="export-format")
            with Horizontal(id="export-buttons"):
                yield Button("Export", variant="primary", id="export-go")
                yield Button("Cancel", id="export-cancel")
            yield Static("", id="export-message")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-go")
    def _submit(self) -> None:
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            self._say("type the file to write, e.g. results.csv", error=True)
            return
        path = Path(text).expanduser()
        chosen = self.query_one("#export-format", Select).value
        fmt = chosen if isinstance(chosen, str) and chosen else None
        try:
            format_for(path, fmt)  # say at once when the name tells no format
        except LakeError as err:
            self._say(str(err), error=True)
            return
        self._say(f"writing {path} …", error=False)
        self._write(path, fmt)

    @on(Button.Pressed, "#export-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @work(thread=True, name="export", exclusive=True, exit_on_error=False)
    def _write(self, path: Path, fmt: str | None) -> None:
        try:
            written, rows = export_table(self.result.table, path, fmt)
        except LakeError as err:
            self.app.call_from_thread(self._say, str(err), error=True)
            return
        except OSError as err:
            self.app.call_from_thread(self._say, f"cannot write {path}: {err.strerror}", error=True)
            return
        self.app.call_from_thread(self._done, Exported(written, rows))

    def _done(self, exported: Exported) -> None:
        self._say(f"wrote {plural(exported.rows, 'row')} to {exported.path}", error=False)
        self.dismiss(exported)

    def _say(self, text: str, *, error: bool) -> None:
        message = self.query_one("#export-message", Static)
        message.set_class(error, "-error")
        message.update(Content(text))
