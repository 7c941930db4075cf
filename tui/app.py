"""`nba-lake-tui`: the terminal workbench. The App routes; components and workers do the work.

Keys and palette commands become actions here; messages from components and workers
are handed to the component that shows them. Running queries is `QueryRunner`'s job,
reading the catalog the tree's, ingesting the ingest screen's.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, TextArea

from ingest.catalog.model import CatalogTable
from ingest.errors import LakeError
from ingest.lake import Lake
from ingest.query.engine import QueryEngine
from ingest.query.history import QueryHistory
from ingest.query.sql_text import quote_identifier
from ingest.settings import Settings
from ingest.targets import open_lake
from tui.buffers import buffers_path, load_buffers, save_buffers
from tui.commands import LakeCommands, PaletteCommand
from tui.completion import CompletionSource
from tui.components.catalog_tree import CatalogTree
from tui.components.editor_tabs import EditorTabs
from tui.components.results_pane import ResultsPane
from tui.components.results_table import ResultsTable
from tui.components.status_bar import StatusBar
from tui.examples import Example, examples_for
from tui.formatting import format_sql
from tui.keys import help_sections
from tui.messages import (
    CatalogFailed,
    CatalogLoaded,
    IngestFinished,
    InsertText,
    PreviewTable,
    RunEnded,
    RunStarted,
    StatementFailed,
    StatementSucceeded,
)
from tui.runner import QueryRunner
from tui.screens.examples import ExamplesScreen
from tui.screens.export import Exported, ExportScreen
from tui.screens.help import HelpScreen
from tui.screens.history import HistoryChoice, HistoryScreen
from tui.screens.ingest import IngestScreen

#: Actions that only make sense on the main screen (not under a modal or the ingest screen).
MAIN_SCREEN_ACTIONS = frozenset(
    {
        "run",
        "run_all",
        "cancel",
        "format",
        "history",
        "examples",
        "ingest",
        "export",
        "focus_catalog",
        "focus_editor",
        "focus_results",
        "new_tab",
        "close_tab",
        "help",
        "preview_table",
        "open_example",
        "refresh_catalog",
    }
)
PREVIEW_ROWS = 100
SAVE_EVERY_SECONDS = 3.0


def preview_sql(table: str) -> str:
    """The first rows of `table`, its name quoted (a reserved word or odd name still works)."""
    return f"SELECT * FROM {quote_identifier(table)} LIMIT {PREVIEW_ROWS}"


class LakeApp(App[None]):
    """Catalog, editor tabs, result tabs, a status line and the footer."""

    CSS_PATH = "app.tcss"
    TITLE = "nba-lake"
    COMMANDS = App.COMMANDS | {LakeCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5,ctrl+j,ctrl+enter", "run", "Run", key_display="F5/^j", id="app.run"),
        Binding("ctrl+r", "run_all", "Run all", id="app.run_all"),
        Binding("ctrl+g", "cancel", "Cancel", id="app.cancel"),
        Binding("f8", "format", "Format SQL", show=False, id="app.format"),
        Binding("f9", "history", "History", key_display="F9", id="app.history"),
        Binding("f10,ctrl+o", "examples", "Examples", show=False, id="app.examples"),
        Binding("ctrl+l", "ingest", "Load data", id="app.ingest"),
        Binding("ctrl+s", "export", "Export", id="app.export"),
        Binding("f2", "focus_catalog", "Focus catalog", show=False, id="app.focus_catalog"),
        Binding("f3", "focus_editor", "Focus editor", show=False, id="app.focus_editor"),
        Binding("f4", "focus_results", "Focus results", show=False, id="app.focus_results"),
        Binding("ctrl+t", "toggle_theme", "Light/dark theme", show=False, id="app.theme"),
        Binding("f1", "help", "Help", key_display="F1", id="app.help"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.lake: Lake | None = None
        self.lake_error = ""
        self.history: QueryHistory | None = None
        self.completions = CompletionSource()
        self.tables: list[CatalogTable] = []
        self.examples: list[Example] = []
        self.runner = QueryRunner(self, self._make_engine, None)
        self._buffers_dirty = False

    # -- layout and start-up -------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            yield CatalogTree(id="catalog")
            with Vertical(id="work"):
                yield EditorTabs(self.completions, id="editor")
                yield ResultsPane(id="results")
        yield StatusBar()
        yield Footer()

    async def on_mount(self) -> None:
        self._ticker = self.set_interval(0.1, self._tick, pause=True)
        self.set_interval(SAVE_EVERY_SECONDS, self._save_buffers_if_dirty)
        self._open_lake()
        await self.query_one(EditorTabs).restore(load_buffers(self._buffers_path))
        self._buffers_dirty = False

    def _open_lake(self) -> None:
        status, tree = self.query_one(StatusBar), self.query_one(CatalogTree)
        try:
            lake = open_lake(self.settings)
        except LakeError as err:
            self.lake_error = str(err)
            status.show_error(self.lake_error)
            tree.set_message("no lake: run make apply")
            return
        self.lake = lake
        self.history = QueryHistory(lake.history_path)
        self.runner = QueryRunner(self, self._make_engine, self.history)
        self.examples = examples_for(lake.outputs)
        target = lake.target
        status.show_lake(f"{target.name} lake · {lake.outputs.database} · {target.engine_name}")
        tree.load(lake)

    def _make_engine(self) -> QueryEngine:
        """Called in the query worker on first use."""
        if self.lake is None:
            raise LakeError(self.lake_error or "no lake", "run `make apply`, then restart")
        return self.lake.target.query_engine(self.lake)

    @property
    def _buffers_path(self) -> Path:
        return buffers_path(self.settings.lake_home)

    def _save_buffers_if_dirty(self) -> None:
        if self._buffers_dirty:
            self._save_buffers()

    def _save_buffers(self) -> None:
        self._buffers_dirty = False
        save_buffers(self._buffers_path, self.query_one(EditorTabs).snapshot())

    def on_text_area_changed(self, _: TextArea.Changed) -> None:
        self._buffers_dirty = True

    async def action_quit(self) -> None:
        self._save_buffers()
        self.runner.close()
        self.exit()

    def _fatal_error(self) -> None:
        """The one place Textual prints a crash: its traceback shows every frame's local
        variables, and a frame could hold an API key or a private path. Ours shows none,
        and an error the user can fix (a LakeError) is its one line, with no traceback."""
        import rich
        from rich.traceback import Traceback
        from textual.worker import WorkerFailed

        self.bell()
        error = sys.exc_info()[1]
        if isinstance(error, WorkerFailed):
            error = error.error
        if isinstance(error, LakeError):
            self.panic(f"nba-lake-tui: error: {error}")
        else:
            self.panic(Traceback(show_locals=False, width=None, suppress=[rich]))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Main-screen actions are off while a modal or the ingest screen is up."""
        return not (action in MAIN_SCREEN_ACTIONS and self.screen is not self.screen_stack[0])

    # -- running queries -----------------------------------------------------------------

    @property
    def editors(self) -> EditorTabs:
        return self.query_one(EditorTabs)

    def _start(self, statements: list[str]) -> None:
        if not statements:
            self.notify("nothing to run: the buffer is empty", severity="warning")
            return
        try:
            self.runner.start(statements)
        except LakeError as err:
            self.notify(str(err), severity="warning")

    def action_run(self) -> None:
        editor = self.editors.editor
        self._start(editor.statements_to_run() if editor is not None else [])

    def action_run_all(self) -> None:
        editor = self.editors.editor
        self._start(editor.all_statements() if editor is not None else [])

    def action_cancel(self) -> None:
        if self.runner.cancel():
            self.query_one(StatusBar).show_note("cancelling …")
        else:
            self.notify("no query is running")

    def _tick(self) -> None:
        if self.runner.running:
            runner = self.runner
            self.query_one(StatusBar).show_running(
                time.monotonic() - runner.started_at, runner.current_index, runner.total
            )

    async def on_run_started(self, message: RunStarted) -> None:
        self._ticker.resume()
        self._tick()
        await self.query_one(ResultsPane).begin(message.run_id, message.statements)

    async def on_statement_succeeded(self, message: StatementSucceeded) -> None:
        await self.query_one(ResultsPane).show_result(message.index, message.result)
        total = self.runner.total
        prefix = f"{message.index + 1}/{total} · " if total > 1 else ""
        self.query_one(StatusBar).show_result(message.result, prefix)

    async def on_statement_failed(self, message: StatementFailed) -> None:
        await self.query_one(ResultsPane).show_error(
            message.index, message.error, cancelled=message.cancelled
        )
        status = self.query_one(StatusBar)
        if message.cancelled:
            status.show_note(f"⊘ {message.error}")
        else:
            status.show_error(message.error)

    async def on_run_ended(self, _: RunEnded) -> None:
        self._ticker.pause()
        await self.query_one(ResultsPane).finish()

    # -- catalog -------------------------------------------------------------------------

    def on_catalog_loaded(self, message: CatalogLoaded) -> None:
        self.tables = message.tables
        self.completions.update(message.tables)

    def on_catalog_failed(self, message: CatalogFailed) -> None:
        self.query_one(StatusBar).show_error(message.error)

    def on_insert_text(self, message: InsertText) -> None:
        editor = self.editors.editor
        if editor is not None:
            editor.insert_at_cursor(message.text)

    def on_preview_table(self, message: PreviewTable) -> None:
        self.action_preview_table(message.table)

    def action_preview_table(self, table: str) -> None:
        self._start([preview_sql(table)])

    def action_refresh_catalog(self) -> None:
        if self.lake is not None:
            self.query_one(CatalogTree).load(self.lake)

    def on_ingest_finished(self, _: IngestFinished) -> None:
        # the engines read the catalog as it is now (DuckDB rebuilds its views when the
        # catalog changes), so only the tree needs reloading
        self.action_refresh_catalog()

    def palette_commands(self) -> list[PaletteCommand]:
        """Per-table previews and the examples, for the command palette."""
        previews = [
            PaletteCommand(
                f"Preview {t.name}",
                f"first {PREVIEW_ROWS} rows ({t.layer})",
                f"preview_table({t.name!r})",
            )
            for t in self.tables
        ]
        examples = [
            PaletteCommand(f"Example: {e.title}", e.description, f"open_example({i})")
            for i, e in enumerate(self.examples)
        ]
        return previews + examples

    # -- editor --------------------------------------------------------------------------

    async def action_new_tab(self) -> None:
        await self.editors.new_tab()

    async def action_close_tab(self) -> None:
        await self.editors.action_close_tab()

    def action_format(self) -> None:
        editor = self.editors.editor
        if editor is None or not editor.text.strip():
            return
        try:
            formatted = format_sql(editor.text)
        except LakeError as err:
            self.notify(str(err), severity="error", title="Format")
            return
        editor.replace(formatted, (0, 0), editor.document.end, maintain_selection_offset=False)

    async def action_open_example(self, index: int) -> None:
        if 0 <= index < len(self.examples):
            example = self.examples[index]
            await self.editors.new_tab(example.sql, example.title)

    # -- screens -------------------------------------------------------------------------

    def action_help(self) -> None:
        self.push_screen(HelpScreen(help_sections(self.BINDINGS)))

    def action_examples(self) -> None:
        async def opened(example: Example | None) -> None:
            if example is not None:
                await self.editors.new_tab(example.sql, example.title)

        self.push_screen(ExamplesScreen(self.examples), opened)

    def action_history(self) -> None:
        async def chosen(choice: HistoryChoice | None) -> None:
            if choice is None:
                return
            await self.editors.new_tab(choice.entry.sql, "History")
            if choice.run:
                self._start([choice.entry.sql])

        self.push_screen(HistoryScreen(self.history), chosen)

    def action_ingest(self) -> None:
        self.push_screen(IngestScreen(self.settings))

    def action_export(self) -> None:
        result = self.query_one(ResultsPane).current_result
        if result is None:
            self.notify("no result to export: run a query first", severity="warning")
            return

        def exported(done: Exported | None) -> None:
            if done is not None:
                text = f"exported {done.rows:,} rows to {done.path}"
                self.query_one(StatusBar).show_note(text)
                self.notify(text, title="Export")

        self.push_screen(ExportScreen(result, Path.cwd() / "results.csv"), exported)

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_focus_catalog(self) -> None:
        self.query_one(CatalogTree).focus()

    def action_focus_editor(self) -> None:
        self.editors.focus_editor()

    def action_focus_results(self) -> None:
        table = self.query_one(ResultsPane).current_table
        if isinstance(table, ResultsTable):
            table.focus()


def main() -> int:
    try:
        settings = Settings.from_env()
    except LakeError as err:
        print(f"nba-lake-tui: error: {err}", file=sys.stderr)
        return 1
    LakeApp(settings).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
