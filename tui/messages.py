"""Messages that flow up from components and workers to the App, which routes them.

Components never reach into each other: they say what happened (a table was chosen,
a statement finished) and the App decides who reacts.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from ingest.catalog.model import CatalogTable
from ingest.pipeline.jobs import JobOutcome
from ingest.query.result import QueryResult


@dataclass
class InsertText(Message):
    """Put this text at the editor's cursor (a table or column name from the catalog)."""

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
class RunStarted(Message):
    """A run of one or more statements began."""

    run_id: int
    statements: list[str]


@dataclass
class StatementSucceeded(Message):
    """Statement `index` of run `run_id` returned rows."""

    run_id: int
    index: int
    result: QueryResult


@dataclass
class StatementFailed(Message):
    """Statement `index` failed or was cancelled; `error` is the engine's one-line reason."""

    run_id: int
    index: int
    error: str
    cancelled: bool


@dataclass
class RunEnded(Message):
    """The run's worker is done (after its last statement, a failure or a cancel)."""

    run_id: int


@dataclass
class IngestFinished(Message):
    """An ingest from the ingest screen ended; the catalog and engine need a refresh."""

    outcomes: list[JobOutcome]
