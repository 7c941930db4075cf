"""Query tabs: one SqlEditor per tab, and the completion dropdown they share."""

from __future__ import annotations

import itertools
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import TabbedContent, TabPane

from tui.buffers import Buffer, SavedBuffers
from tui.completion import CompletionSource
from tui.components.completer import CompletionList
from tui.components.editor import SqlEditor


class EditorTabs(Vertical):
    """The editor area: tabs of buffers; the App asks it for the current editor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "new_tab", "New tab", show=False, id="tabs.new"),
        Binding("ctrl+w", "close_tab", "Close tab", show=False, priority=True, id="tabs.close"),
        Binding("ctrl+pagedown", "next_tab(1)", "Next tab", show=False, id="tabs.next"),
        Binding("ctrl+pageup", "next_tab(-1)", "Previous tab", show=False, id="tabs.previous"),
    ]

    def __init__(self, source: CompletionSource, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.source = source
        self._numbers = itertools.count(1)
        self._titles: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield TabbedContent(id="editor-tabs")
        completion = CompletionList(id="completion")
        completion.display = False
        yield completion

    @property
    def tabbed(self) -> TabbedContent:
        return self.query_one("#editor-tabs", TabbedContent)

    @property
    def editor(self) -> SqlEditor | None:
        """The editor of the active tab."""
        pane = self.tabbed.active_pane
        return pane.query_one(SqlEditor) if pane is not None else None

    def editors(self) -> list[SqlEditor]:
        return list(self.tabbed.query(SqlEditor))

    async def restore(self, saved: SavedBuffers) -> None:
        """Open saved buffers (or one empty tab) and focus the active one."""
        buffers = saved.buffers or [Buffer("Query 1", "")]
        for buffer in buffers:
            await self.new_tab(buffer.text, buffer.title, cursor=buffer.cursor, focus=False)
        panes = list(self.tabbed.query(TabPane))
        active = panes[min(max(saved.active, 0), len(panes) - 1)]
        if active.id is not None:
            self.tabbed.active = active.id
        self.focus_editor()

    def snapshot(self) -> SavedBuffers:
        """The buffers as they are now, for saving."""
        buffers, active = [], 0
        for index, pane in enumerate(self.tabbed.query(TabPane)):
            editor = pane.query_one(SqlEditor)
            title = self._titles.get(pane.id or "", "Query")
            buffers.append(Buffer(title, editor.text, editor.cursor_location))
            if pane is self.tabbed.active_pane:
                active = index
        return SavedBuffers(buffers, active)

    async def new_tab(
        self,
        text: str = "",
        title: str | None = None,
        *,
        cursor: tuple[int, int] | None = None,
        focus: bool = True,
    ) -> SqlEditor:
        number = next(self._numbers)
        completion = self.query_one(CompletionList)
        editor = SqlEditor(text, source=self.source, completion=completion)
        title = title or f"Query {number}"
        pane = TabPane(title, editor, id=f"buffer-{number}")
        self._titles[f"buffer-{number}"] = title
        await self.tabbed.add_pane(pane)
        self.tabbed.active = pane.id or ""
        if cursor is not None:
            row = min(cursor[0], editor.document.line_count - 1)
            editor.cursor_location = (row, min(cursor[1], len(editor.document.get_line(row))))
        if focus:
            editor.focus()
        return editor

    async def action_new_tab(self) -> None:
        await self.new_tab()

    async def action_close_tab(self) -> None:
        """Close the active tab; the last tab is emptied instead of closed."""
        pane = self.tabbed.active_pane
        if pane is None or pane.id is None:
            return
        if self.tabbed.tab_count <= 1:
            pane.query_one(SqlEditor).clear()
        else:
            await self.tabbed.remove_pane(pane.id)
        self.focus_editor()

    def action_next_tab(self, step: int) -> None:
        panes = [pane.id for pane in self.tabbed.query(TabPane) if pane.id]
        if not panes:
            return
        current = panes.index(self.tabbed.active) if self.tabbed.active in panes else 0
        self.tabbed.active = panes[(current + step) % len(panes)]
        self.focus_editor()

    def focus_editor(self) -> None:
        editor = self.editor
        if editor is not None:
            editor.focus()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.query_one(CompletionList).hide()
        if event.tabbed_content is self.tabbed:
            self.call_after_refresh(self.focus_editor)
