"""`nba-lake ingest`: load a source into the lake, with progress and a summary table."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table

from ingest.errors import LakeError
from ingest.lake import open_lake
from ingest.pipeline.file_dataset import prepare_file_ingest
from ingest.pipeline.jobs import nba_jobs, parse_datasets, parse_seasons
from ingest.pipeline.progress import LogReporter, ProgressCallback, RichReporter
from ingest.pipeline.run import IngestRun, JobOutcome
from ingest.pipeline.summary import LEFT_ALIGNED, STATUS_COLOURS, SUMMARY_COLUMNS, summary_cells
from ingest.settings import Settings
from ingest.sources.file import FileSource
from ingest.sources.registry import make_source


@dataclass(frozen=True)
class IngestOptions:
    source: str
    dataset: str
    season: str | None
    max_reject_ratio: float
    location: str | None = None
    table: str | None = None
    scale: int = 1


def summary_table(outcomes: list[JobOutcome]) -> Table:
    table = Table(title="Ingest summary", title_justify="left")
    for name in SUMMARY_COLUMNS:
        table.add_column(name, justify="left" if name in LEFT_ALIGNED else "right", no_wrap=True)
    for outcome in outcomes:
        cells = list(summary_cells(outcome))
        colour = STATUS_COLOURS.get(outcome.status, "white")
        cells[SUMMARY_COLUMNS.index("status")] = f"[{colour}]{outcome.status}[/]"
        table.add_row(*cells)
    return table


def run_ingest(
    settings: Settings, options: IngestOptions, progress: ProgressCallback
) -> list[JobOutcome]:
    """The UI-free core of the command (the TUI calls this too)."""
    lake = open_lake(settings)
    source = make_source(
        options.source, location=options.location, table=options.table, scale=options.scale
    )
    run = IngestRun(lake, source, max_reject_ratio=options.max_reject_ratio, progress=progress)
    if isinstance(source, FileSource):
        file_source = source
        return run.run_planned(lambda: prepare_file_ingest(lake, file_source))
    seasons = parse_seasons(options.season, getattr(source, "seasons", None))
    return run.run(nba_jobs(lake, parse_datasets(options.dataset), seasons))


def ingest(settings: Settings, console: Console, options: IngestOptions) -> None:
    if console.is_terminal:
        with RichReporter(console) as reporter:
            outcomes = run_ingest(settings, options, reporter)
    else:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
        outcomes = run_ingest(settings, options, LogReporter())
    console.print(summary_table(outcomes))
    unchanged = all(o.status == "unchanged" for o in outcomes)
    if unchanged:
        console.print("Nothing new: the lake already holds this data.")
    failed = [o for o in outcomes if o.status == "failed"]
    if failed:
        first = failed[0].error
        raise LakeError(f"{len(failed)} of {len(outcomes)} ingest jobs failed; first: {first}")
