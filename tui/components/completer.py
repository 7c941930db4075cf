"""The completion dropdown: a list floating under the editor's cursor, like Harlequin's.

It never takes focus; the editor forwards up/down/tab/enter/escape while it is open,
so typing carries on in the editor.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Offset
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.completion import Completion

_KIND_STYLE = {
    "table": "$accent",
    "column": "$success",
    "keyword": "$primary",
    "function": "$warning",
}


class CompletionList(OptionList, can_focus=False):
    """Offers for the word at the cursor; the editor decides when it shows."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[Completion] = []

    def show(self, items: list[Completion], at: Offset) -> None:
        self.items = items
        self.clear_options()
        self.add_options([Option(self._label(item)) for item in items])
        self.highlighted = 0
        self.absolute_offset = at
        self.display = True

    def hide(self) -> None:
        self.display = False
        self.items = []

    @property
    def is_open(self) -> bool:
        return self.display and bool(self.items)

    @property
    def chosen(self) -> Completion | None:
        index = self.highlighted
        return self.items[index] if index is not None and index < len(self.items) else None

    def move(self, step: int) -> None:
        if self.items:
            self.highlighted = ((self.highlighted or 0) + step) % len(self.items)

    @staticmethod
    def _label(item: Completion) -> Content:
        style = _KIND_STYLE.get(item.kind, "")
        detail = f"  {item.detail}" if item.detail else ""
        return Content.assemble((item.label, "bold"), (f"  {item.kind}", style), (detail, "dim"))
