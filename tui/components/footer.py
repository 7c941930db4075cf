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

    def compose(self) -> ComposeResult:
        narrow = self.app.size.width < NARROW
        self.compact = narrow
        for widget in super().compose():
            if narrow and isinstance(widget, FooterKey) and not _kept(widget):
                continue
            yield widget

    def on_resize(self) -> None:
        self.call_after_refresh(self.recompose)


def _kept(key: FooterKey) -> bool:
    action = key.action.rpartition(".")[2].split("(")[0]
    return action in PRIORITY or "-command-palette" in key.classes
