"""Progress of an ingest run as events, and plain log lines for them.

The pipeline only emits `ProgressEvent`s to a callback; the CLI renders them (a rich bar
on a terminal, `LogReporter` otherwise) and the TUI subscribes with its own callback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Stage = Literal["fetch", "publish", "done", "unchanged", "failed"]


@dataclass(frozen=True)
class ProgressEvent:
    """Where one dataset-season stands."""

    dataset: str
    season: int
    stage: Stage
    records: int = 0
    message: str = ""


ProgressCallback = Callable[[ProgressEvent], None]
log = logging.getLogger("nba_lake.ingest")


class LogReporter:
    """Plain log lines, for pipes, CI and files."""

    def __call__(self, event: ProgressEvent) -> None:
        log.info(
            "%s %s: %s %s records %s",
            event.dataset,
            event.season,
            event.stage,
            f"{event.records:,}",
            event.message,
        )
