"""The ingest screen: load the sample league into an empty lake, and show errors with a fix."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Log, ProgressBar, Select

from ingest.lake import Lake
from ingest.pipeline.jobs import JobOutcome
from ingest.pipeline.plan import IngestPlan
from ingest.pipeline.progress import ProgressEvent
from ingest.pipeline.run import run_ingest
from tests.tui.pilot import SIZE, current_table, run_sql, settle
from tui.app import LakeApp
from tui.components.catalog_tree import CatalogTree
from tui.screens import ingest as ingest_screen
from tui.screens.ingest import IngestScreen


def table_labels(app: LakeApp) -> dict[str, str]:
    tree = app.query_one(CatalogTree)
    return {node.data.name: str(node.label) for node in tree.root.children if node.data is not None}


async def open_ingest_screen(app: LakeApp, pilot: Pilot[None]) -> IngestScreen:
    """From the main screen, once the catalog has loaded, to the ingest screen."""
    await settle(pilot)
    await pilot.press("ctrl+l")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, IngestScreen)
    return screen


async def test_sample_ingest_through_the_screen_fills_the_catalog(local_lake: Lake) -> None:
    app = LakeApp(local_lake.settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = table_labels(app)
        assert "0 parts" in before["player_season_stats"]

        await pilot.press("ctrl+l")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, IngestScreen)
        screen.query_one("#ingest-dataset", Select).value = "player_season_stats"
        screen.query_one("#ingest-season", Input).value = "2024-2025"
        await pilot.press("f5")
        await settle(pilot)

        bar = screen.query_one("#ingest-progress", ProgressBar)
        assert bar.total == 2 and bar.progress == 2
        log_text = "\n".join(screen.query_one("#ingest-log", Log).lines)
        assert "player_season_stats 2024: done" in log_text
        summary = screen.query_one("#ingest-summary", DataTable)
        rows = [[str(c) for c in summary.get_row_at(i)] for i in range(summary.row_count)]
        assert [(r[0], r[1], r[2]) for r in rows] == [
            ("player_season_stats", "2024", "written"),
            ("player_season_stats", "2025", "written"),
        ]
        assert all(r[9].startswith("_manifests/") for r in rows)  # the run manifest keys
        assert not screen.query_one("#ingest-error").display

        await pilot.press("escape")
        await settle(pilot)
        # the catalog was reloaded when the run ended: two seasons are there now
        assert "2 parts" in table_labels(app)["player_season_stats"]
        await run_sql(
            pilot,
            "SELECT season, count(*) AS n FROM player_season_stats GROUP BY season ORDER BY season",
        )
        assert current_table(pilot).result.table.to_pylist() == [
            {"season": 2024, "n": 450},
            {"season": 2025, "n": 450},
        ]


async def test_escape_during_an_ingest_keeps_the_screen_until_it_ends(
    local_lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()

    def held_ingest(
        lake: Lake, plan: IngestPlan, progress: Callable[[ProgressEvent], None]
    ) -> list[JobOutcome]:
        def held(event: ProgressEvent) -> None:
            release.wait(30)  # the run is under way until the test lets it go on
            progress(event)

        return run_ingest(lake, plan, held)

    monkeypatch.setattr(ingest_screen, "run_ingest", held_ingest)
    app = LakeApp(local_lake.settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ingest_screen(app, pilot)
        screen.query_one("#ingest-dataset", Select).value = "player_season_stats"
        screen.query_one("#ingest-season", Input).value = "2024-2025"
        await pilot.press("f5")
        assert screen.running
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen  # refused while the run goes on
        messages = [str(n.message) for n in app._notifications]
        assert any("an ingest is running" in m for m in messages), messages
        release.set()
        await settle(pilot)

        assert app.is_running and not screen.running
        bar = screen.query_one("#ingest-progress", ProgressBar)
        assert bar.total == 2 and bar.progress == 2  # every job ran, not just the first
        assert screen.query_one("#ingest-summary", DataTable).row_count == 2
        await pilot.press("escape")  # now it goes back
        await settle(pilot)
        assert app.screen is not screen
        assert "2 parts" in table_labels(app)["player_season_stats"]


async def test_sportsdata_without_a_key_says_what_to_do(
    local_lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("SPORTSDATA_API_KEY", "SPORTS_DATA_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    app = LakeApp(local_lake.settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ingest_screen(app, pilot)
        screen.query_one("#ingest-source", Select).value = "sportsdata"
        screen.query_one("#ingest-dataset", Select).value = "teams"
        await pilot.press("f5")
        await settle(pilot)
        error = screen.query_one("#ingest-error")
        assert error.display
        text = str(error.render())
        assert "SPORTSDATA_API_KEY" in text, text
        assert not screen.running
        assert not screen.query_one("#ingest-start").disabled  # ready for another try


async def test_bad_input_is_refused_before_starting(local_lake: Lake, tmp_path: Path) -> None:
    app = LakeApp(local_lake.settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ingest_screen(app, pilot)
        screen.query_one("#ingest-season", Input).value = "next year"
        await pilot.press("f5")
        await settle(pilot)
        assert "'next year' is not a season" in str(screen.query_one("#ingest-error").render())

        screen.query_one("#ingest-source", Select).value = "file"
        await pilot.pause()
        assert not screen.query_one("#ingest-location", Input).disabled
        await pilot.press("f5")
        await settle(pilot)
        assert "type its path or URL" in str(screen.query_one("#ingest-error").render())


async def test_file_ingest_registers_a_new_table(local_lake: Lake, tmp_path: Path) -> None:
    data = tmp_path / "Arena Capacity.csv"
    data.write_text("arena,team,capacity\nGarden,BOS,19156\nCenter,CHI,20917\n")
    app = LakeApp(local_lake.settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ingest_screen(app, pilot)
        screen.query_one("#ingest-source", Select).value = "file"
        await pilot.pause()
        screen.query_one("#ingest-location", Input).value = str(data)
        await pilot.press("f5")
        await settle(pilot)
        assert not screen.query_one("#ingest-error").display, screen.query_one(
            "#ingest-error"
        ).render()
        await pilot.press("escape")
        await settle(pilot)
        assert "arena_capacity" in table_labels(app)
        await run_sql(pilot, "SELECT team, capacity FROM arena_capacity ORDER BY team")
        assert current_table(pilot).result.table.to_pylist() == [
            {"team": "BOS", "capacity": 19156},
            {"team": "CHI", "capacity": 20917},
        ]


async def test_a_missing_file_is_reported_with_its_name(local_lake: Lake, tmp_path: Path) -> None:
    app = LakeApp(local_lake.settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ingest_screen(app, pilot)
        screen.query_one("#ingest-source", Select).value = "file"
        await pilot.pause()
        screen.query_one("#ingest-location", Input).value = str(tmp_path / "nope.csv")
        await pilot.press("f5")
        await settle(pilot)
        text = str(screen.query_one("#ingest-error").render())
        assert "nope.csv" in text, text
        assert not screen.running


async def test_one_tables_damaged_partitions_leave_the_others_in_the_tree(
    local_lake: Lake,
) -> None:
    """A partition list that cannot be read marks its own table; the tree keeps the rest."""
    from tests.support.lakes import layout

    database = local_lake.outputs.database
    damaged = layout(local_lake).catalog_root / database / "partitions" / "games.json"
    damaged.parent.mkdir(parents=True, exist_ok=True)
    damaged.write_bytes(b"nonsense")
    app = LakeApp(local_lake.settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        labels = table_labels(app)
        assert "partitions unreadable" in labels["games"]
        assert "0 parts" in labels["player_season_stats"]
        assert "players" in labels and "teams" in labels
