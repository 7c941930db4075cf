"""The main screen end to end on the local lake: type, run, read, fail, cancel, re-run."""

from __future__ import annotations

import asyncio
import threading
from typing import cast

import pyarrow as pa
from textual.widgets import TabPane
from textual.widgets.text_area import Selection

from ingest.query.engine import QueryEngine
from ingest.query.history import QueryHistory
from ingest.query.result import QueryCancelled, QueryResult
from ingest.query.running import RunningQuery, StatementThread
from ingest.settings import Settings
from tests.tui.pilot import (
    SIZE,
    current_table,
    editor,
    pane_text,
    results,
    run_sql,
    set_sql,
    settle,
    status_text,
)
from tui.app import LakeApp
from tui.components.editor import SqlEditor
from tui.components.results_table import ResultsTable
from tui.messages import IngestFinished


def history(app: LakeApp) -> QueryHistory:
    assert app.lake is not None
    return QueryHistory(app.lake.history_path)


TOP_SCORERS = (
    "SELECT name, team, points_per_game FROM player_season_stats "
    "WHERE season = 2025 ORDER BY points_per_game DESC LIMIT 10"
)


async def test_focus_starts_in_the_editor(tui_settings: Settings) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, SqlEditor)


async def test_typed_query_runs_and_its_rows_are_shown(tui_settings: Settings) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*TOP_SCORERS)
        assert editor(pilot).text == TOP_SCORERS
        await pilot.press("f5")
        await settle(pilot)

        table = current_table(pilot)
        assert table.row_count == 10
        assert [c.name for c in table.result.columns] == ["name", "team", "points_per_game"]
        assert table.result.columns[2].type == "double"
        # the header carries each column's type
        assert "points_per_game double" in str(table.ordered_columns[2].label)
        ppg = table.result.table.column("points_per_game").to_pylist()
        assert ppg == sorted(ppg, reverse=True)
        status = status_text(pilot)
        assert "10 rows" in status and "scanned" in status and "$" in status
        assert table.result.stats.query_id in status
        # and it is in the history, with its row count
        [entry] = history(app).entries()
        assert entry.status == "SUCCEEDED" and entry.rows == 10 and entry.sql == TOP_SCORERS


async def test_ctrl_j_runs_the_statement_under_the_cursor(tui_settings: Settings) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        widget = await set_sql(pilot, "SELECT 1 AS one;\nSELECT 2 AS two, 3 AS three;\n")
        widget.cursor_location = (0, 3)
        await pilot.press("ctrl+j")
        await settle(pilot)
        assert current_table(pilot).result.table.to_pylist() == [{"one": 1}]
        assert widget.text.count("\n") == 2  # ctrl+j ran; it did not type a newline

        widget.cursor_location = (1, 5)
        await pilot.press("ctrl+j")
        await settle(pilot)
        assert current_table(pilot).result.table.to_pylist() == [{"two": 2, "three": 3}]


async def test_a_selection_runs_alone(tui_settings: Settings) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        widget = await set_sql(pilot, "SELECT 41 + 1 AS answer FROM teams")
        widget.selection = Selection((0, 0), (0, 23))  # "SELECT 41 + 1 AS answer"
        await pilot.press("f5")
        await settle(pilot)
        assert current_table(pilot).result.table.to_pylist() == [{"answer": 42}]


async def test_run_all_gives_each_statement_its_own_result_tab(tui_settings: Settings) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_sql(
            pilot,
            "SELECT count(*) AS teams FROM teams;\n"
            "-- a comment between statements\n"
            "SELECT count(DISTINCT season) AS seasons FROM player_season_stats;",
            key="ctrl+r",
        )
        pane = results(pilot)
        assert pane.tabbed.tab_count == 2
        tables = list(pane.query(ResultsTable))
        assert [t.result.table.to_pylist() for t in tables] == [[{"teams": 30}], [{"seasons": 5}]]
        assert "2/2" in status_text(pilot)


async def test_bad_sql_shows_the_engine_error_and_the_app_keeps_working(
    tui_settings: Settings,
) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_sql(pilot, "SELEC name FROM players")
        error = pane_text(pilot)
        assert "SELEC" in error or "syntax" in error.lower(), error
        assert "SELEC" in status_text(pilot) or "syntax" in status_text(pilot).lower()
        assert results(pilot).current_view is None

        await run_sql(pilot, "SELECT * FROM no_such_table")
        assert "no_such_table" in pane_text(pilot)

        await run_sql(pilot, "SELECT count(*) AS n FROM teams")
        assert current_table(pilot).result.table.column("n").to_pylist() == [30]
        statuses = [e.status for e in history(app).entries()]
        assert statuses == ["SUCCEEDED", "FAILED", "FAILED"]


async def test_a_failed_statement_stops_the_run_and_says_so_in_later_tabs(
    tui_settings: Settings,
) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_sql(pilot, "SELECT 1 AS a; SELECT nope FROM teams; SELECT 3 AS c", key="ctrl+r")
        pane = results(pilot)
        assert pane.tabbed.tab_count == 3
        assert "nope" in pane_text(pilot)  # the failed tab is the active one
        pane.tabbed.active = pane.tabbed.query(TabPane)[2].id or ""
        await pilot.pause()
        assert "not run" in pane_text(pilot)


async def test_cancel_stops_a_running_query(tui_settings: Settings) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # billions of rows: runs for minutes unless cancelled
        await set_sql(
            pilot,
            "SELECT sum(a.points + b.points + c.points) AS total "
            "FROM player_season_stats a CROSS JOIN player_season_stats b "
            "CROSS JOIN player_season_stats c",
        )
        await pilot.press("f5")
        for _ in range(100):  # wait until the engine has it (not a fixed sleep)
            await pilot.pause(0.05)
            if "running" in status_text(pilot) and app.runner.running:
                break
        await pilot.pause(0.3)
        assert app.runner.running, "the query ended before it could be cancelled"
        await pilot.press("ctrl+g")
        await settle(pilot)

        assert not app.runner.running
        assert "Cancelled" in pane_text(pilot) or "cancel" in pane_text(pilot).lower()
        [entry] = history(app).entries()
        assert entry.status == "CANCELLED"
        # and the next query runs normally
        await run_sql(pilot, "SELECT count(*) AS n FROM teams")
        assert current_table(pilot).result.table.to_pylist() == [{"n": 30}]


async def test_preview_from_the_catalog_and_insert_names(tui_settings: Settings) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await set_sql(pilot, "SELECT * FROM ")
        tree = app.query_one("#catalog")
        tree.focus()
        await pilot.press("down")  # the first table: curated tables come first
        await pilot.press("enter")
        assert editor(pilot).text == "SELECT * FROM games"

        await pilot.press("p")
        await settle(pilot)
        table = current_table(pilot)
        assert table.row_count == 100
        assert "season" in [c.name for c in table.result.columns]

        await pilot.press("space", "down", "enter")  # open the table, insert its first column
        assert editor(pilot).text == "SELECT * FROM games game_id"


async def test_results_of_100k_rows_open_in_the_fast_table(tui_settings: Settings) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_sql(
            pilot,
            "SELECT a.player_id, a.season, b.last_name FROM player_season_stats a "
            "CROSS JOIN players b LIMIT 100000",
        )
        table = current_table(pilot)
        assert table.row_count == 100_000
        assert "100,000 rows" in status_text(pilot)
        assert isinstance(table.result.table, pa.Table)
        await pilot.press("f4", "ctrl+end")
        await pilot.pause()
        assert table.cursor_row == table.row_count - 1


async def test_without_a_lake_running_says_to_apply_and_nothing_crashes(
    settings: Settings,
) -> None:
    app = LakeApp(settings)  # LAKE_HOME has no outputs.json
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "make apply" in status_text(pilot)
        await run_sql(pilot, "SELECT 1")
        assert "make apply" in pane_text(pilot)
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.press("f5")
        await settle(pilot)
        assert "make apply" in str(app.screen.query_one("#ingest-error").render())


class _BlockingEngine:
    """An engine whose statement runs until cancelled; it notes which thread did what."""

    name = "fake"

    def __init__(self) -> None:
        self.executing = threading.Event()
        self.cancelled = threading.Event()
        self.closed = threading.Event()
        self.cancel_threads: list[int] = []
        self.close_threads: list[int] = []
        self.statements: list[str] = []
        self._thread = StatementThread("fake-engine")

    def start(self, sql: str) -> RunningQuery:
        query = RunningQuery(sql)
        self._thread.submit(query, self._run)
        return query

    def execute(self, sql: str) -> QueryResult:
        return self.start(sql).result()

    def _run(self, query: RunningQuery) -> QueryResult:
        self.statements.append(query.sql)
        self.executing.set()
        with query.stoppable(self._cancel):
            self.cancelled.wait(30)
        raise QueryCancelled("Query cancelled by user")

    def _cancel(self) -> None:
        self.cancel_threads.append(threading.get_ident())
        self.cancelled.set()

    def close(self) -> None:
        self.close_threads.append(threading.get_ident())
        self.closed.set()


async def test_quit_during_a_query_cancels_and_closes_off_the_ui_thread(
    tui_settings: Settings,
) -> None:
    fake = _BlockingEngine()
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.runner._factory = lambda: cast(QueryEngine, fake)
        await set_sql(pilot, "SELECT 1")
        await pilot.press("f5")
        assert await asyncio.to_thread(fake.executing.wait, 10)
        ui_thread = threading.get_ident()
        await pilot.press("ctrl+q")
    assert await asyncio.to_thread(fake.closed.wait, 10)
    assert fake.cancel_threads and ui_thread not in fake.cancel_threads
    assert fake.close_threads and ui_thread not in fake.close_threads


async def test_an_ingest_leaves_the_engine_open(tui_settings: Settings) -> None:
    """The engines read the catalog as it is; closing one on the UI thread blocks it."""
    fake = _BlockingEngine()
    fake.cancelled.set()  # statements end at once
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.runner._factory = lambda: cast(QueryEngine, fake)
        await run_sql(pilot, "SELECT 1")
        assert fake.executing.is_set()
        app.post_message(IngestFinished([]))
        await settle(pilot)
        assert not fake.closed.is_set()


async def test_preview_quotes_the_table_name(tui_settings: Settings) -> None:
    fake = _BlockingEngine()
    fake.cancelled.set()
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.runner._factory = lambda: cast(QueryEngine, fake)
        app.action_preview_table("order")
        await settle(pilot)
        app.action_preview_table('odd "name"')
        await settle(pilot)
    assert fake.statements == [
        'SELECT * FROM "order" LIMIT 100',
        'SELECT * FROM "odd ""name""" LIMIT 100',
    ]
