"""One editor tab's results: a tab per statement of its last run, each showing rows (or a
chart of them), an error or progress.

Errors are shown in place (the engine's message, on the tab that failed), so the user
reads them where the rows would have been, and everything else keeps working.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import LoadingIndicator, Static, TabbedContent, TabPane

if TYPE_CHECKING:
    from ingest.query.result import QueryResult
    from tui.components.result_view import ResultView


def rows_label(count: int) -> str:
    """`1 row`, `2 rows`, `1,000 rows`."""
    return f"{count:,} row{'' if count == 1 else 's'}"


class ResultsPane(Vertical):
    """The result tabs of one editor tab's latest run."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._run_id = 0
        self._pending: set[str] = set()

    def compose(self) -> ComposeResult:
        yield TabbedContent(classes="result-tabs")

    @property
    def tabbed(self) -> TabbedContent:
        return self.query_one(TabbedContent)

    def _pane_id(self, run_id: int, index: int) -> str:
        return f"{self.id}-run{run_id}-{index + 1}"

    async def begin(self, run_id: int, statements: list[str]) -> None:
        """New tabs for a run: the first shows a spinner, the rest wait their turn."""
        self._run_id = run_id
        await self.tabbed.clear_panes()
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
        self, run_id: int, index: int, body: Static | ResultView, title: str, *, advance: bool
    ) -> TabPane | None:
        if run_id != self._run_id:
            return None  # a newer run replaced these tabs
        pane_id = self._pane_id(run_id, index)
        try:
            pane = self.tabbed.get_pane(pane_id)
        except Exception:  # the tab went away
            return None
        await pane.remove_children()
        await pane.mount(body)
        self.tabbed.get_tab(pane_id).label = title
        self._pending.discard(pane_id)
        nxt = self._pane_id(run_id, index + 1)
        if advance and nxt in self._pending:
            next_pane = self.tabbed.get_pane(nxt)
            await next_pane.remove_children()
            await next_pane.mount(LoadingIndicator())
        return pane

    async def show_result(self, run_id: int, index: int, result: QueryResult) -> None:
        from tui.components.result_view import ResultView  # the grid loads with a result

        title = f"Result {index + 1} · {rows_label(result.row_count)}"
        await self._fill(run_id, index, ResultView(result), title, advance=True)

    async def show_error(self, run_id: int, index: int, error: str, *, cancelled: bool) -> None:
        heading = "Cancelled" if cancelled else "Query failed"
        body = Static(error, classes="result-error" if not cancelled else "result-note")
        body.border_title = heading
        pane = await self._fill(
            run_id, index, body, f"Result {index + 1} · {heading.lower()}", advance=False
        )
        if pane is not None and pane.id is not None:
            self.tabbed.active = pane.id

    async def finish(self, run_id: int) -> None:
        """Tabs whose statements never ran (an earlier one failed) say so."""
        if run_id != self._run_id:
            return
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
    def current_view(self) -> ResultView | None:
        """The active result tab's rows (None for an error, a note or a spinner)."""
        from tui.components.result_view import ResultView

        pane = self.tabbed.active_pane
        if pane is None:
            return None
        views = pane.query(ResultView)
        return views.first() if views else None
