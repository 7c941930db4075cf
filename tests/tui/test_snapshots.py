"""Snapshots of the main screen (wide, 80x24, light), the chart view, the dashboard and
the ingest and help screens (SVGs under __snapshots__/).

Deterministic: the sample league is generated from a fixed seed, the cursor does not
blink, and the per-run figures (query id, elapsed time; the dashboard's dates and run
ids) are replaced with fixed ones after the real work ran. Update with
`pytest --snapshot-update`, then look.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from typing import Any

from textual.pilot import Pilot

from ingest.lake_status import LakeStatus, RunRecord
from ingest.query.result import QueryStats
from ingest.settings import Settings
from tests.tui.pilot import app_of, current_table, editor, run_sql, settle
from tui.app import LakeApp
from tui.components.chart_plot import ChartPlot
from tui.components.status_bar import StatusBar
from tui.screens.status import StatusRead, StatusScreen

QUERY = (
    "SELECT name, team, position, games, points_per_game\n"
    "FROM player_season_stats\n"
    "WHERE season = 2025\n"
    "ORDER BY points_per_game DESC\n"
    "LIMIT 20"
)


def frozen_cursor(pilot: Pilot[None]) -> None:
    for area in app_of(pilot).editors.editors():
        area.cursor_blink = False


async def main_screen_with_a_result(pilot: Pilot[None]) -> None:
    await settle(pilot)
    frozen_cursor(pilot)
    await run_sql(pilot, QUERY)
    result = current_table(pilot).result
    fixed = QueryStats("00000000-snapshot-query-id", "SUCCEEDED", "duckdb", 0.042, 1_234_567)
    pilot.app.query_one(StatusBar).show_result(dataclasses.replace(result, stats=fixed))
    editor(pilot).cursor_location = (0, 0)
    await pilot.pause()


def test_main_screen(snap_compare: Any, tui_settings: Settings) -> None:
    assert snap_compare(
        LakeApp(tui_settings), terminal_size=(120, 36), run_before=main_screen_with_a_result
    )


def test_main_screen_at_80x24(snap_compare: Any, tui_settings: Settings) -> None:
    assert snap_compare(
        LakeApp(tui_settings), terminal_size=(80, 24), run_before=main_screen_with_a_result
    )


async def ingest_form(pilot: Pilot[None]) -> None:
    await settle(pilot)
    frozen_cursor(pilot)
    await pilot.press("ctrl+l")
    await pilot.pause()


def test_ingest_screen(snap_compare: Any, tui_settings: Settings) -> None:
    assert snap_compare(LakeApp(tui_settings), terminal_size=(100, 30), run_before=ingest_form)


async def help_screen(pilot: Pilot[None]) -> None:
    await settle(pilot)
    frozen_cursor(pilot)
    await pilot.press("f1")
    await pilot.pause()


def test_help_screen(snap_compare: Any, tui_settings: Settings) -> None:
    assert snap_compare(LakeApp(tui_settings), terminal_size=(100, 30), run_before=help_screen)


def test_main_screen_light(snap_compare: Any, tui_settings: Settings) -> None:
    assert snap_compare(
        LakeApp(tui_settings, light=True),
        terminal_size=(120, 36),
        run_before=main_screen_with_a_result,
    )


CHART_QUERY = (
    "SELECT position, season, round(avg(points_per_game), 2) AS ppg\n"
    "FROM player_season_stats\n"
    "GROUP BY 1, 2 ORDER BY 2, 1"
)


async def chart_view(pilot: Pilot[None]) -> None:
    await settle(pilot)
    frozen_cursor(pilot)
    await run_sql(pilot, CHART_QUERY)
    result = current_table(pilot).result
    fixed = QueryStats("00000000-snapshot-query-id", "SUCCEEDED", "duckdb", 0.042, 16_896)
    await pilot.press("ctrl+f")
    app = app_of(pilot)
    for _ in range(200):
        await pilot.pause(0.02)
        plots = app.query(ChartPlot)
        if plots and plots.first().data is not None:
            break
    await settle(pilot)
    app.query_one(StatusBar).show_result(dataclasses.replace(result, stats=fixed))
    editor(pilot).cursor_location = (0, 0)
    await pilot.pause()


def test_chart_view(snap_compare: Any, tui_settings: Settings) -> None:
    assert snap_compare(LakeApp(tui_settings), terminal_size=(120, 36), run_before=chart_view)


def test_chart_view_at_80x24(snap_compare: Any, tui_settings: Settings) -> None:
    assert snap_compare(LakeApp(tui_settings), terminal_size=(80, 24), run_before=chart_view)


def _frozen(status: LakeStatus) -> LakeStatus:
    """The real figures with the dates and run ids of a fixed day."""
    today = date(2025, 4, 14)
    finished = datetime(2025, 4, 13, 21, 30, tzinfo=UTC)
    tables = []
    for table in status.tables:
        run = table.last_run
        fixed_run = (
            None
            if run is None
            else RunRecord(
                dataset=run.dataset,
                source=run.source,
                run_id="20250413T213000Z-snapshot",
                finished_at=finished,
                landed=run.landed,
                curated_rows=run.curated_rows,
                rejected=run.rejected,
            )
        )
        day = (table.latest_day[0], date(2025, 4, 13)) if table.latest_day else None
        loaded = (0,) * 29 + (sum(table.rows_per_day),)
        tables.append(
            dataclasses.replace(table, last_run=fixed_run, latest_day=day, rows_per_day=loaded)
        )
    return dataclasses.replace(status, tables=tuple(tables), today=today)


async def dashboard(pilot: Pilot[None]) -> None:
    await settle(pilot)
    frozen_cursor(pilot)
    await pilot.press("f12")
    await settle(pilot)
    screen = app_of(pilot).screen
    assert isinstance(screen, StatusScreen) and screen.status is not None
    screen.post_message(StatusRead(_frozen(screen.status)))
    await pilot.pause()
    await pilot.pause()


def test_dashboard(snap_compare: Any, tui_settings: Settings) -> None:
    assert snap_compare(LakeApp(tui_settings), terminal_size=(120, 36), run_before=dashboard)


def test_dashboard_at_80x24(snap_compare: Any, tui_settings: Settings) -> None:
    assert snap_compare(LakeApp(tui_settings), terminal_size=(80, 24), run_before=dashboard)
