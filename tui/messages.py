"""Messages that flow up from components and workers to the App, which routes them.

Components never reach into each other: they say what happened (a table was chosen,
a statement finished) and the App decides who reacts. A run belongs to the editor tab
(`owner`, the tab's id) it was started from, so its results land in that tab's results
whichever tab is showing when they arrive.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # pyarrow and the pipeline load on first use, not at start-up
    from ingest.catalog.model import CatalogTable
    from ingest.lake import Lake
    from ingest.pipeline.jobs import JobOutcome
    from ingest.query.result import QueryResult


@dataclass
class LakeOpened(Message):
    """The lake named by outputs.json was opened (in a worker, after the first paint)."""

    lake: Lake


@dataclass
class LakeFailed(Message):
    """There is no lake, or it cannot be opened (one-line LakeError text)."""

    error: str


@dataclass
class InsertText(Message):
    """Put this name at the editor's cursor (a table or column from the catalog)."""

    text: str


@dataclass
class PreviewTable(Message):
    """Show a table's first rows as a new result."""

    table: str


@dataclass
class CatalogLoaded(Message):
    """The catalog worker read the lake's tables (and how many partitions each has)."""

    tables: list[CatalogTable]
    partitions: dict[str, int]


@dataclass
class CatalogFailed(Message):
    """The catalog could not be read (one-line LakeError text)."""

    error: str


@dataclass
class BufferShown(Message):
    """Editor tab `owner` is now the active one (its results should show)."""

    owner: str


@dataclass
class BufferClosed(Message):
    """Editor tab `owner` was closed (its results go with it)."""

    owner: str


@dataclass
class RunStarted(Message):
    """A run of one or more statements began, from editor tab `owner`."""

    run_id: int
    statements: list[str]
    owner: str = ""


@dataclass
class StatementSucceeded(Message):
    """Statement `index` of run `run_id` returned rows."""

    run_id: int
    index: int
    result: QueryResult
    owner: str = ""


@dataclass
class StatementFailed(Message):
    """Statement `index` failed or was cancelled; `error` is the engine's one-line reason."""

    run_id: int
    index: int
    error: str
    cancelled: bool
    owner: str = ""


@dataclass
class RunEnded(Message):
    """The run's worker is done (after its last statement, a failure or a cancel)."""

    run_id: int
    owner: str = ""


@dataclass
class IngestFinished(Message):
    """An ingest from the ingest screen ended; the catalog and engine need a refresh."""

    outcomes: list[JobOutcome]
