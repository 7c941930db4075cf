"""`nba-lake ingest` on a terminal: a live progress bar per dataset-season."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

from ingest.pipeline.progress import ProgressEvent


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
