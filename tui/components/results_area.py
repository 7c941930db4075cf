"""Results per editor tab: each tab's runs fill its own results, shown when the tab is.

A `ResultsPane` is made for a tab on its first run and removed with the tab; switching
tabs switches panes, so a tab's results come back exactly as they were left (result tab,
table or chart).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.widgets import ContentSwitcher, Static

from tui.components.results_pane import ResultsPane

EMPTY_ID = "results-empty"
EMPTY_TEXT = (
    "No results yet.\n\nWrite SQL in the editor and run it: F5 or ctrl+j runs the statement"
    " under the cursor (or the selection), ctrl+r runs the whole buffer; ctrl+f shows a result"
    " as a chart.\nF10 opens example queries, F12 the lake's status, F1 lists every key."
)


def _pane_id(owner: str) -> str:
    return f"results-{owner}"


class ResultsArea(Vertical):
    """One `ResultsPane` per editor tab that ran something; the shown tab's is visible."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.owner = ""

    def compose(self) -> ComposeResult:
        with ContentSwitcher(initial=EMPTY_ID):
            yield Static(EMPTY_TEXT, id=EMPTY_ID)

    @property
    def switcher(self) -> ContentSwitcher:
        return self.query_one(ContentSwitcher)

    def pane(self, owner: str) -> ResultsPane | None:
        try:
            return self.switcher.query_one(f"#{_pane_id(owner)}", ResultsPane)
        except NoMatches:
            return None

    async def pane_for(self, owner: str) -> ResultsPane:
        """The tab's results, made on its first run."""
        pane = self.pane(owner)
        if pane is None:
            pane = ResultsPane(id=_pane_id(owner))
            await self.switcher.mount(pane)
            pane.display = False
            if owner == self.owner:
                self.switcher.current = pane.id
        return pane

    def show(self, owner: str) -> None:
        """Show the results of editor tab `owner` (the empty note if it has none)."""
        self.owner = owner
        pane = self.pane(owner)
        self.switcher.current = pane.id if pane is not None else EMPTY_ID

    async def drop(self, owner: str) -> None:
        pane = self.pane(owner)
        if pane is not None:
            if self.switcher.current == pane.id:
                self.switcher.current = EMPTY_ID
            await pane.remove()

    @property
    def current(self) -> ResultsPane | None:
        """The shown tab's results."""
        return self.pane(self.owner)
