"""`nba-lake ingest`: load a source into the lake, with progress and a summary table."""

from __future__ import annotations

import logging
import sys

from rich.console import Console
from rich.table import Table

from ingest.commands.progress_bars import RichReporter
from ingest.errors import LakeError
from ingest.pipeline.jobs import JobOutcome
from ingest.pipeline.plan import IngestOptions, plan_ingest
from ingest.pipeline.progress import LogReporter
from ingest.pipeline.run import run_ingest
from ingest.pipeline.summary import LEFT_ALIGNED, STATUS_COLOURS, SUMMARY_COLUMNS, summary_cells
from ingest.settings import Settings
from ingest.targets import open_lake


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


def ingest(settings: Settings, console: Console, options: IngestOptions) -> None:
    lake = open_lake(settings)
    plan = plan_ingest(lake, options)
    if console.is_terminal:
        with RichReporter(console) as reporter:
            outcomes = run_ingest(lake, plan, reporter)
    else:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
        outcomes = run_ingest(lake, plan, LogReporter())
    console.print(summary_table(outcomes))
    unchanged = all(o.status == "unchanged" for o in outcomes)
    if unchanged:
        console.print("Nothing new: the lake already holds this data.")
    failed = [o for o in outcomes if o.status == "failed"]
    if failed:
        first = failed[0].error
        raise LakeError(f"{len(failed)} of {len(outcomes)} ingest jobs failed; first: {first}")
