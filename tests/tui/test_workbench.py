"""Everything around a query: completion, history, examples, export, buffers, format, keys."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from textual.widgets import DataTable, Input

from ingest.query.history import QueryHistory
from ingest.settings import Settings
from tests.tui.pilot import (
    SIZE,
    current_table,
    editor,
    results,
    run_sql,
    set_sql,
    settle,
    status_text,
)
from tui.app import LakeApp
from tui.commands import STATIC_COMMANDS, LakeCommands
from tui.components.completer import CompletionList
from tui.screens.export import ExportScreen
from tui.screens.help import HelpScreen
from tui.screens.history import HistoryScreen


async def test_completion_offers_a_column_name_and_inserts_it(tui_settings: Settings) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"SELECT points_per")
        dropdown = app.query_one(CompletionList)
        assert dropdown.is_open
        labels = [item.label for item in dropdown.items]
        assert labels[0] == "points_per_game"
        assert dropdown.items[0].kind == "column" and "double" in dropdown.items[0].detail
        await pilot.press("tab")
        assert editor(pilot).text == "SELECT points_per_game"
        assert not dropdown.is_open

        # columns of the table an alias stands for, after `alias.`
        await pilot.press(*" FROM teams t WHERE t.conf")
        assert [item.label for item in dropdown.items] == ["conference"]
        await pilot.press("enter")
        assert editor(pilot).text.endswith("WHERE t.conference")
        # a table name, then escape closes the list without inserting
        await pilot.press(*" AND pla")
        assert "players" in [item.label for item in dropdown.items]
        await pilot.press("escape")
        assert not dropdown.is_open
        assert editor(pilot).text.endswith("AND pla")

        # ctrl+space asks with nothing typed: the columns of the tables in the buffer
        widget = await set_sql(pilot, "SELECT  FROM teams")
        widget.cursor_location = (0, 7)
        await pilot.press("ctrl+space")
        assert dropdown.is_open and dropdown.items[0].label == "team_id"
        await pilot.press("down", "enter")
        assert editor(pilot).text == "SELECT team_key FROM teams"


async def test_history_screen_searches_and_reruns(tui_settings: Settings) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_sql(pilot, "SELECT count(*) AS teams FROM teams")
        await run_sql(pilot, "SELECT count(*) AS players FROM players")
        await run_sql(pilot, "SELECT broken FROM teams")

        await pilot.press("f9")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one("#history-table", DataTable)
        assert table.row_count == 3
        await pilot.press(*"teams")  # the search box has focus
        await pilot.pause()
        assert table.row_count == 2  # both statements that mention teams, newest first
        assert [e.status for e in screen.entries] == ["FAILED", "SUCCEEDED"]
        await pilot.press("down", "down")  # into the list, then to the older entry
        await pilot.press("enter")
        await settle(pilot)

        assert not isinstance(app.screen, HistoryScreen)
        assert editor(pilot).text == "SELECT count(*) AS teams FROM teams"
        assert current_table(pilot).result.table.to_pylist() == [{"teams": 30}]
        assert app.lake is not None
        assert len(QueryHistory(app.lake.history_path).entries()) == 4


async def test_history_screen_reads_the_file_once(
    tui_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_sql(pilot, "SELECT count(*) AS teams FROM teams")
        await run_sql(pilot, "SELECT broken FROM teams")
        reads: list[str] = []
        real = QueryHistory.entries

        def counted(self: QueryHistory, search: str = "", limit: int = 500) -> list[object]:
            reads.append(search)
            return real(self, search, limit)  # type: ignore[return-value]

        monkeypatch.setattr(QueryHistory, "entries", counted)
        await pilot.press("f9")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        await pilot.press(*"broken")
        await pilot.pause()
        assert [e.sql for e in screen.entries] == ["SELECT broken FROM teams"]
        await pilot.press(*"xyz")
        await pilot.pause()
        assert screen.entries == []
        assert len(reads) == 1  # on mount; every keystroke filters what was read


async def test_examples_open_in_a_new_tab_and_run_on_the_sample_lake(
    tui_settings: Settings,
) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(app.examples) >= 3
        for index, example in enumerate(app.examples):
            before = app.editors.tabbed.tab_count
            await pilot.press("f10")
            await pilot.pause()
            for _ in range(index):
                await pilot.press("down")
            await pilot.press("enter")
            await pilot.pause()
            assert app.editors.tabbed.tab_count == before + 1
            assert editor(pilot).text == example.sql
            await pilot.press("ctrl+r")
            await settle(pilot)
            view = results(pilot).current_view
            table = view.table if view is not None else None
            assert table is not None, f"{example.title}: {status_text(pilot)}"
            assert table.row_count > 0, example.title


async def test_export_writes_the_result_in_each_format(
    tui_settings: Settings, tmp_path: Path
) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_sql(
            pilot,
            "SELECT team_id, name, conference FROM teams ORDER BY team_id",
        )
        result = current_table(pilot).result
        for name in ("teams.csv", "teams.parquet", "teams.json"):
            target = tmp_path / name
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, ExportScreen)
            path_input = app.screen.query_one("#export-path", Input)
            path_input.value = str(target)
            await pilot.press("enter")
            await settle(pilot)
            assert not isinstance(app.screen, ExportScreen)
            assert f"exported 30 rows to {target}" in status_text(pilot)

        assert pacsv.read_csv(tmp_path / "teams.csv").to_pylist() == result.table.to_pylist()
        assert pq.read_table(tmp_path / "teams.parquet").equals(result.table)
        lines = (tmp_path / "teams.json").read_text().splitlines()
        assert [json.loads(line) for line in lines] == result.table.to_pylist()


async def test_export_refuses_a_name_without_a_format(
    tui_settings: Settings, tmp_path: Path
) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_sql(pilot, "SELECT 1 AS x")
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.screen.query_one("#export-path", Input).value = str(tmp_path / "result.xlsx")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        message = str(app.screen.query_one("#export-message").render())
        assert "cannot tell the export format" in message
        assert not (tmp_path / "result.xlsx").exists()


async def test_buffers_are_kept_between_sessions(tui_settings: Settings) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await set_sql(pilot, "SELECT 1 AS first_tab")
        await pilot.press("ctrl+n")
        await pilot.press(*"SELECT 2")
        await pilot.press("ctrl+q")
    saved = json.loads((tui_settings.lake_home / "tui" / "buffers.json").read_text())
    assert [b["text"] for b in saved["buffers"]] == ["SELECT 1 AS first_tab", "SELECT 2"]

    again = LakeApp(tui_settings)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        texts = [b.text for b in again.editors.snapshot().buffers]
        assert texts == ["SELECT 1 AS first_tab", "SELECT 2"]
        assert editor(pilot).text == "SELECT 2"  # the tab that was active
        assert editor(pilot).cursor_location == (0, 8)


async def test_tabs_open_close_and_switch(tui_settings: Settings) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n", "ctrl+n")
        assert app.editors.tabbed.tab_count == 3
        await pilot.press("ctrl+w")
        assert app.editors.tabbed.tab_count == 2
        await pilot.press(*"x")
        await pilot.press("ctrl+pageup")
        assert editor(pilot).text == ""
        await pilot.press("ctrl+pagedown")
        assert editor(pilot).text == "x"


async def test_format_pretty_prints_the_buffer(tui_settings: Settings) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await set_sql(pilot, "select team, count(*) n from players group by team; select 1")
        await pilot.press("f8")
        assert editor(pilot).text == (
            "SELECT\n  team,\n  COUNT(*) AS n\nFROM players\nGROUP BY\n  team;\n\nSELECT\n  1;\n"
        )
        await set_sql(pilot, "select from where (")
        await pilot.press("f8")
        await pilot.pause()
        assert editor(pilot).text == "select from where ("  # unchanged, with a notification


async def test_format_of_an_unterminated_quote_keeps_the_app_running(
    tui_settings: Settings,
) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await set_sql(pilot, "")
        await pilot.press(*"SELECT 'abc")
        await pilot.press("f8")
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert editor(pilot).text == "SELECT 'abc"
        messages = [str(n.message) for n in app._notifications]
        assert any("cannot format" in m and "quotes" in m for m in messages), messages
        await pilot.press(*"'")  # the app still takes keys
        assert editor(pilot).text == "SELECT 'abc'"


async def test_help_lists_every_binding(tui_settings: Settings) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        described = {row[2] for row in rows}
        for binding in app.BINDINGS:
            assert getattr(binding, "description", "") in described
        keys = " ".join(row[1] for row in rows)
        for key in ("F5 / ctrl+j / ctrl+enter", "ctrl+g", "ctrl+n", "ctrl+w", "p", "F9"):
            assert key in keys
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_theme_toggles_between_light_and_dark(tui_settings: Settings) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dark = app.current_theme.dark
        await pilot.press("ctrl+t")
        assert app.current_theme.dark is not dark
        await pilot.press("ctrl+t")
        assert app.current_theme.dark is dark


@pytest.mark.parametrize("query", ["run all", "history", "load data", "preview teams"])
async def test_command_palette_finds_commands(tui_settings: Settings, query: str) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        provider = LakeCommands(app.screen)
        hits = [hit async for hit in provider.search(query)]
        assert hits, query
        titles = [str(hit.text) for hit in hits]
        assert any(query.split()[0] in t.lower() for t in titles)


async def test_palette_command_runs_its_action(tui_settings: Settings) -> None:
    app = LakeApp(tui_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        provider = LakeCommands(app.screen)
        [hit] = [h async for h in provider.search("Preview teams") if str(h.text)[8:] == "teams"]
        await hit.command()  # type: ignore[misc]
        await settle(pilot)
        assert current_table(pilot).row_count == 30


def test_every_palette_command_is_an_app_action() -> None:
    for command in STATIC_COMMANDS:
        assert callable(getattr(LakeApp, f"action_{command.action}", None)), command.action
