"""Athena's error position marked in the editor, and the cost of what is being typed."""

from __future__ import annotations

import subprocess
import sys

from ingest.settings import Settings
from tests.tui.pilot import SIZE, editor, run_sql, settle, status_text
from tui.app import LakeApp
from tui.cost_preview import PAUSE_SECONDS
from tui.error_position import buffer_location, error_position


def test_positions_map_from_the_statement_to_the_buffer() -> None:
    assert error_position("COLUMN_NOT_FOUND: line 2:5: Column 'x' cannot be resolved") == (2, 5)
    assert error_position("no position here") is None
    buffer = "SELECT 1;\n\nSELECT a,\n  nmae FROM t"
    statement = "SELECT a,\n  nmae FROM t"
    assert buffer_location(buffer, statement, len(buffer), (2, 3)) == (3, 2)
    assert buffer_location(buffer, "SELECT elsewhere", 0, (1, 1)) is None


async def test_the_error_position_is_selected_in_the_editor(tui_settings: Settings) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_sql(pilot, "SELECT 1;\nSELECT team,\n  nmae FROM player_season_stats")
        widget = editor(pilot)
        assert "COLUMN_NOT_FOUND" in status_text(pilot) and "did you mean `name`" in status_text(
            pilot
        )
        assert widget.selected_text == "nmae"
        assert widget.selection.start == (2, 2)


async def test_typing_pauses_show_the_scan_estimate(tui_settings: Settings) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        editor(pilot).focus()
        await pilot.press(*"SELECT sum(points) FROM player_season_stats WHERE season = 2025")
        await pilot.pause(PAUSE_SECONDS + 0.3)
        await settle(pilot)
        text = status_text(pilot)
        assert text.startswith("estimate ≤ ") and "scanned" in text
        assert "player_season_stats: 1 of 5 partitions" in text


def test_the_estimator_is_not_loaded_at_start_up() -> None:
    """The workbench takes keys before the lake loads: the cost preview must not pull the
    estimator (pyarrow, sqlglot, and numpy through pyarrow) into its start-up."""
    code = (
        "import sys, tui.app; "
        "print(sorted(m for m in ('pyarrow', 'sqlglot', 'duckdb', 'numpy') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
