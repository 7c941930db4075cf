"""The plot itself: textual-plotext drawing the core's reduced chart data.

The reduction (`ingest.charts.reduce.prepare`) runs in a thread worker whenever the
size or the spec changes; the render only draws the few points left, in the theme's
series colours (each readable on the chart's background).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
from textual import work
from textual.app import RenderResult
from textual.events import Resize
from textual.message import Message
from textual.reactive import reactive
from textual_plotext import PlotextPlot

from ingest.charts.draw import draw
from ingest.charts.reduce import ChartData, prepare
from ingest.charts.spec import ChartSpec
from tui.themes import chart_colours


@dataclass
class ChartReady(Message):
    """The worker reduced the data for this size and spec."""

    data: ChartData
    size: tuple[int, int]


class ChartPlot(PlotextPlot):
    """A result's chart, sized to the widget."""

    spec: reactive[ChartSpec | None] = reactive(None, init=False)

    def __init__(self, table: pa.Table, spec: ChartSpec) -> None:
        super().__init__(classes="chart-plot")
        self.table = table
        self.set_reactive(ChartPlot.spec, spec)
        self.data: ChartData | None = None
        self._wanted: tuple[ChartSpec, int, int] | None = None

    def on_resize(self, event: Resize) -> None:
        self._request()

    def watch_spec(self) -> None:
        self._request()

    def _request(self) -> None:
        spec, (width, height) = self.spec, self.size
        if spec is None or width <= 0 or height <= 0:
            return
        wanted = (spec, width, height)
        if wanted != self._wanted:
            self._wanted = wanted
            self._reduce(spec, width, height)

    @work(thread=True, name="chart", group="chart", exclusive=True, exit_on_error=False)
    def _reduce(self, spec: ChartSpec, width: int, height: int) -> None:
        # plotext's frame (axes, tick labels, title) takes a few cells of the size
        data = prepare(self.table, spec, max(width - 10, 10), max(height - 5, 5))
        self.post_message(ChartReady(data, (width, height)))

    def on_chart_ready(self, message: ChartReady) -> None:
        message.stop()
        if self._wanted is not None and message.data.spec == self._wanted[0]:
            self.data = message.data
            self.refresh()

    def render(self) -> RenderResult:
        self.plt.clear_figure()
        if self.data is not None:
            draw(self.plt, self.data, chart_colours(self.app.current_theme.dark))
        return super().render()
