"""The command palette (ctrl+p): every app action, plus a preview per table and each example.

Commands are app action strings, so the palette, the keys and the help screen all reach
the same code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider


@dataclass(frozen=True)
class PaletteCommand:
    title: str
    help: str
    action: str


STATIC_COMMANDS: tuple[PaletteCommand, ...] = (
    PaletteCommand("Run statement", "run the selection or the statement under the cursor", "run"),
    PaletteCommand("Run all", "run every statement of the buffer, a result tab each", "run_all"),
    PaletteCommand("Cancel query", "stop the running query", "cancel"),
    PaletteCommand("Chart / table", "show the current result as a chart, or back as rows", "chart"),
    PaletteCommand("Lake status", "dashboard: rows, size, freshness, ingests, rejects", "status"),
    PaletteCommand("New query tab", "open an empty editor tab", "new_tab"),
    PaletteCommand("Close query tab", "close the current editor tab", "close_tab"),
    PaletteCommand("Format SQL", "pretty-print the buffer (sqlglot, Athena dialect)", "format"),
    PaletteCommand("History", "search and re-run past queries", "history"),
    PaletteCommand("Example queries", "open an example in a new tab", "examples"),
    PaletteCommand("Load data (ingest)", "ingest from sample, SportsData.io or a file", "ingest"),
    PaletteCommand("Export result", "write the current result to CSV, Parquet or JSON", "export"),
    PaletteCommand("Refresh catalog", "reload the lake's tables", "refresh_catalog"),
    PaletteCommand("Show/hide catalog", "open or close the catalog panel", "toggle_catalog"),
    PaletteCommand("Toggle light/dark theme", "switch between light and dark", "toggle_theme"),
    PaletteCommand("Keys (help)", "every key binding", "help"),
    PaletteCommand("Focus editor", "move to the SQL editor", "focus_editor"),
    PaletteCommand("Focus results", "move to the results table", "focus_results"),
)


@runtime_checkable
class PaletteSource(Protocol):
    """What the app tells the palette beyond the fixed commands (tables, examples)."""

    def palette_commands(self) -> list[PaletteCommand]: ...


class LakeCommands(Provider):
    """Fuzzy search over the app's commands."""

    def _commands(self) -> list[PaletteCommand]:
        extra = self.app.palette_commands() if isinstance(self.app, PaletteSource) else []
        return [*STATIC_COMMANDS, *extra]

    async def discover(self) -> Hits:
        for command in STATIC_COMMANDS:
            yield DiscoveryHit(
                command.title, partial(self.app.run_action, command.action), help=command.help
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(command.title),
                    partial(self.app.run_action, command.action),
                    help=command.help,
                )
