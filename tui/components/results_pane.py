"""Results: a tab per statement of the last run, each showing rows, an error or progress.

Errors are shown in place (the engine's message, on the tab that failed), so the user
reads them where the rows would have been, and everything else keeps working.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import LoadingIndicator, Static, TabbedContent, TabPane

from ingest.query.result import QueryResult
from tui.components.results_table import ResultsTable

EMPTY_TEXT = (
    "No results yet.\n\nWrite SQL in the editor and run it: F5 or ctrl+j runs the statement"
    " under the cursor (or the selection), ctrl+r runs the whole buffer.\n"
    "F10 opens example queries, F1 lists every key."
)


class ResultsPane(Vertical):
    """The result tabs of the latest run."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._run_id = 0
        self._pending: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Static(EMPTY_TEXT, id="results-empty")
        yield TabbedContent(id="result-tabs")

    def on_mount(self) -> None:
        self.tabbed.display = False

    @property
    def tabbed(self) -> TabbedContent:
        return self.query_one("#result-tabs", TabbedContent)

    @staticmethod
    def _pane_id(run_id: int, index: int) -> str:
        return f"result-{run_id}-{index + 1}"

    async def begin(self, run_id: int, statements: list[str]) -> None:
        """New tabs for a run: the first shows a spinner, the rest wait their turn."""
        self._run_id = run_id
        await self.tabbed.clear_panes()
        self.query_one("#results-empty").display = False
        self.tabbed.display = True
        self._pending = set()
        for index, sql in enumerate(statements):
            pane_id = self._pane_id(run_id, index)
            body = (
                LoadingIndicator()
                if index == 0
                else Static("waiting for the statements before", classes="result-note")
            )
            pane = TabPane(f"Result {index + 1}", body, id=pane_id)
            pane.tooltip = sql
            await self.tabbed.add_pane(pane)
            self._pending.add(pane_id)
        self.tabbed.active = self._pane_id(run_id, 0)

    async def _fill(
        self, index: int, body: Static | ResultsTable, title: str, *, advance: bool
    ) -> TabPane | None:
        pane_id = self._pane_id(self._run_id, index)
        try:
            pane = self.tabbed.get_pane(pane_id)
        except Exception:  # the tab went away (a newer run cleared it)
            return None
        await pane.remove_children()
        await pane.mount(body)
        self.tabbed.get_tab(pane_id).label = title
        self._pending.discard(pane_id)
        nxt = self._pane_id(self._run_id, index + 1)
        if advance and nxt in self._pending:
            next_pane = self.tabbed.get_pane(nxt)
            await next_pane.remove_children()
            await next_pane.mount(LoadingIndicator())
        return pane

    async def show_result(self, index: int, result: QueryResult) -> None:
        rows = f"{result.row_count:,} row{'s' if result.row_count != 1 else ''}"
        await self._fill(index, ResultsTable(result), f"Result {index + 1} · {rows}", advance=True)

    async def show_error(self, index: int, error: str, *, cancelled: bool) -> None:
        heading = "Cancelled" if cancelled else "Query failed"
        body = Static(error, classes="result-error" if not cancelled else "result-note")
        body.border_title = heading
        pane = await self._fill(
            index, body, f"Result {index + 1} · {heading.lower()}", advance=False
        )
        if pane is not None and pane.id is not None:
            self.tabbed.active = pane.id

    async def finish(self) -> None:
        """Tabs whose statements never ran (an earlier one failed) say so."""
        for pane_id in sorted(self._pending):
            pane = self.tabbed.get_pane(pane_id)
            await pane.remove_children()
            await pane.mount(
                Static(
                    "not run: an earlier statement failed or was cancelled", classes="result-note"
                )
            )
        self._pending.clear()

    @property
    def current_table(self) -> ResultsTable | None:
        pane = self.tabbed.active_pane
        if pane is None:
            return None
        tables = pane.query(ResultsTable)
        return tables.first() if tables else None

    @property
    def current_result(self) -> QueryResult | None:
        table = self.current_table
        return table.result if table is not None else None
