"""The catalog: database -> tables (curated, then raw) -> columns with their types.

Choosing a node inserts its name in the editor; `p` previews a table; `r` reloads.
The tree only says what the user asked for (messages up); the App does the rest.
Labels take their colours from the app's theme (readable in both) and are redrawn
when the theme changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ingest.errors import LakeError
from tui.messages import CatalogFailed, CatalogLoaded, InsertText, PreviewTable

if TYPE_CHECKING:
    from ingest.catalog.model import CatalogTable
    from ingest.lake import Lake

_LAYER_ORDER = {"curated": 0, "raw": 1}
DAMAGED = -1  # the partition count of a table whose partitions could not be read


@dataclass(frozen=True)
class CatalogItem:
    """What a node stands for: a table, or a column of `table`."""

    kind: str  # database | table | column
    name: str
    table: str = ""


class CatalogTree(Tree[CatalogItem]):
    """The lake's tables, as the catalog describes them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "preview", "Preview", id="catalog.preview"),
        Binding("r", "refresh", "Refresh", id="catalog.refresh"),
        Binding("right", "expand", "Expand", show=False, id="catalog.expand"),
        Binding("left", "collapse", "Collapse", show=False, id="catalog.collapse"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("catalog", data=CatalogItem("database", ""), id=id)
        self.show_root = True
        self.auto_expand = False
        self._database = ""
        self._tables: list[CatalogTable] = []
        self._partitions: dict[str, int] = {}
        self.border_title = "Catalog"
        self.border_subtitle = "◆ curated ◇ raw"
        self.guide_depth = 2

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _: self._redraw())

    def _redraw(self) -> None:
        if self._tables:
            self.show_tables(self._database, self._tables, self._partitions)

    def _colour(self, name: str) -> str:
        """A theme colour as a Rich style ('' when the theme has none in hex)."""
        value = self.app.theme_variables.get(name, "")
        return value if value.startswith("#") else ""

    def load(self, lake: Lake) -> None:
        """Read the catalog in a thread worker (Glue is a network call on `aws`)."""
        self._database = lake.outputs.database
        if not self.root.children:
            self.set_message("loading catalog …")
        self._read(lake)

    @work(thread=True, name="catalog", group="catalog", exclusive=True, exit_on_error=False)
    def _read(self, lake: Lake) -> None:
        database = lake.outputs.database
        try:
            tables = lake.catalog.tables(database)
        except LakeError as err:  # the target turns its SDK's errors into LakeError
            self.post_message(CatalogFailed(str(err)))
            return
        partitions: dict[str, int] = {}
        for table in tables:
            if not table.partition_keys:
                continue
            try:
                partitions[table.name] = len(lake.catalog.partitions(database, table.name))
            except LakeError as err:  # one damaged table: the others stay browsable
                partitions[table.name] = DAMAGED
                self.app.call_from_thread(self.app.notify, str(err), severity="error")
        self.post_message(CatalogLoaded(tables, partitions))

    def on_catalog_loaded(self, message: CatalogLoaded) -> None:
        # the App hears it too (the message bubbles on)
        self.show_tables(self._database, message.tables, message.partitions)

    def on_catalog_failed(self, message: CatalogFailed) -> None:
        self.set_message(message.error)

    def set_message(self, text: str) -> None:
        """A one-line state instead of tables (loading, or the error)."""
        self.clear()
        self.root.set_label(text)

    def show_tables(
        self, database: str, tables: list[CatalogTable], partitions: dict[str, int]
    ) -> None:
        self._tables, self._partitions = tables, partitions
        expanded = {n.data.name for n in self._table_nodes() if n.is_expanded and n.data}
        muted, types = self._colour("text-muted"), self._colour("text-success")
        key_style = self._colour("text-warning")
        self.clear()
        self.root.set_label(Text.assemble((database, "bold"), (f"  {len(tables)} tables", muted)))
        self.root.data = CatalogItem("database", database)
        ordered = sorted(tables, key=lambda t: (_LAYER_ORDER.get(t.layer, 2), t.name))
        for table in ordered:
            node = self.root.add(
                self._table_label(table, partitions.get(table.name)),
                data=CatalogItem("table", table.name),
            )
            for column in table.columns:
                node.add_leaf(
                    Text.assemble(column.name, ("  " + column.type, types)),
                    data=CatalogItem("column", column.name, table.name),
                )
            for key in table.partition_keys:
                node.add_leaf(
                    Text.assemble(
                        (key.name, "bold"),
                        ("  " + key.type, types),
                        ("  ⚑ partition", key_style),
                    ),
                    data=CatalogItem("column", key.name, table.name),
                )
            if table.name in expanded:
                node.expand()
        self.root.expand()

    def _table_nodes(self) -> list[TreeNode[CatalogItem]]:
        return list(self.root.children)

    @property
    def chosen(self) -> CatalogItem | None:
        node = self.cursor_node
        return node.data if node is not None else None

    def action_expand(self) -> None:
        if self.cursor_node is not None:
            self.cursor_node.expand()

    def action_collapse(self) -> None:
        node = self.cursor_node
        if node is not None and node.is_expanded:
            node.collapse()
        elif node is not None and node.parent is not None:
            self.move_cursor(node.parent)

    def action_preview(self) -> None:
        item = self.chosen
        if item is not None and item.kind in ("table", "column"):
            self.post_message(PreviewTable(item.table or item.name))

    def action_refresh(self) -> None:
        self.run_worker(self.app.run_action("refresh_catalog"))

    def on_tree_node_selected(self, event: Tree.NodeSelected[CatalogItem]) -> None:
        """Enter (or a click) on a table or column inserts its name; space opens a table."""
        event.stop()
        item = event.node.data
        if item is not None and item.kind in ("table", "column"):
            self.post_message(InsertText(item.name))

    def _table_label(self, table: CatalogTable, partitions: int | None) -> Text:
        """Curated (◆) and raw (◇) tables told apart by a marker and its colour (the
        border says which is which), the name whole; the partition count shows whether
        data has been loaded."""
        curated = table.layer == "curated"
        marker = ("◆ ", f"bold {self._colour('text-accent')}") if curated else ("◇ ", "")
        if partitions is None:
            count = ""
        elif partitions == DAMAGED:
            count = " partitions unreadable"
        else:
            count = f" {partitions} part{'s' if partitions != 1 else ''}"
        return Text.assemble(marker, (table.name, "bold"), (count, self._colour("text-muted")))
