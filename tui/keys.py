"""Where each key works, gathered from the widgets' own BINDINGS for the help screen."""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding, BindingType

from tui.components.catalog_tree import CatalogTree
from tui.components.editor import SqlEditor
from tui.components.editor_tabs import TAB_BINDINGS
from tui.screens.export import ExportScreen
from tui.screens.help import HelpSection, as_bindings
from tui.screens.history import HistoryScreen
from tui.screens.ingest import IngestScreen

EDITING = [
    Binding("ctrl+z / ctrl+y", "undo", "Undo / redo"),
    Binding("ctrl+x / ctrl+c / ctrl+v", "cut", "Cut / copy / paste"),
    Binding("shift+arrows", "select", "Select text (then F5 runs the selection)"),
    Binding("ctrl+a / ctrl+e", "home", "Start / end of line"),
    Binding("f6 / f7", "select_line", "Select line / select all"),
]
COMPLETION = [
    Binding("up / down", "move", "Choose an offer (the list opens as you type)"),
    Binding("tab / enter", "accept", "Insert the offer"),
    Binding("escape", "close", "Close the list"),
]
CATALOG_EXTRA = [
    Binding("enter", "insert", "Insert the table or column name in the editor"),
    Binding("space", "toggle", "Open or close a table"),
]
RESULTS = [
    Binding("arrows / pageup / pagedown", "move", "Move in the results"),
    Binding("ctrl+home / ctrl+end", "ends", "First / last row"),
    Binding("ctrl+c", "copy", "Copy the selected cells"),
]


_TAB_IDS = {b.id for b in as_bindings(TAB_BINDINGS)}


def _own(bindings: Iterable[BindingType]) -> list[Binding]:
    """Only bindings with a description (the ones meant for people)."""
    return [b for b in as_bindings(bindings) if b.description]


def help_sections(app_bindings: Iterable[BindingType]) -> list[HelpSection]:
    return [
        ("anywhere", [b for b in _own(app_bindings) if b.id not in _TAB_IDS]),
        ("query tabs", _own(TAB_BINDINGS)),
        ("editor", [*_own(SqlEditor.BINDINGS), *EDITING]),
        ("completion", COMPLETION),
        ("catalog", [*CATALOG_EXTRA, *_own(CatalogTree.BINDINGS)]),
        ("results", RESULTS),
        ("history", _own(HistoryScreen.BINDINGS)),
        ("export", _own(ExportScreen.BINDINGS)),
        ("ingest", _own(IngestScreen.BINDINGS)),
    ]
