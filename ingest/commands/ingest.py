"""`nba-lake ingest`: load a source into the lake, with progress and a summary table."""

from __future__ import annotations

import logging
import sys
from typing import TextIO

from rich.console import Console
from rich.table import Table

from ingest.commands.progress_bars import RichReporter
from ingest.errors import LakeError
from ingest.pipeline.jobs import JobOutcome
from ingest.pipeline.plan import IngestOptions, plan_ingest
from ingest.pipeline.progress import LogReporter
from ingest.pipeline.run import run_ingest
from ingest.pipeline.summary import (
    LEFT_ALIGNED,
    STATUS_COLOURS,
    SUMMARY_COLUMNS,
    days_summary,
    summary_cells,
)
from ingest.settings import Settings
from ingest.targets import open_lake

#: The project's loggers. Only these print: a library's INFO lines (botocore's "Found
#: credentials in environment variables.") are not the user's business.
PROJECT_LOGGERS = ("nba_lake", "ingest")


class _ProjectLogHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Marks the handler this module installed, so a second run replaces it."""


def show_project_logs(stream: TextIO) -> None:
    """Print the project's INFO lines (timestamped) on `stream`, and nothing else's.

    The root logger is left alone; the project's loggers get their own handler and do
    not propagate, so `logging.basicConfig(level=INFO)` semantics never reach libraries.
    """
    handler = _ProjectLogHandler(stream)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    for name in PROJECT_LOGGERS:
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if isinstance(h, _ProjectLogHandler)]:
            logger.removeHandler(old)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


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
    if not console.is_terminal:
        show_project_logs(sys.stderr)
    lake = open_lake(settings)
    plan = plan_ingest(lake, options)
    if console.is_terminal:
        with RichReporter(console) as reporter:
            outcomes = run_ingest(lake, plan, reporter)
    else:
        outcomes = run_ingest(lake, plan, LogReporter())
    console.print(summary_table(outcomes))
    for outcome in outcomes:
        if outcome.days is not None and outcome.status != "failed":
            console.print(f"{outcome.dataset} {outcome.season}: {days_summary(outcome.days)}")
    unchanged = all(o.status == "unchanged" for o in outcomes)
    if unchanged:
        console.print("Nothing new: the lake already holds this data.")
    failed = [o for o in outcomes if o.status == "failed"]
    if failed:
        first = failed[0].error
        raise LakeError(f"{len(failed)} of {len(outcomes)} ingest jobs failed; first: {first}")
