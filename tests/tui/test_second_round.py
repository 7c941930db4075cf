"""The workbench's second round: charts, a result per tab, tab keys, restored tabs,
narrow terminals, the dashboard and the small things (issue 14)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from textual import events
from textual.widgets import DataTable, Select, Static

from ingest.settings import Settings
from tests.tui.pilot import (
    SIZE,
    app_of,
    current_table,
    current_view,
    editor,
    results,
    run_sql,
    set_sql,
    settle,
)
from tui.app import LakeApp
from tui.components.catalog_tree import CatalogTree
from tui.components.chart_plot import ChartPlot
from tui.components.chart_view import ChartView
from tui.components.editor import SqlEditor
from tui.components.footer import LakeFooter
from tui.screens.history import HistoryScreen
from tui.screens.status import StatusScreen

BY_POSITION = (
    "SELECT position, season, round(avg(points_per_game), 2) AS ppg "
    "FROM player_season_stats GROUP BY 1, 2 ORDER BY 2, 1"
)


async def _chart_drawn(pilot: object) -> ChartPlot:
    app = app_of(pilot)  # type: ignore[arg-type]
    for _ in range(200):
        await pilot.pause(0.02)  # type: ignore[attr-defined]
        plots = app.query(ChartPlot)
        if plots and plots.first().data is not None and plots.first().display:
            return plots.first()
    raise AssertionError("the chart was never drawn")


async def test_a_result_shows_as_a_chart_with_one_key_and_back(tui_settings: Settings) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_sql(pilot, BY_POSITION)
        view = current_view(pilot)
        assert not view.showing_chart
        await pilot.press("ctrl+f")
        plot = await _chart_drawn(pilot)
        # a season and a number, with a text column: a line per position
        assert plot.spec is not None and plot.spec.describe() == (
            "line x=season y=ppg group=position"
        )
        assert plot.data is not None and {s.label for s in plot.data.series} == {
            "C",
            "PF",
            "PG",
            "SF",
            "SG",
        }
        assert view.showing_chart and not view.table.display
        rendered = str(plot.render())
        assert "ppg by season per position" in rendered
        await pilot.press("ctrl+f")
        assert not view.showing_chart and view.table.display
        assert current_table(pilot).row_count == 25


async def test_the_chart_pickers_change_kind_and_columns(tui_settings: Settings) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_sql(pilot, BY_POSITION)
        await pilot.press("ctrl+f")
        await _chart_drawn(pilot)
        chart = app.query_one(ChartView)
        chart.query_one("#chart-kind", Select).value = "bar"
        await pilot.pause()
        assert chart.spec is not None and chart.spec.kind == "bar"
        assert chart.spec.x == "position"  # the text column: one bar each (averaged)
        chart.query_one("#chart-kind", Select).value = "histogram"
        await pilot.pause()
        assert chart.spec.kind == "histogram" and chart.spec.x == "ppg"
        plot = await _chart_drawn(pilot)
        assert plot.data is not None and sum(plot.data.series[0].ys) == 25
        chart.query_one("#chart-kind", Select).value = "line"
        await pilot.pause()
        chart.query_one("#chart-group", Select).value = "(none)"
        await pilot.pause()
        assert chart.spec.group is None and chart.spec.kind == "line"


async def test_a_result_with_nothing_to_plot_says_so(tui_settings: Settings) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_sql(pilot, "SELECT first_name, team FROM players LIMIT 3")
        await pilot.press("ctrl+f")
        await pilot.pause()
        note = app.query_one(ChartView).query_one(Static)
        assert "Nothing to chart" in str(note.render())


async def test_each_editor_tab_keeps_its_own_results(tui_settings: Settings) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_sql(pilot, "SELECT count(*) AS teams FROM teams")
        await pilot.press("ctrl+f")  # the first tab's result is left as a chart
        await pilot.press("ctrl+n")
        await pilot.pause()
        # a new tab shows no result, not the previous tab's
        assert app.results.current is None
        assert app.query_one("#results-empty").display
        await run_sql(pilot, "SELECT count(*) AS stats FROM player_season_stats")
        assert current_table(pilot).result.table.to_pylist() == [{"stats": 2250}]
        await pilot.press("ctrl+pageup")
        await pilot.pause()
        view = current_view(pilot)
        assert view.result.table.to_pylist() == [{"teams": 30}]
        assert view.showing_chart  # as it was left
        await pilot.press("ctrl+pagedown")
        await pilot.pause()
        assert current_table(pilot).result.table.to_pylist() == [{"stats": 2250}]
        # a run keeps to the tab it started from, whichever tab shows when it ends
        await set_sql(pilot, "SELECT 7 AS seven")
        await pilot.press("f5", "ctrl+pageup")
        await settle(pilot)
        assert current_view(pilot).result.table.to_pylist() == [{"teams": 30}]
        await pilot.press("ctrl+pagedown")
        await pilot.pause()
        assert current_table(pilot).result.table.to_pylist() == [{"seven": 7}]
        # closing a tab drops its results
        await pilot.press("ctrl+w")
        await pilot.pause()
        assert len(app.query("ResultsPane")) == 1


async def test_tab_keys_win_in_the_editor_and_wrap_both_ways(tui_settings: Settings) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        long_line = "SELECT " + ", ".join(f"{i} AS column_{i}" for i in range(60))
        await set_sql(pilot, long_line)  # wider than the editor; the cursor at its end
        assert editor(pilot).scroll_offset.x > 0
        await pilot.press("ctrl+n", "ctrl+n")
        titles = [app.editors.title_of(p) for p in ("buffer-1", "buffer-2", "buffer-3")]
        assert titles == ["Query 1", "Query 2", "Query 3"]
        assert app.editors.owner == "buffer-3"
        await pilot.press("ctrl+pagedown")  # wraps from the last to the first
        assert app.editors.owner == "buffer-1" and editor(pilot).text == long_line
        await pilot.press("ctrl+pagedown")
        assert app.editors.owner == "buffer-2"
        await pilot.press("ctrl+pageup", "ctrl+pageup")  # and back from the first
        assert app.editors.owner == "buffer-3"
        await pilot.press("ctrl+pagedown")
        await pilot.press("ctrl+pageup")  # from the long line's tab, not a sideways scroll
        assert app.editors.owner == "buffer-3"
        assert isinstance(app.focused, SqlEditor)


async def test_keys_typed_right_after_ctrl_n_land_in_the_new_tab(tui_settings: Settings) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.query_one(CatalogTree).focus()
        await pilot.pause()
        # a burst, as a fast typist sends it: nothing waits between the keys
        burst = ["f3", "ctrl+n", *"SELECT 1"]
        for key in burst:
            char = key if len(key) == 1 else None
            app.post_message(events.Key(key if key != " " else "space", char))
        await settle(pilot)
        assert app.editors.tabbed.tab_count == 2
        assert editor(pilot).text == "SELECT 1"


def _saved_tabs(home: Path, count: int, active: int, titles: list[str] | None = None) -> None:
    buffers = [
        {"title": (titles or [])[i] if titles else f"Query {i + 1}", "text": f"SELECT {i + 1}"}
        | {"cursor": [0, 3]}
        for i in range(count)
    ]
    path = home / "tui" / "buffers.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"active": active, "buffers": buffers}))


async def test_sixteen_restored_tabs_open_on_the_active_one(tui_settings: Settings) -> None:
    _saved_tabs(tui_settings.lake_home, 16, 14)  # quit on the 15th
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.editors.tabbed.tab_count == 16
        assert app.editors.title_of(app.editors.owner) == "Query 15"
        assert editor(pilot).text == "SELECT 15" and editor(pilot).cursor_location == (0, 3)
        assert len(app.editors.editors()) == 1  # the others are built when shown
        assert [b.text for b in app.editors.snapshot().buffers] == [
            f"SELECT {i + 1}" for i in range(16)
        ]
        await pilot.press("ctrl+pagedown")  # the 16th, built now
        assert editor(pilot).text == "SELECT 16"
        await pilot.press("ctrl+n")
        assert app.editors.title_of(app.editors.owner) == "Query 17"  # never a duplicate
        await pilot.press("ctrl+pageup")
        await pilot.press("ctrl+q")
    saved = json.loads((tui_settings.lake_home / "tui" / "buffers.json").read_text())
    assert saved["active"] == 15 and len(saved["buffers"]) == 17


async def test_restored_tab_names_are_made_unique(tui_settings: Settings) -> None:
    titles = ["Query 17", "Query 17", "History", "History"]
    _saved_tabs(tui_settings.lake_home, 4, 0, titles)
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        names = [b.title for b in app.editors.snapshot().buffers]
        assert len(set(names)) == 4 and names[0] == "Query 17" and names[2] == "History"
        await pilot.press("ctrl+n")
        assert app.editors.title_of(app.editors.owner) == "Query 19"


async def test_at_80x24_the_catalog_folds_and_the_footer_keeps_what_matters(
    tui_settings: Settings,
) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        tree = app.query_one(CatalogTree)
        assert tree.has_class("-hidden") and not tree.display
        footer = app.query_one(LakeFooter)
        shown = " ".join(str(key.description) for key in footer.query("FooterKey"))
        for wanted in ("Run", "Chart", "Export", "Help", "Catalog", "Quit"):
            assert wanted in shown, shown
        await pilot.press("f2")
        await pilot.pause()
        assert tree.display and app.focused is tree
        labels = [str(node.label) for node in tree.root.children]
        assert any("nba_player_season_stats_data" in label for label in labels)
        # whole names fit the unfolded catalog
        assert tree.size.width >= max(len(label) for label in labels) + 4
        await pilot.press("down", "enter")  # inserts the name, folds the catalog again
        await pilot.pause()
        assert not tree.display and isinstance(app.focused, SqlEditor)
        assert editor(pilot).text == "games"  # the first table: curated ones come first
        # the results get the whole width: more columns than three
        await run_sql(pilot, "SELECT * FROM teams LIMIT 5")
        table = current_table(pilot)
        visible = [c for c in table.ordered_columns if c.content_width]
        assert table.size.width >= 76 and len(visible) > 3


async def test_history_at_80x24_shows_the_statement(tui_settings: Settings) -> None:
    app = LakeApp(tui_settings)
    statement = (
        "SELECT name, team, points_per_game FROM player_season_stats "
        "WHERE season = 2025 ORDER BY points_per_game DESC LIMIT 5"
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await run_sql(pilot, statement)
        await pilot.press("f9")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one("#history-table", DataTable)
        sql_cell = str(table.get_row_at(0)[-1])
        assert len(sql_cell) >= 30 and sql_cell.startswith("SELECT name, team")
        shown = str(screen.query_one("#history-sql", Static).render())
        assert " ".join(shown.split()) == statement


async def test_the_dashboard_lists_every_table(tui_settings: Settings) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f12")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StatusScreen) and screen.status is not None
        table = screen.query_one("#status-table", DataTable)
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert "◆ player_season_stats" in names and "◇ nba_player_data" in names
        stats = {t.name: t for t in screen.status.tables}
        assert stats["player_season_stats"].rows == 2250
        assert stats["player_season_stats"].partitions == 5
        assert stats["teams"].rows == 30
        detail = str(screen.query_one("#status-detail-text", Static).render())
        assert "last ingest" in detail and "sample" in detail
        await pilot.press("escape")
        assert not isinstance(app.screen, StatusScreen)


async def test_one_row_is_not_one_rows(tui_settings: Settings) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_sql(pilot, "SELECT 1 AS one")
        pane = results(pilot)
        label = str(pane.tabbed.get_tab(pane.tabbed.active).label)
        assert label.endswith("· 1 row")


def test_nba_lake_tui_help_prints_help_and_starts_nothing() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tui.app", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("usage: nba-lake-tui")
    assert "--lake-home" in done.stdout and "F1" in done.stdout
