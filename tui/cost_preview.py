"""The cost of the statement being typed, in the status line once typing pauses.

The estimate (ingest.query.scan_estimate: partitions the filters keep, file and Parquet
column sizes) reads the catalog and the store, so it runs in a thread worker and reports
with a message; only the newest request's answer is shown. It is imported there too: the
estimator pulls in pyarrow and sqlglot, which the workbench's start-up never waits for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from ingest.errors import LakeError

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

    from ingest.lake import Lake

#: Seconds without a keystroke before the estimate is computed.
PAUSE_SECONDS = 0.8


@dataclass
class CostEstimated(Message):
    """The estimate for the statement under the cursor, as one status-line text."""

    text: str


class CostPreview:
    """Debounces edits and runs the estimate off the UI thread."""

    def __init__(self, app: App[None]) -> None:
        self._app = app
        self._timer: Timer | None = None
        self._generation = 0

    def cancel(self) -> None:
        """Forget a pending or running estimate (a run started: its result takes the line)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._generation += 1

    def changed(self, lake: Lake | None, statement: str) -> None:
        """The buffer changed: estimate `statement` once typing pauses."""
        self.cancel()
        if lake is None or not statement.strip():
            return
        generation = self._generation
        self._timer = self._app.set_timer(
            PAUSE_SECONDS, lambda: self._start(lake, statement, generation)
        )

    def _start(self, lake: Lake, statement: str, generation: int) -> None:
        self._app.run_worker(
            lambda: self._estimate(lake, statement, generation),
            name="cost-preview",
            group="cost-preview",
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    def _estimate(self, lake: Lake, statement: str, generation: int) -> None:
        from ingest.query.scan_estimate import estimate_scan

        try:
            found = estimate_scan(statement, lake.catalog, lake.storage, lake.outputs.database)
        except LakeError:
            return  # half-typed SQL: say nothing until it reads
        if generation == self._generation:
            self._app.post_message(CostEstimated(f"estimate {found.line()}"))
