"""`nba-lake-tui`: the terminal workbench. The App routes; components and workers do the work.

Keys and palette commands become actions here; messages from components and workers
are handed to the component that shows them. Running queries is `QueryRunner`'s job,
reading the catalog the tree's, ingesting the ingest screen's.

Start-up does only what the first screen needs: the saved tabs (only the active one gets
an editor), the layout and the themes. The lake is opened in a thread worker after the
first paint, and everything that pulls in pyarrow, DuckDB or sqlglot loads on first use.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import TextArea

from ingest.errors import LakeError
from ingest.interrupts import INTERRUPTED
from ingest.query.sql_text import quote_identifier
from ingest.settings import Settings
from tui.buffers import buffers_path, load_buffers, save_buffers
from tui.commands import LakeCommands, PaletteCommand
from tui.completion import CompletionSource
from tui.components.editor_tabs import TAB_BINDINGS, EditorTabs
from tui.components.status_bar import StatusBar
from tui.cost_preview import CostEstimated, CostPreview
from tui.error_position import mark_error
from tui.interrupt import interrupt_quits
from tui.messages import (
    BufferClosed,
    BufferShown,
    CatalogFailed,
    CatalogLoaded,
    IngestFinished,
    InsertText,
    LakeFailed,
    LakeOpened,
    PreviewTable,
    RunEnded,
    RunStarted,
    StatementFailed,
    StatementSucceeded,
)
from tui.runner import QueryRunner
from tui.themes import APP_THEMES, DARK, DARK_PALETTE, LIGHT, LIGHT_PALETTE, ansi_theme

if TYPE_CHECKING:
    import argparse

    from ingest.catalog.model import CatalogTable
    from ingest.lake import Lake
    from ingest.query.engine import QueryEngine
    from ingest.query.history import QueryHistory
    from ingest.query.result import QueryResult
    from tui.components.catalog_tree import CatalogTree
    from tui.components.results_area import ResultsArea
    from tui.examples import Example

#: Actions that only make sense on the main screen (not under a modal or another screen).
MAIN_SCREEN_ACTIONS = frozenset(
    {
        "run",
        "run_all",
        "cancel",
        "chart",
        "format",
        "history",
        "examples",
        "ingest",
        "status",
        "export",
        "toggle_catalog",
        "focus_catalog",
        "focus_editor",
        "focus_results",
        "new_tab",
        "close_tab",
        "next_tab",
        "help",
        "preview_table",
        "open_example",
        "refresh_catalog",
    }
)
PREVIEW_ROWS = 100
SAVE_EVERY_SECONDS = 3.0
#: Below this many columns the catalog folds away (F2 opens it) and the footer keeps
#: only its most used keys.
NARROW_WIDTH = 100
#: How long a query waits for the lake to open (it opens in the background at start).
LAKE_WAIT_SECONDS = 60.0


class MainScreen(Screen[None]):
    """The workbench's screen: the editor has the keyboard from the first frame."""

    AUTO_FOCUS = "SqlEditor"


def preview_sql(table: str) -> str:
    """The first rows of `table`, its name quoted (a reserved word or odd name still works)."""
    return f"SELECT * FROM {quote_identifier(table)} LIMIT {PREVIEW_ROWS}"


class LakeApp(App[None]):
    """Catalog, editor tabs, each tab's result tabs, a status line and the footer."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    TITLE = "nba-lake"
    COMMANDS = App.COMMANDS | {LakeCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5,ctrl+j,ctrl+enter", "run", "Run", key_display="F5/^j", id="app.run"),
        Binding("ctrl+f", "chart", "Chart", key_display="^f", id="app.chart"),
        Binding("ctrl+r", "run_all", "Run all", id="app.run_all"),
        Binding("ctrl+g", "cancel", "Cancel", id="app.cancel"),
        Binding("f8", "format", "Format SQL", show=False, id="app.format"),
        Binding("f9", "history", "History", key_display="F9", id="app.history"),
        Binding("f10,ctrl+o", "examples", "Examples", show=False, id="app.examples"),
        Binding("f12", "status", "Lake status", key_display="F12", id="app.status"),
        Binding("ctrl+l", "ingest", "Load data", id="app.ingest"),
        Binding("ctrl+s", "export", "Export", id="app.export"),
        # priority: keys that move the focus act before the keys typed after them are
        # handed to the widget that had it
        Binding(
            "f2", "toggle_catalog", "Catalog", key_display="F2", priority=True, id="app.catalog"
        ),
        Binding("f3", "focus_editor", "Focus editor", show=False, priority=True, id="app.editor"),
        Binding(
            "f4", "focus_results", "Focus results", show=False, priority=True, id="app.results"
        ),
        Binding("ctrl+t", "toggle_theme", "Light/dark theme", show=False, id="app.theme"),
        Binding("f1", "help", "Help", key_display="F1", id="app.help"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit"),
        *TAB_BINDINGS,
    ]

    def __init__(self, settings: Settings, *, light: bool = False) -> None:
        super().__init__()
        self.settings = settings
        self.lake: Lake | None = None
        self.lake_error = ""
        self._lake_ready = threading.Event()
        self.history: QueryHistory | None = None
        self.completions = CompletionSource()
        self.tables: list[CatalogTable] = []
        self.examples: list[Example] = []
        self.runner = QueryRunner(self, self._make_engine, None)
        self._buffers_dirty = False
        #: quit by Ctrl-C as a signal (see `tui.interrupt`): the exit status is 130
        self.interrupted = False
        self._rest_mounted = False
        self._quit_when_mounted = False
        self._narrow: bool | None = None
        for theme in APP_THEMES:
            self.register_theme(theme)
        self.ansi_theme_dark = ansi_theme(DARK_PALETTE)
        self.ansi_theme_light = ansi_theme(LIGHT_PALETTE)
        self.theme = LIGHT if light else DARK
        self.cost_preview = CostPreview(self)
        self._run_statements: dict[str, list[str]] = {}  # per editor tab: its last run

    # -- layout and start-up -------------------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        return MainScreen(id="_default")

    def compose(self) -> ComposeResult:
        """The first frame: the editor (with the keyboard) and the status line. The
        catalog, the results and the footer follow once it is on screen."""
        with Horizontal(id="main"), Vertical(id="work"):
            yield EditorTabs(self.completions, load_buffers(self._buffers_path), id="editor")
        yield StatusBar()

    def on_mount(self) -> None:
        self._ticker = self.set_interval(0.1, self._tick, pause=True)
        self.set_interval(SAVE_EVERY_SECONDS, self._save_buffers_if_dirty)
        self.query_one(StatusBar).show_note("opening the lake …")
        self.call_after_refresh(self._mount_the_rest)

    async def _mount_the_rest(self) -> None:
        # imported here: the first frame does not wait for the tree, results or footer
        from tui.components.catalog_tree import CatalogTree
        from tui.components.footer import LakeFooter
        from tui.components.results_area import ResultsArea

        tree = CatalogTree(id="catalog")
        tree.set_class(bool(self._narrow), "-hidden")
        try:
            await self.query_one("#main").mount(tree, before=0)
            tree.set_message("loading catalog …")
            await self.query_one("#work").mount(ResultsArea(id="results"))
            await self.mount(LakeFooter())
        finally:  # a quit that waited for these mounts is never left waiting
            self._rest_mounted = True
        if self._quit_when_mounted:  # quit was asked for while the rest was mounting
            await self.action_quit()
            return
        self.results.show(self.editors.owner)
        self._open_lake()

    def on_resize(self, event: Resize) -> None:
        narrow = event.size.width < NARROW_WIDTH
        if narrow != self._narrow:
            self._narrow = narrow
            self.screen_stack[0].set_class(narrow, "-narrow")
            for tree in self.query("#catalog"):
                tree.set_class(narrow, "-hidden")

    @work(thread=True, name="lake", group="lake", exit_on_error=False)
    def _open_lake(self) -> None:
        """Open the lake off the UI thread: the first keystroke never waits for pyarrow."""
        from ingest.targets import open_lake

        try:
            lake = open_lake(self.settings)
        except LakeError as err:
            self.post_message(LakeFailed(str(err)))
            return
        self.post_message(LakeOpened(lake))

    def on_lake_opened(self, message: LakeOpened) -> None:
        from ingest.query.history import QueryHistory
        from tui.examples import examples_for

        lake = self.lake = message.lake
        self.history = QueryHistory(lake.history_path)
        self.runner = QueryRunner(self, self._make_engine, self.history)
        self.examples = examples_for(lake.outputs)
        self._lake_ready.set()
        target = lake.target
        self.query_one(StatusBar).show_lake(
            f"{target.name} lake · {lake.outputs.database} · {target.engine_name}"
        )
        self.catalog.load(lake)

    def on_lake_failed(self, message: LakeFailed) -> None:
        self.lake_error = message.error
        self._lake_ready.set()
        self.query_one(StatusBar).show_error(self.lake_error)
        self.catalog.set_message("no lake: run make apply")

    def _make_engine(self) -> QueryEngine:
        """Called in the query worker on first use (after the lake has opened)."""
        self._lake_ready.wait(LAKE_WAIT_SECONDS)
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
        save_buffers(self._buffers_path, self.editors.snapshot())

    def on_text_area_changed(self, _: TextArea.Changed) -> None:
        self._buffers_dirty = True
        editor = self.editors.editor
        statements = editor.statements_to_run() if editor is not None else []
        self.cost_preview.changed(self.lake, statements[0] if statements else "")

    def on_cost_estimated(self, message: CostEstimated) -> None:
        if not self.runner.running:
            self.query_one(StatusBar).show_note(message.text)

    async def action_quit(self) -> None:
        if not self._rest_mounted:  # quitting between its mounts fails them: wait for it
            self._quit_when_mounted = True
            return
        self._save_buffers()
        self.runner.close()
        self.exit()

    def quit_interrupted(self) -> None:
        """Ctrl-C as a signal: quit as `q` does, once the current message is handled."""
        self.interrupted = True
        self.call_next(self.action_quit)

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
        """Main-screen actions are off while a modal or another screen is up."""
        return not (action in MAIN_SCREEN_ACTIONS and self.screen is not self.screen_stack[0])

    # -- running queries -----------------------------------------------------------------

    @property
    def editors(self) -> EditorTabs:
        return self.query_one(EditorTabs)

    @property
    def results(self) -> ResultsArea:
        from tui.components.results_area import ResultsArea

        return self.query_one("#results", ResultsArea)

    @property
    def catalog(self) -> CatalogTree:
        from tui.components.catalog_tree import CatalogTree

        return self.query_one("#catalog", CatalogTree)

    def _start(self, statements: list[str]) -> None:
        if not statements:
            self.notify("nothing to run: the buffer is empty", severity="warning")
            return
        try:
            self.runner.start(statements, self.editors.owner)
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
        self._run_statements[message.owner] = list(message.statements)
        self.cost_preview.cancel()
        self._ticker.resume()
        self._tick()
        pane = await self.results.pane_for(message.owner)
        await pane.begin(message.run_id, message.statements)

    async def on_statement_succeeded(self, message: StatementSucceeded) -> None:
        pane = self.results.pane(message.owner)
        if pane is not None:
            await pane.show_result(message.run_id, message.index, message.result)
        total = self.runner.total
        prefix = f"{message.index + 1}/{total} · " if total > 1 else ""
        self.query_one(StatusBar).show_result(message.result, prefix)

    async def on_statement_failed(self, message: StatementFailed) -> None:
        pane = self.results.pane(message.owner)
        if pane is not None:
            await pane.show_error(
                message.run_id, message.index, message.error, cancelled=message.cancelled
            )
        status = self.query_one(StatusBar)
        if message.cancelled:
            status.show_note(f"⊘ {message.error}")
        else:
            status.show_error(message.error)
            self._mark_error(message)

    def _mark_error(self, message: StatementFailed) -> None:
        """Select the token the error's `line L:C` points at, if its editor tab is in view."""
        editor = self.editors.editor
        statements = self._run_statements.get(message.owner, [])
        if editor is None or self.editors.owner != message.owner:
            return
        if 0 <= message.index < len(statements):
            mark_error(editor, statements[message.index], message.error, editor.cursor_offset)

    async def on_run_ended(self, message: RunEnded) -> None:
        self._ticker.pause()
        pane = self.results.pane(message.owner)
        if pane is not None:
            await pane.finish(message.run_id)

    def on_buffer_shown(self, message: BufferShown) -> None:
        """Another editor tab: its own results, and its last result's figures."""
        if not self.query("#results"):
            return  # the first frame: the results are not mounted yet
        self.results.show(message.owner)
        if self.runner.running:
            return
        result = self.current_result
        status = self.query_one(StatusBar)
        if result is not None:
            status.show_result(result)
        elif self.lake is not None:
            status.show_lake(status.lake_text)

    async def on_buffer_closed(self, message: BufferClosed) -> None:
        await self.results.drop(message.owner)

    @property
    def current_result(self) -> QueryResult | None:
        pane = self.results.current
        view = pane.current_view if pane is not None else None
        return view.result if view is not None else None

    async def action_chart(self) -> None:
        """The current result as a chart, or back as its table."""
        pane = self.results.current
        view = pane.current_view if pane is not None else None
        if view is None:
            self.notify("no result to chart: run a query first", severity="warning")
            return
        await view.toggle_chart()

    # -- catalog -------------------------------------------------------------------------

    def on_catalog_loaded(self, message: CatalogLoaded) -> None:
        self.tables = message.tables
        self.completions.update(message.tables)

    def on_catalog_failed(self, message: CatalogFailed) -> None:
        self.query_one(StatusBar).show_error(message.error)

    def on_insert_text(self, message: InsertText) -> None:
        editor = self.editors.editor
        if editor is not None:
            editor.insert_name(message.text)
        if self._narrow:  # the folded catalog closes again once a name is chosen
            self._show_catalog(False)
            self.editors.focus_editor()

    def on_preview_table(self, message: PreviewTable) -> None:
        self.action_preview_table(message.table)

    def action_preview_table(self, table: str) -> None:
        self._start([preview_sql(table)])

    def action_refresh_catalog(self) -> None:
        if self.lake is not None:
            self.catalog.load(self.lake)

    def on_ingest_finished(self, _: IngestFinished) -> None:
        # the engines read the catalog as it is now (DuckDB rebuilds its views when the
        # catalog changes), so only the tree needs reloading
        self.action_refresh_catalog()

    def _show_catalog(self, show: bool) -> None:
        self.catalog.set_class(not show, "-hidden")

    def action_toggle_catalog(self) -> None:
        """F2: open the catalog (and go there); from the catalog, fold it away."""
        tree = self.catalog
        if tree.has_class("-hidden"):
            self._show_catalog(True)
            self.call_after_refresh(tree.focus)
        elif self.focused is tree:
            self._show_catalog(False)
            self.editors.focus_editor()
        else:
            tree.focus()

    def action_focus_catalog(self) -> None:
        self._show_catalog(True)
        self.call_after_refresh(self.catalog.focus)

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

    async def action_next_tab(self, step: int) -> None:
        await self.editors.action_next_tab(step)

    def action_format(self) -> None:
        from tui.formatting import format_sql  # sqlglot loads on first use

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
        from tui.keys import help_sections
        from tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(help_sections(self.BINDINGS)))

    def action_examples(self) -> None:
        from tui.screens.examples import ExamplesScreen

        async def opened(example: Example | None) -> None:
            if example is not None:
                await self.editors.new_tab(example.sql, example.title)

        self.push_screen(ExamplesScreen(self.examples), opened)

    def action_history(self) -> None:
        from tui.screens.history import HistoryChoice, HistoryScreen

        async def chosen(choice: HistoryChoice | None) -> None:
            if choice is None:
                return
            await self.editors.new_tab(choice.entry.sql, "History")
            if choice.run:
                self._start([choice.entry.sql])

        self.push_screen(HistoryScreen(self.history), chosen)

    def action_ingest(self) -> None:
        from tui.screens.ingest import IngestScreen

        self.push_screen(IngestScreen(self.settings))

    def action_status(self) -> None:
        if self.lake is None:
            self.notify(self.lake_error or "the lake is still opening", severity="warning")
            return
        from tui.screens.status import StatusScreen

        self.push_screen(StatusScreen(self.lake))

    def action_export(self) -> None:
        from tui.components.results_pane import rows_label
        from tui.screens.export import Exported, ExportScreen

        result = self.current_result
        if result is None:
            self.notify("no result to export: run a query first", severity="warning")
            return

        def exported(done: Exported | None) -> None:
            if done is not None:
                text = f"exported {rows_label(done.rows)} to {done.path}"
                self.query_one(StatusBar).show_note(text)
                self.notify(text, title="Export")

        self.push_screen(ExportScreen(result, Path.cwd() / "results.csv"), exported)

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.current_theme.dark else DARK

    def action_focus_editor(self) -> None:
        self.editors.focus_editor()

    def action_focus_results(self) -> None:
        pane = self.results.current
        view = pane.current_view if pane is not None else None
        if view is not None:
            chart = view.chart
            if view.showing_chart and chart is not None:
                chart.focus_controls()
            else:
                view.table.focus()


def build_parser() -> argparse.ArgumentParser:
    import argparse  # only the command line needs it, not the first frame

    parser = argparse.ArgumentParser(
        prog="nba-lake-tui",
        description=(
            "The lake's terminal SQL workbench: a catalog, SQL editor tabs with completion, "
            "results as tables or charts, history, examples, a lake dashboard and ingest. "
            "Run `make apply` first; press F1 inside for every key."
        ),
    )
    parser.add_argument(
        "--lake-home", help="folder of the lake's files (default: $LAKE_HOME or .lake)"
    )
    parser.add_argument("--light", action="store_true", help="start in the light theme")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env(lake_home=args.lake_home)
    except LakeError as err:
        print(f"nba-lake-tui: error: {err}", file=sys.stderr)
        return 1
    app = LakeApp(settings, light=args.light)
    with interrupt_quits(app.quit_interrupted):
        app.run()
    return INTERRUPTED if app.interrupted else 0


if __name__ == "__main__":
    sys.exit(main())
