"""The footer, with priorities: on a narrow terminal the keys people need most stay.

Textual's footer shows every binding in order and cuts what does not fit, so at 80
columns Export and Help fell off the end. Here the less used keys step aside first
(they stay in the help screen and the command palette).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: Footer width below which only PRIORITY keys are shown.
NARROW = 110
#: What a narrow footer keeps.
PRIORITY = frozenset({"run", "chart", "history", "export", "toggle_catalog", "help", "quit"})


class LakeFooter(Footer):
    """Every key when there is room; the most needed ones when there is not."""

    def __init__(self) -> None:
        super().__init__()
        self._narrow: bool | None = None

    def compose(self) -> ComposeResult:
        narrow = self.app.size.width < NARROW
        if narrow != self._narrow:
            self._narrow = narrow
            self.set_reactive(Footer.compact, narrow)
            self.set_class(narrow, "-compact")
        for widget in super().compose():
            if narrow and isinstance(widget, FooterKey) and not _kept(widget):
                continue
            yield widget

    def on_resize(self) -> None:
        if (self.app.size.width < NARROW) != self._narrow:
            self.call_after_refresh(self.recompose)


def _kept(key: FooterKey) -> bool:
    action = key.action.rpartition(".")[2].split("(")[0]
    return action in PRIORITY or "-command-palette" in key.classes
