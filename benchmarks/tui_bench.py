"""TUI: from a finished 100,000-row query to its rows on screen, and the memory it holds.

The result is built with pyarrow (the shape of player_season_stats, deterministic), so
the figure is the app's alone: results pane, tab, fast table, first paint. Timing starts
when the app is handed the finished result (what the query worker posts) and stops when
every visible line of the results table has been rendered. Memory is the process's RSS
with the result open minus RSS before the result existed (Arrow buffers included).
"""

from __future__ import annotations

import asyncio
import gc
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
from tui.components.results_table import ResultsTable
from tui.messages import RunEnded, RunStarted, StatementSucceeded

ROWS = 100_000
SIZE = (200, 50)
_TEAMS = ["ATL", "BOS", "BKN", "CHA", "CHI", "CLE", "DAL", "DEN", "DET", "GSW"]
_POSITIONS = ["PG", "SG", "SF", "PF", "C"]


def rss_mib() -> float:
    """Resident set size now (Linux /proc), in MiB."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def build_result(rows: int = ROWS) -> QueryResult:
    """A player_season_stats-shaped result of `rows` rows, as an engine returns it."""
    index = pa.array(range(rows), pa.int32())
    games = pc.add(pc.bit_wise_and(index, pa.scalar(63, pa.int32())), pa.scalar(19, pa.int32()))
    points = pc.multiply(pc.cast(games, pa.float64()), pa.scalar(12.37))
    start = datetime(2025, 4, 13, 20, 0, 0)
    table = pa.table(
        {
            "player_id": index,
            "name": pa.array([f"Player {i:06d}" for i in range(rows)]),
            "team": pa.array([_TEAMS[i % len(_TEAMS)] for i in range(rows)]),
            "position": pa.array([_POSITIONS[i % len(_POSITIONS)] for i in range(rows)]),
            "season": pa.array([2021 + i % 5 for i in range(rows)], pa.int32()),
            "games": games,
            "points": points,
            "points_per_game": pc.divide(points, pc.cast(games, pa.float64())),
            "rebounds_per_game": pa.array([(i % 97) / 7 for i in range(rows)]),
            "updated_at": pa.array(
                [start + timedelta(seconds=i) for i in range(rows)], pa.timestamp("us")
            ),
        }
    )
    types = [
        "integer",
        "varchar",
        "varchar",
        "varchar",
        "integer",
        "integer",
        "double",
        "double",
        "double",
        "timestamp",
    ]
    columns = tuple(ColumnInfo(n, t) for n, t in zip(table.column_names, types, strict=True))
    stats = QueryStats("bench-query", "SUCCEEDED", "duckdb", 0.5, 10_000_000)
    return QueryResult(columns, table, stats)


async def measure(settings: Settings) -> tuple[float, float]:
    """(seconds from result to painted rows, MiB of RSS the open result adds)."""
    painted: dict[int, float] = {}
    original = ResultsTable.render_line

    def recording(table: ResultsTable, y: int) -> Any:
        strip = original(table, y)
        painted.setdefault(y, time.perf_counter())
        return strip

    ResultsTable.render_line = recording  # type: ignore[method-assign]
    try:
        app = LakeApp(settings)
        async with app.run_test(size=SIZE) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            gc.collect()
            before = rss_mib()
            result = build_result()
            started = time.perf_counter()
            owner = app.editors.owner
            app.post_message(RunStarted(1, ["SELECT * FROM player_season_stats"], owner))
            app.post_message(StatementSucceeded(1, 0, result, owner))
            app.post_message(RunEnded(1, owner))
            table: ResultsTable | None = None
            for _ in range(2000):
                await pilot.pause()
                pane = app.results.current
                view = pane.current_view if pane is not None else None
                table = view.table if view is not None else None
                if table is not None and table.size.height and len(painted) >= table.size.height:
                    break
            assert table is not None and table.row_count == ROWS, "the result never showed"
            seconds = max(painted.values()) - started
            gc.collect()
            mib = rss_mib() - before
    finally:
        ResultsTable.render_line = original  # type: ignore[method-assign]
    return seconds, mib


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="nba-tui-bench-") as tmp:
        settings = Settings.from_env(target="local", lake_home=Path(tmp) / "lake", env={})
        load_target("local", settings).provisioner().apply(yes=True)
        seconds, mib = asyncio.run(measure(settings))
    record(
        [
            Figure(
                "tui_draw_100k_rows",
                seconds,
                "s",
                goal="lower is better; Textual's own DataTable takes over 20 s",
            ),
            Figure("tui_memory_100k_rows", mib, "MiB", goal="lower is better (RSS delta)"),
        ]
    )


if __name__ == "__main__":
    main()
