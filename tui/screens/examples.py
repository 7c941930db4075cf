"""Pick an example query; it opens in a new editor tab (F5 runs it)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.examples import Example


class ExamplesScreen(ModalScreen[Example | None]):
    """The examples this lake's tables support."""

    CSS_PATH = "modals.tcss"  # read when the screen first opens, not at start-up

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", id="examples.close"),
    ]

    def __init__(self, examples: list[Example]) -> None:
        super().__init__()
        self.examples = examples

    def compose(self) -> ComposeResult:
        with Vertical(id="examples-box") as box:
            box.border_title = "Example queries"
            box.border_subtitle = "enter opens in a new tab · escape closes"
            if not self.examples:
                yield Static("No examples: the lake has no curated NBA tables (run make apply).")
            yield OptionList(
                *[
                    Option(Content.assemble((e.title, "bold"), "\n", (e.description, "dim")))
                    for e in self.examples
                ],
                id="examples-list",
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.examples[event.option_index])
