"""TUI chart: a 100,000-point result drawn as a chart, against plotext drawing the same
points itself.

Ours: a finished result (a game time and a number per row: the core proposes a line
chart) is on screen as a table in a running app (200x50); the clock runs from ctrl+f to
the chart painted: the chart view, the reduction to what the plot can show, plotext
drawing what is left.
Baseline: plotext given the same 100,000 points as lists, drawing them at the same plot
size (`plot` + `build`). The two are interleaved in pairs; the figure is the median of the
per-pair ratios (goal <= 1.5), with the spread and the absolute times.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from benchmarks.report import Figure, record
from ingest.query.result import ColumnInfo, QueryResult, QueryStats
from ingest.settings import Settings
from ingest.targets import load_target
from tui.app import LakeApp
from tui.components.chart_plot import ChartPlot
from tui.messages import RunEnded, RunStarted, StatementSucceeded

POINTS = 100_000
SIZE = (200, 50)
PAIRS = 5


def build_result(rows: int = POINTS) -> QueryResult:
    """`game_time` (one minute apart) and `points`: a line chart of 100,000 points."""
    start = datetime(2024, 10, 22, 19, 0)
    index = pa.array(range(rows), pa.int64())
    points = pc.add(pc.multiply(pc.bit_wise_and(index, 31), 1.25), pc.divide(index, float(rows)))
    table = pa.table(
        {
            "game_time": pa.array(
                [start + timedelta(minutes=i) for i in range(rows)], pa.timestamp("us")
            ),
            "points": pc.cast(points, pa.float64()),
        }
    )
    columns = (ColumnInfo("game_time", "timestamp"), ColumnInfo("points", "double"))
    return QueryResult(columns, table, QueryStats("bench-chart", "SUCCEEDED", "duckdb", 0.1, 0))


async def draw_in_app(settings: Settings, result: QueryResult) -> tuple[float, tuple[int, int]]:
    """Seconds from ctrl+f (the result on screen as a table) to the chart painted."""
    painted: list[float] = []
    original = ChartPlot.render

    def recording(plot: ChartPlot) -> Any:
        rendered = original(plot)
        if plot.data is not None:
            painted.append(time.perf_counter())
        return rendered

    ChartPlot.render = recording  # type: ignore[method-assign]
    try:
        app = LakeApp(settings)
        async with app.run_test(size=SIZE) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            owner = app.editors.owner
            app.post_message(RunStarted(1, ["SELECT game_time, points FROM box_scores"], owner))
            app.post_message(StatementSucceeded(1, 0, result, owner))
            app.post_message(RunEnded(1, owner))
            for _ in range(2000):
                await pilot.pause()
                if app.current_result is not None:
                    break
            await pilot.pause()
            started = time.perf_counter()
            await pilot.press("ctrl+f")
            for _ in range(4000):
                if painted:
                    break
                await pilot.pause(0.001)
            assert painted, "the chart never painted"
            plot = app.query_one(ChartPlot)
            assert plot.data is not None and plot.data.rows == POINTS
            return painted[0] - started, (plot.size.width, plot.size.height)
    finally:
        ChartPlot.render = original  # type: ignore[method-assign]


def plotext_directly(xs: list[float], ys: list[float], size: tuple[int, int]) -> float:
    """Seconds for plotext to draw the points itself at the plot's size."""
    from plotext._figure import _figure_class

    started = time.perf_counter()
    figure = _figure_class()
    figure.plotsize(*size)
    figure.plot(xs, ys)
    figure.build()
    return time.perf_counter() - started


def main() -> None:
    result = build_result()
    seconds = pc.divide(
        pc.cast(pc.cast(result.table["game_time"], pa.timestamp("s")), pa.int64()), 86_400.0
    )
    xs, ys = seconds.to_pylist(), result.table["points"].to_pylist()
    ours: list[float] = []
    theirs: list[float] = []
    with tempfile.TemporaryDirectory(prefix="nba-chart-bench-") as tmp:
        settings = Settings.from_env(target="local", lake_home=Path(tmp) / "lake", env={})
        load_target("local", settings).provisioner().apply(yes=True)
        _, size = asyncio.run(draw_in_app(settings, result))  # warm-up; gives the plot's size
        for index in range(PAIRS):  # in pairs, each side first in turn
            if index % 2:
                theirs.append(plotext_directly(xs, ys, size))
            ours.append(asyncio.run(draw_in_app(settings, result))[0])
            if not index % 2:
                theirs.append(plotext_directly(xs, ys, size))
    ratios = [a / b for a, b in zip(ours, theirs, strict=True)]
    print(
        f"tui_chart_100k_points: workbench {statistics.median(ours):.3f}s, plotext alone "
        f"{statistics.median(theirs):.3f}s ({PAIRS} pairs); ratio spread "
        f"{min(ratios):.2f}-{max(ratios):.2f}"
    )
    record(
        [
            Figure(
                "tui_chart_100k_points",
                statistics.median(ours),
                "s",
                baseline=statistics.median(theirs),
                ratio=statistics.median(ratios),
                goal="<= 1.5 x plotext drawing the same points directly",
            )
        ]
    )


if __name__ == "__main__":
    main()
