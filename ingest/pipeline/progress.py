"""Progress of an ingest run as events: a rich bar on a terminal, log lines otherwise.

The pipeline only emits `ProgressEvent`s to a callback; the CLI renders them and the
TUI subscribes with its own callback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Literal

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

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


class RichReporter:
    """A live progress bar per dataset-season, for a terminal."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[records]:>12} records"),
            TextColumn("{task.fields[stage]}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self._tasks: dict[tuple[str, int], TaskID] = {}

    def __enter__(self) -> RichReporter:
        self._progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._progress.stop()

    def __call__(self, event: ProgressEvent) -> None:
        key = (event.dataset, event.season)
        if key not in self._tasks:
            self._tasks[key] = self._progress.add_task(
                f"{event.dataset} {event.season}", total=None, records="0", stage=""
            )
        finished = event.stage in ("done", "unchanged", "failed")
        self._progress.update(
            self._tasks[key],
            records=f"{event.records:,}",
            stage=event.message or event.stage,
            total=1 if finished else None,
            completed=1 if finished else 0,
        )
