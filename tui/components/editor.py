"""The SQL editor: a TextArea with SQL highlighting, completion and statement picking.

Completion is driven from here (the editor knows the cursor); the dropdown only shows.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Offset
from textual.widgets import TextArea

from ingest.query.statements import split_statements, statement_at
from tui.completion import CompletionSource, context_at
from tui.components.completer import CompletionList

_COMPLETION_KEYS = frozenset({"up", "down", "tab", "enter", "escape", "pageup", "pagedown"})


class SqlEditor(TextArea):
    """One query buffer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+space,ctrl+@", "complete", "Complete", show=False, id="editor.complete"),
    ]

    def __init__(
        self,
        text: str = "",
        *,
        source: CompletionSource,
        completion: CompletionList,
        id: str | None = None,
    ) -> None:
        super().__init__(
            text,
            language="sql",
            soft_wrap=False,
            tab_behavior="indent",
            show_line_numbers=True,
            id=id,
        )
        self.indent_width = 2
        self.source = source
        self.completion = completion

    # -- what to run -------------------------------------------------------------------

    @property
    def cursor_offset(self) -> int:
        row, column = self.cursor_location
        newline = len(self.document.newline)
        return sum(len(self.document.get_line(i)) + newline for i in range(row)) + column

    def statements_to_run(self) -> list[str]:
        """The selection's statements if text is selected, else the one under the cursor."""
        if self.selected_text.strip():
            return [s.text for s in split_statements(self.selected_text)]
        statement = statement_at(self.text, self.cursor_offset)
        return [statement.text] if statement else []

    def all_statements(self) -> list[str]:
        return [s.text for s in split_statements(self.text)]

    def insert_at_cursor(self, text: str) -> None:
        """Insert (replacing the selection), leaving the cursor after the text."""
        start, end = self.selection
        self.replace(text, start, end, maintain_selection_offset=False)

    # -- completion --------------------------------------------------------------------

    def action_complete(self) -> None:
        self._update_completion(explicit=True)

    def _update_completion(self, *, explicit: bool = False) -> None:
        row, column = self.cursor_location
        before = self.document.get_line(row)[:column]
        context = context_at(before)
        if not explicit and not context.prefix and context.qualifier is None:
            self.completion.hide()
            return
        items = self.source.suggest(context, self.text, asked=explicit)
        if not items:
            self.completion.hide()
            return
        cursor = self.cursor_screen_offset
        self.completion.show(items, Offset(cursor.x - len(context.prefix) - 1, cursor.y + 1))

    def _accept_completion(self) -> None:
        item = self.completion.chosen
        self.completion.hide()
        if item is None:
            return
        row, column = self.cursor_location
        prefix = context_at(self.document.get_line(row)[:column]).prefix
        self.replace(
            item.insert, (row, column - len(prefix)), (row, column), maintain_selection_offset=False
        )

    async def _on_key(self, event: events.Key) -> None:
        if self.completion.is_open and event.key in _COMPLETION_KEYS:
            event.stop()
            event.prevent_default()
            if event.key in ("up", "down", "pageup", "pagedown"):
                step = {"up": -1, "down": 1, "pageup": -8, "pagedown": 8}[event.key]
                self.completion.move(step)
            elif event.key == "escape":
                self.completion.hide()
            else:
                self._accept_completion()
            return
        await super()._on_key(event)
        if event.is_printable and event.character is not None:
            if event.character.isalnum() or event.character in "_.":
                self._update_completion()
            else:
                self.completion.hide()
        elif event.key not in ("ctrl+space", "ctrl+@", "backspace"):
            self.completion.hide()

    def action_delete_left(self) -> None:
        super().action_delete_left()
        if self.completion.is_open:
            self._update_completion()

    def on_blur(self) -> None:
        self.completion.hide()
