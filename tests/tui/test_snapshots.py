"""Snapshots of the main, ingest and help screens (SVGs under __snapshots__/).

Deterministic: the sample league is generated from a fixed seed, the cursor does not
blink, and the status line's per-run figures (query id, elapsed time) are replaced with
fixed ones after the real query ran. Update with `pytest --snapshot-update`, then look.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from textual.pilot import Pilot

from ingest.query.result import QueryStats
from ingest.settings import Settings
from tests.tui.pilot import app_of, current_table, editor, run_sql, settle
from tui.app import LakeApp
from tui.components.status_bar import StatusBar

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
