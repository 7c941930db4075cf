"""The SQL editor: a TextArea with SQL highlighting, completion and statement picking.

Completion is driven from here (the editor knows the cursor); the dropdown only shows.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Offset
from textual.widgets import TextArea

from ingest.query.statements import split_statements, statement_at
from tui.completion import CompletionSource, context_at
from tui.components.completer import CompletionList
from tui.themes import DARK, EDITOR_THEMES, LIGHT

#: Seconds after mounting that highlighting starts (the first keys never wait for it).
HIGHLIGHT_AFTER = 0.2
_COMPLETION_KEYS = frozenset({"up", "down", "tab", "enter", "escape", "pageup", "pagedown"})


def _share_highlight_queries() -> None:
    """Compile tree-sitter's SQL highlight query once, not once per editor.

    Compiling it takes about 50 ms and Textual does it for every document it builds
    (twice for a new editor); the compiled query is immutable, so every editor can
    use the same one. This keeps opening a tab (and the app) from stalling on it.
    """
    try:
        from textual.document._syntax_aware_document import SyntaxAwareDocument
    except ImportError:  # no tree-sitter: the editor is plain text anyway
        return
    compile_query = SyntaxAwareDocument.prepare_query
    if getattr(compile_query, "shared", False):
        return
    compiled: dict[tuple[int, str], Any] = {}

    def prepare_query(self: SyntaxAwareDocument, query: str) -> Any:
        key = (id(self.language), query)
        if key not in compiled:
            compiled[key] = compile_query(self, query)
        return compiled[key]

    prepare_query.shared = True  # type: ignore[attr-defined]
    SyntaxAwareDocument.prepare_query = prepare_query  # type: ignore[method-assign]


_share_highlight_queries()


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
        # plain text for the first frame; SQL highlighting (tree-sitter) follows at once
        super().__init__(
            text,
            language=None,
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

    def insert_name(self, name: str) -> None:
        """Insert a table or column name as a word of its own: a space before it when the
        cursor follows a word (`FROM players` + `points` is not `playerspoints`)."""
        start, end = sorted(self.selection)
        row, column = start
        before = self.document.get_line(row)[:column]
        after = self.document.get_line(end[0])[end[1] :]
        lead = " " if before and (before[-1].isalnum() or before[-1] in "_)\"'`") else ""
        trail = " " if after and (after[0].isalnum() or after[0] == "_") else ""
        self.insert_at_cursor(f"{lead}{name}{trail}")

    # -- completion --------------------------------------------------------------------

    def action_complete(self) -> None:
        self._update_completion(explicit=True)

    def statement_before_cursor(self) -> str:
        """The text of the statement under the cursor, up to the cursor."""
        head = self.text[: self.cursor_offset]
        parts = split_statements(head)
        if not parts or head[parts[-1].end :].lstrip().startswith(";"):
            return head[head.rfind(";") + 1 :] if parts else head  # a new statement begins
        return head[parts[-1].start :]

    def _update_completion(self, *, explicit: bool = False) -> None:
        context = context_at(self.statement_before_cursor())
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

    def on_mount(self) -> None:
        for theme in EDITOR_THEMES:
            self.register_theme(theme)
        self._follow_app_theme()
        self.app.theme_changed_signal.subscribe(self, lambda _: self._follow_app_theme())
        self.set_timer(HIGHLIGHT_AFTER, self._highlight)

    def _highlight(self) -> None:
        """Turn on SQL highlighting (compiling tree-sitter's query takes ~50 ms once per
        process, so it waits until the editor already takes keys)."""
        if self.language != "sql":
            selection, scroll = self.selection, self.scroll_offset
            self.language = "sql"  # rebuilds the document, which puts the cursor at 0,0
            self.selection = selection
            self.scroll_to(scroll.x, scroll.y, animate=False)

    def _follow_app_theme(self) -> None:
        """The highlighting made for the app's light or dark theme (both readable)."""
        self.theme = DARK if self.app.current_theme.dark else LIGHT

    def on_blur(self) -> None:
        self.completion.hide()
