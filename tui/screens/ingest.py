"""Load data: choose a source, dataset and season, start, watch progress, read the summary.

The plan is the core's `plan_ingest` (checked at once, so bad input is shown before anything
runs) and the run its `run_ingest`, in a named thread worker; the progress callback runs on
that thread, so every update goes through `call_from_thread`.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import (
    Button,
    DataTable,
    Footer,
    Input,
    Label,
    Log,
    ProgressBar,
    Select,
    Static,
)

from ingest.errors import LakeError
from ingest.lake import Lake
from ingest.pipeline.jobs import JobOutcome
from ingest.pipeline.plan import IngestOptions, IngestPlan, plan_ingest
from ingest.pipeline.progress import ProgressEvent
from ingest.pipeline.run import run_ingest
from ingest.pipeline.summary import STATUS_COLOURS, SUMMARY_COLUMNS, summary_cells
from ingest.query.result import plural
from ingest.settings import Settings
from ingest.sources.base import NBA_DATASETS
from ingest.sources.registry import SOURCE_NAMES
from ingest.targets import open_lake
from tui.messages import IngestFinished

SOURCE_HELP = {
    "sample": "synthetic demo league, generated offline (deterministic)",
    "sportsdata": "SportsData.io NBA v3: needs SPORTSDATA_API_KEY in the environment",
    "file": "a CSV, JSON or NDJSON file or URL; its schema is inferred",
}
_FINISHED = ("done", "unchanged", "failed")


def options_from(
    source: str, dataset: str, season: str, location: str, table: str
) -> IngestOptions:
    return IngestOptions(
        source=source,
        dataset=dataset or "all",
        season=season.strip() or None,
        location=location.strip() or None,
        table=table.strip() or None,
    )


class IngestScreen(Screen[None]):
    """A form, a progress bar, the log and the summary of the last run."""

    CSS_PATH = "ingest.tcss"  # read when the screen first opens, not at start-up

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="ingest.back"),
        Binding("f5", "start", "Start", id="ingest.start"),
    ]

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical(id="ingest-body") as body:
            body.border_title = "Load data into the lake"
            body.border_subtitle = "F5 starts · escape goes back"
            with Grid(id="ingest-form"):
                yield Label("Source")
                yield Select(
                    [(n, n) for n in SOURCE_NAMES],
                    value="sample",
                    allow_blank=False,
                    compact=True,
                    id="ingest-source",
                )
                yield Label("Dataset")
                yield Select(
                    [("all", "all"), *((d, d) for d in NBA_DATASETS)],
                    value="all",
                    allow_blank=False,
                    compact=True,
                    id="ingest-dataset",
                )
                yield Label("Season")
                yield Input(
                    placeholder="default · 2025 · 2021-2025 · all", compact=True, id="ingest-season"
                )
                yield Label("File or URL")
                yield Input(
                    placeholder="path or https:// URL (file source)",
                    compact=True,
                    id="ingest-location",
                )
                yield Label("Table name")
                yield Input(
                    placeholder="default: from the file name", compact=True, id="ingest-table"
                )
            yield Static(SOURCE_HELP["sample"], id="ingest-help")
            with Horizontal(id="ingest-actions"):
                yield Button("Start ingest", variant="primary", compact=True, id="ingest-start")
                yield ProgressBar(total=None, show_eta=False, id="ingest-progress")
            yield Static("", id="ingest-error")
            yield Log(id="ingest-log", auto_scroll=True)
            yield DataTable(id="ingest-summary", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self._for_source("sample")
        self.query_one("#ingest-error").display = False
        summary = self.query_one("#ingest-summary", DataTable)
        summary.add_columns(*SUMMARY_COLUMNS, "manifest")
        summary.display = False
        self.query_one("#ingest-progress").display = False
        self.query_one("#ingest-source", Select).focus()

    @on(Select.Changed, "#ingest-source")
    def _source_changed(self, event: Select.Changed) -> None:
        self._for_source(str(event.value))

    def _for_source(self, source: str) -> None:
        is_file = source == "file"
        for selector in ("#ingest-location", "#ingest-table"):
            self.query_one(selector, Input).disabled = not is_file
        for selector in ("#ingest-dataset", "#ingest-season"):
            self.query_one(selector).disabled = is_file
        self.query_one("#ingest-help", Static).update(Content(SOURCE_HELP.get(source, "")))

    def _options(self) -> IngestOptions:
        def text(selector: str) -> str:
            return self.query_one(selector, Input).value

        return options_from(
            str(self.query_one("#ingest-source", Select).value),
            str(self.query_one("#ingest-dataset", Select).value),
            text("#ingest-season"),
            text("#ingest-location"),
            text("#ingest-table"),
        )

    def action_back(self) -> None:
        """Back to the workbench, but not during a run: the run reports to this screen, and
        the app reloads the catalog when it ends."""
        if self.running:
            self.notify(
                "an ingest is running; wait for it to finish, then go back",
                severity="warning",
                title="Ingest",
            )
            return
        self.app.pop_screen()

    @on(Button.Pressed, "#ingest-start")
    @on(Input.Submitted)
    def action_start(self) -> None:
        if self.running:
            self.notify("an ingest is already running", severity="warning")
            return
        options = self._options()
        location = self.query_one("#ingest-location", Input)
        if not location.disabled and not location.value.strip():
            self._show_error("the file source needs a file: type its path or URL in 'File or URL'")
            return
        try:
            lake = open_lake(self.settings)
            plan = plan_ingest(lake, options)
        except LakeError as err:
            self._show_error(str(err))
            return
        total = len(plan.jobs)
        self._show_error("")
        self.running = True
        self.query_one("#ingest-start", Button).disabled = True
        bar = self.query_one("#ingest-progress", ProgressBar)
        bar.update(total=total, progress=0)
        bar.display = True
        log = self.query_one("#ingest-log", Log)
        log.clear()
        log.write_line(f"ingest from {options.source}: {total} job(s)")
        self.query_one("#ingest-summary", DataTable).display = False
        self._run(lake, plan)

    @work(thread=True, name="ingest", exclusive=True, exit_on_error=False)
    def _run(self, lake: Lake, plan: IngestPlan) -> None:
        def progress(event: ProgressEvent) -> None:
            self.app.call_from_thread(self._on_progress, event)

        try:
            outcomes = run_ingest(lake, plan, progress)
        except LakeError as err:
            self.app.call_from_thread(self._finished, [], str(err))
            return
        except Exception as err:  # a bug in a source must not take the app down
            self.app.call_from_thread(self._finished, [], f"unexpected {type(err).__name__}: {err}")
            return
        self.app.call_from_thread(self._finished, outcomes, "")

    def _on_progress(self, event: ProgressEvent) -> None:
        detail = f" {event.message}" if event.message else ""
        self.query_one("#ingest-log", Log).write_line(
            f"{event.dataset} {event.season}: {event.stage} {event.records:,} records{detail}"
        )
        if event.stage in _FINISHED:
            bar = self.query_one("#ingest-progress", ProgressBar)
            if bar.total is not None and bar.progress + 1 > bar.total:
                bar.update(total=bar.progress + 1)
            bar.advance(1)

    def _finished(self, outcomes: list[JobOutcome], error: str) -> None:
        self.running = False
        self.query_one("#ingest-start", Button).disabled = False
        log = self.query_one("#ingest-log", Log)
        failed = [o for o in outcomes if o.status == "failed"]
        if error:
            self._show_error(error)
            log.write_line(f"stopped: {error}")
        elif failed:
            first = failed[0].error
            self._show_error(f"{len(failed)} of {len(outcomes)} jobs failed; first: {first}")
        else:
            unchanged = all(o.status == "unchanged" for o in outcomes)
            log.write_line(
                "nothing new: the lake already holds this data"
                if unchanged
                else f"done: {plural(sum(o.curated_rows for o in outcomes), 'row')} curated"
            )
        self._show_summary(outcomes)
        self.call_after_refresh(log.scroll_end, animate=False)
        self.app.post_message(IngestFinished(outcomes))

    def _show_summary(self, outcomes: list[JobOutcome]) -> None:
        table = self.query_one("#ingest-summary", DataTable)
        table.clear()
        status = SUMMARY_COLUMNS.index("status")
        for o in outcomes:
            cells: list[str | Text] = list(summary_cells(o))
            cells[status] = Text(o.status, style=STATUS_COLOURS.get(o.status, ""))
            table.add_row(*cells, Text(o.manifest_key or "-"))
        table.display = bool(outcomes)

    def _show_error(self, text: str) -> None:
        widget = self.query_one("#ingest-error", Static)
        widget.display = bool(text)
        widget.update(Content(text))
