"""Every key, grouped by where it works; built from the widgets' BINDINGS, so it never drifts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

HelpSection = tuple[str, list[Binding]]

NOTE = (
    "ctrl+enter runs only where the terminal reports it; many send it as plain Enter, "
    "so F5 and ctrl+j always work. Ctrl+p opens the command palette."
)


def key_text(keys: str) -> str:
    """`f5,ctrl+j` -> `F5 / ctrl+j`."""
    parts = []
    for key in keys.split(","):
        key = key.strip()
        parts.append(key.upper() if key.startswith("f") and key[1:].isdigit() else key)
    return " / ".join(parts)


def as_bindings(items: Iterable[BindingType]) -> list[Binding]:
    return [item if isinstance(item, Binding) else Binding(*item) for item in items]


class HelpScreen(ModalScreen[None]):
    """A modal table of keys; escape, q or F1 closes it."""

    CSS_PATH = "modals.tcss"  # read when the screen first opens, not at start-up

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,f1", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, sections: list[HelpSection]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "escape closes"
            yield DataTable(id="help-table", cursor_type="row", zebra_stripes=True)
            yield Static(NOTE, id="help-note")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("where", "key", "does")
        for title, bindings in self.sections:
            for binding in bindings:
                table.add_row(title, key_text(binding.key), binding.description or binding.action)
        table.focus()
