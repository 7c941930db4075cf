"""The footer, with priorities: when the keys do not fit, the least needed step aside.

Textual's footer shows every binding in order and cuts what does not fit, so at 80
columns Export and Help fell off the end. Here each key has a rank; the keys of the
focused widget (a table's Preview, say) rank just after Run, Help and Quit, and the
lowest ranked go first until the rest fit. Every key stays in the help screen (F1) and
the command palette.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: App actions, most needed first; a focused widget's own keys come after the first three.
RANK = (
    "run",
    "help",
    "quit",
    "chart",
    "toggle_catalog",
    "history",
    "export",
    "run_all",
    "cancel",
    "status",
    "ingest",
)
_WIDGET_RANK = 2.5
#: Below this width the footer is compact (one space between keys, none inside).
COMPACT_BELOW = 120


def _action(key: FooterKey) -> str:
    return key.action.rpartition(".")[2].split("(")[0]


def _rank(key: FooterKey) -> float:
    action = _action(key)
    if "-command-palette" in key.classes:
        return -1
    if key.action.startswith("app.") or action in RANK:
        return RANK.index(action) if action in RANK else len(RANK)
    return _WIDGET_RANK


def _width(key: FooterKey, compact: bool) -> int:
    return len(str(key.key_display)) + len(str(key.description)) + (2 if compact else 4)


class LakeFooter(Footer):
    """Every key when there is room; the most needed ones when there is not."""

    def __init__(self) -> None:
        super().__init__()
        self._compact: bool | None = None
        self._width = 0

    def compose(self) -> ComposeResult:
        width = self.app.size.width
        compact = width < COMPACT_BELOW
        if compact != self._compact:
            self._compact = compact
            self.set_reactive(Footer.compact, compact)
            self.set_class(compact, "-compact")
        self._width = width
        widgets = list(super().compose())
        keys = [w for w in widgets if isinstance(w, FooterKey)]
        room = width - 2
        kept: set[int] = set()
        for key in sorted(keys, key=_rank):
            needed = _width(key, compact)
            if needed <= room:
                kept.add(id(key))
                room -= needed
        yield from (w for w in widgets if not isinstance(w, FooterKey) or id(w) in kept)

    def on_resize(self) -> None:
        if self.app.size.width != self._width:
            self.call_after_refresh(self.recompose)
