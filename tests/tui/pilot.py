"""Helpers that drive LakeApp through Textual's pilot and wait on its workers, not clocks."""

from __future__ import annotations

from textual.pilot import Pilot

from tui.app import LakeApp
from tui.components.editor import SqlEditor
from tui.components.result_view import ResultView
from tui.components.results_pane import ResultsPane
from tui.components.results_table import ResultsTable
from tui.components.status_bar import StatusBar

SIZE = (120, 36)


def app_of(pilot: Pilot[None]) -> LakeApp:
    app = pilot.app
    assert isinstance(app, LakeApp)
    return app


async def settle(pilot: Pilot[None]) -> None:
    """Wait for every worker (query, catalog, ingest, export), then for their messages."""
    app = pilot.app
    for _ in range(50):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in app.workers) and not _runner_busy(app):
            break
    await pilot.pause()


def _runner_busy(app: object) -> bool:
    return isinstance(app, LakeApp) and app.runner.running


def editor(pilot: Pilot[None]) -> SqlEditor:
    found = app_of(pilot).editors.editor
    assert found is not None
    return found


async def set_sql(pilot: Pilot[None], sql: str) -> SqlEditor:
    """Put `sql` in the current buffer, cursor at the end."""
    widget = editor(pilot)
    widget.load_text(sql)
    widget.cursor_location = widget.document.end
    widget.focus()
    await pilot.pause()
    return widget


async def run_sql(pilot: Pilot[None], sql: str, key: str = "f5") -> None:
    await set_sql(pilot, sql)
    await pilot.press(key)
    await settle(pilot)


def status_text(pilot: Pilot[None]) -> str:
    return str(pilot.app.query_one(StatusBar).render())


def results(pilot: Pilot[None]) -> ResultsPane:
    """The results of the editor tab on screen."""
    pane = app_of(pilot).results.current
    assert pane is not None, "the editor tab on screen has no results"
    return pane


def current_view(pilot: Pilot[None]) -> ResultView:
    view = results(pilot).current_view
    assert view is not None, "no result in the active result tab"
    return view


def current_table(pilot: Pilot[None]) -> ResultsTable:
    return current_view(pilot).table


def pane_text(pilot: Pilot[None]) -> str:
    """The text of the active result tab (an error or a note)."""
    pane = results(pilot).tabbed.active_pane
    assert pane is not None
    return " ".join(str(w.render()) for w in pane.children)
