"""`nba-lake-tui`: the terminal workbench (a first version: the lake's catalog)."""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static, Tree

from ingest.errors import LakeError
from ingest.lake import Lake, open_lake
from ingest.settings import Settings


class LakeApp(App[None]):
    """Shows the lake's catalog; later issues add the editor, results and ingest screen."""

    TITLE = "nba-lake"
    BINDINGS = [Binding("q", "quit", "Quit", id="quit")]

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings

    def compose(self) -> ComposeResult:
        yield Header()
        yield Tree("catalog", id="catalog")
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        status = self.query_one("#status", Static)
        try:
            lake = open_lake(self.settings)
        except LakeError as err:
            status.update(f"[red]{err}[/]")
            return
        self._fill_catalog(lake)
        status.update(f"{lake.target} lake · database {lake.outputs.database}")

    def _fill_catalog(self, lake: Lake) -> None:
        tree = self.query_one("#catalog", Tree)
        tree.root.set_label(lake.outputs.database)
        for table in lake.catalog.tables(lake.outputs.database):
            node = tree.root.add(f"{table.name} [dim]{table.layer}[/]")
            for column in table.columns:
                node.add_leaf(f"{column.name} [green]{column.type}[/]")
            for key in table.partition_keys:
                node.add_leaf(f"{key.name} [green]{key.type}[/] [yellow]partition[/]")
        tree.root.expand()


def main() -> int:
    try:
        settings = Settings.from_env()
    except LakeError as err:
        print(f"nba-lake-tui: error: {err}", file=sys.stderr)
        return 1
    LakeApp(settings).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
