"""One result: its rows in the grid, or the same rows as a chart (ctrl+f switches).

The chart is built the first time it is asked for and kept, so switching back and forth
is instant and keeps the columns the user picked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical

from ingest.query.result import QueryResult
from tui.components.results_table import ResultsTable

if TYPE_CHECKING:  # plotext loads with the first chart, not with the first result
    from tui.components.chart_view import ChartView


class ResultView(Vertical):
    """A result's table, and its chart once shown."""

    def __init__(self, result: QueryResult) -> None:
        super().__init__(classes="result-view")
        self.result = result

    def compose(self) -> ComposeResult:
        yield ResultsTable(self.result)

    @property
    def table(self) -> ResultsTable:
        return self.query_one(ResultsTable)

    @property
    def chart(self) -> ChartView | None:
        found = self.query(".chart-view")
        return found.first() if found else None  # type: ignore[return-value]

    @property
    def showing_chart(self) -> bool:
        chart = self.chart
        return chart is not None and chart.display

    async def toggle_chart(self) -> bool:
        """Chart if the table shows, table if the chart does; True when the chart shows."""
        chart = self.chart
        if chart is None:
            from tui.components.chart_view import ChartView

            chart = ChartView(self.result)
            await self.mount(chart)
            chart.display = False
        show = not chart.display
        had_focus = self.screen.focused is not None and self in self.screen.focused.ancestors
        chart.display = show
        self.table.display = not show
        if had_focus:  # keep the keyboard where the user was looking
            if show:
                chart.focus_controls()
            else:
                self.screen.set_focus(self.table)
        return show
