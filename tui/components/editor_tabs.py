"""Query tabs: one SqlEditor per tab, and the completion dropdown they share.

Restored tabs are built in the first compose, but only the active one gets an editor:
the others hold their saved buffer and get theirs when first shown, so sixteen old tabs
start as fast as one. Focus moves synchronously with the tab, so keys typed right after
ctrl+n or a tab switch land in the tab they were typed for.
"""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static, TabbedContent, TabPane

from tui.buffers import Buffer, SavedBuffers
from tui.completion import CompletionSource
from tui.components.completer import CompletionList
from tui.components.editor import SqlEditor
from tui.messages import BufferClosed, BufferShown

_NUMBERED = re.compile(r"^Query (\d+)$")

#: The tab keys. The App binds them with priority, so they act the moment they arrive:
#: before the editor can take ctrl+pageup/down for sideways scrolling, and before the
#: keys typed after them are handed to the widget that had the focus until then.
TAB_BINDINGS: list[BindingType] = [
    Binding("ctrl+n", "new_tab", "New tab", show=False, priority=True, id="tabs.new"),
    Binding("ctrl+w", "close_tab", "Close tab", show=False, priority=True, id="tabs.close"),
    Binding("ctrl+pagedown", "next_tab(1)", "Next tab", show=False, priority=True, id="tabs.next"),
    Binding(
        "ctrl+pageup",
        "next_tab(-1)",
        "Previous tab",
        show=False,
        priority=True,
        id="tabs.previous",
    ),
]


class EditorTabs(Vertical):
    """The editor area: tabs of buffers; the App asks it for the current editor."""

    def __init__(
        self, source: CompletionSource, saved: SavedBuffers | None = None, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.source = source
        self._saved = saved or SavedBuffers([])
        self._ids = 0
        self._titles: dict[str, str] = {}
        #: tabs whose editor is not built yet: their saved buffer
        self._pending: dict[str, Buffer] = {}
        self._first_cursor: tuple[str, tuple[int, int]] | None = None

    # -- building ----------------------------------------------------------------------

    def _next_id(self) -> str:
        self._ids += 1
        return f"buffer-{self._ids}"

    def _unique_title(self, title: str) -> str:
        taken = set(self._titles.values())
        if title not in taken:
            return title
        stem = title
        match = _NUMBERED.match(title)
        if match:
            return self._new_title()
        count = 2
        while f"{stem} ({count})" in taken:
            count += 1
        return f"{stem} ({count})"

    def _new_title(self) -> str:
        """`Query N`, N one more than any numbered tab open (so never a duplicate)."""
        numbers = [int(m.group(1)) for t in self._titles.values() if (m := _NUMBERED.match(t))]
        return f"Query {max(numbers, default=0) + 1}"

    def _editor(self, buffer: Buffer) -> SqlEditor:
        return SqlEditor(buffer.text, source=self.source, completion=self._completion)

    def compose(self) -> ComposeResult:
        self._completion = CompletionList(id="completion")
        self._completion.display = False
        buffers = self._saved.buffers or [Buffer("Query 1", "")]
        active = min(max(self._saved.active, 0), len(buffers) - 1)
        panes, active_id = [], ""
        for index, buffer in enumerate(buffers):
            pane_id = self._next_id()
            title = self._unique_title(buffer.title or self._new_title())
            self._titles[pane_id] = title
            if index == active:
                body: Static | SqlEditor = self._editor(buffer)
                active_id = pane_id
                self._first_cursor = (pane_id, buffer.cursor)
            else:
                body = Static("", classes="buffer-pending")
                self._pending[pane_id] = Buffer(title, buffer.text, buffer.cursor)
            panes.append(TabPane(title, body, id=pane_id))
        with TabbedContent(initial=active_id, id="editor-tabs"):
            yield from panes
        yield self._completion

    def on_mount(self) -> None:
        if self._first_cursor is not None:
            pane_id, cursor = self._first_cursor
            editor = self.tabbed.get_pane(pane_id).query_one(SqlEditor)
            _place_cursor(editor, cursor)
            self.screen.set_focus(editor)

    async def _materialize(self, pane_id: str) -> SqlEditor | None:
        """The tab's editor, built now if the tab was restored and never shown."""
        pane = self.tabbed.get_pane(pane_id)
        buffer = self._pending.pop(pane_id, None)
        if buffer is None:
            found = pane.query(SqlEditor)
            return found.first() if found else None
        editor = self._editor(buffer)
        await pane.remove_children()
        await pane.mount(editor)
        _place_cursor(editor, buffer.cursor)
        return editor

    # -- what the App asks -------------------------------------------------------------

    @property
    def tabbed(self) -> TabbedContent:
        return self.query_one("#editor-tabs", TabbedContent)

    @property
    def owner(self) -> str:
        """The active tab's id: runs started from it fill its results."""
        return self.tabbed.active

    @property
    def editor(self) -> SqlEditor | None:
        """The editor of the active tab (None while a restored tab is being built)."""
        pane = self.tabbed.active_pane
        if pane is None:
            return None
        found = pane.query(SqlEditor)
        return found.first() if found else None

    def editors(self) -> list[SqlEditor]:
        """The editors built so far (restored tabs get theirs when first shown)."""
        return list(self.tabbed.query(SqlEditor))

    def title_of(self, pane_id: str) -> str:
        return self._titles.get(pane_id, "Query")

    def snapshot(self) -> SavedBuffers:
        """The buffers as they are now, for saving (tabs never shown keep their text)."""
        buffers, active = [], 0
        for index, pane in enumerate(self.tabbed.query(TabPane)):
            pane_id = pane.id or ""
            title = self._titles.get(pane_id, "Query")
            pending = self._pending.get(pane_id)
            if pending is not None:
                buffers.append(Buffer(title, pending.text, pending.cursor))
            else:
                editor = pane.query_one(SqlEditor)
                buffers.append(Buffer(title, editor.text, editor.cursor_location))
            if pane is self.tabbed.active_pane:
                active = index
        return SavedBuffers(buffers, active)

    # -- actions -----------------------------------------------------------------------

    async def new_tab(
        self, text: str = "", title: str | None = None, *, focus: bool = True
    ) -> SqlEditor:
        pane_id = self._next_id()
        title = self._unique_title(title) if title else self._new_title()
        editor = self._editor(Buffer(title, text))
        self._titles[pane_id] = title
        await self.tabbed.add_pane(TabPane(title, editor, id=pane_id))
        self.tabbed.active = pane_id
        if focus:
            self.screen.set_focus(editor)
        return editor

    async def action_new_tab(self) -> None:
        await self.new_tab()

    async def action_close_tab(self) -> None:
        """Close the active tab; the last tab is emptied instead of closed."""
        pane = self.tabbed.active_pane
        if pane is None or pane.id is None:
            return
        if self.tabbed.tab_count <= 1:
            editor = self.editor
            if editor is not None:
                editor.clear()
        else:
            closed = pane.id
            self._pending.pop(closed, None)
            self._titles.pop(closed, None)
            await self.tabbed.remove_pane(closed)
            self.post_message(BufferClosed(closed))
        await self.show(self.tabbed.active)

    async def action_next_tab(self, step: int) -> None:
        """The next (or previous) tab, wrapping round at both ends."""
        panes = [pane.id for pane in self.tabbed.query(TabPane) if pane.id]
        if not panes:
            return
        current = panes.index(self.tabbed.active) if self.tabbed.active in panes else 0
        await self.show(panes[(current + step) % len(panes)])

    async def show(self, pane_id: str) -> None:
        """Make `pane_id` the active tab, its editor built and focused."""
        editor = await self._materialize(pane_id)
        self.tabbed.active = pane_id
        if editor is not None:
            self.screen.set_focus(editor)

    def focus_editor(self) -> None:
        editor = self.editor
        if editor is not None:
            self.screen.set_focus(editor)

    async def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.tabbed_content is not self.tabbed or event.pane.id is None:
            return
        self._completion.hide()
        if event.pane.id in self._pending:  # a click on a restored tab
            await self.show(event.pane.id)
        self.post_message(BufferShown(event.pane.id))


def _place_cursor(editor: SqlEditor, cursor: tuple[int, int]) -> None:
    row = min(max(cursor[0], 0), editor.document.line_count - 1)
    column = min(max(cursor[1], 0), len(editor.document.get_line(row)))
    editor.cursor_location = (row, column)
