"""Tables for a file the user brings: inferred from its records, registered by ingest.

The raw table keeps every field as text (the file's own values, whatever their JSON
type), with OpenX SerDe `mapping.<column>` entries back to the original keys. The
curated table is typed from inference and unpartitioned: a re-ingest switches the
table's location to the new version, the same atomic step a season partition uses.

Typing needs every record before any is typed, so the file is read twice, a page at a
time: once here for inference, once by the run. Nothing holds more than a page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from ingest.catalog.model import CatalogTable
from ingest.catalog.table_input import build_table_input, table_location
from ingest.errors import LakeError
from ingest.lake import Lake
from ingest.pipeline.curate import CuratedMapping
from ingest.pipeline.jobs import DatasetJob
from ingest.schema import Column
from ingest.sources.base import InferredColumn, Page, Source
from ingest.sources.file_schema import SchemaInference

RAW_SUFFIX = "_raw"
FILE_SEASON = 0  # a file has no season; jobs and keys use 0
RAW_PARTITION_KEY = "ingest_date"  # a file column of that name would collide with it


def _check_name(lake: Lake, table: str) -> None:
    """The two names must be free, or already this file dataset's own tables."""
    reserved = set(lake.outputs.table_names())
    if table in reserved or f"{table}{RAW_SUFFIX}" in reserved:
        raise LakeError(
            f"table '{table}' belongs to the NBA datasets", "choose another name with --table"
        )
    for name, layer in ((table, "curated"), (f"{table}{RAW_SUFFIX}", "raw")):
        existing = lake.catalog.get_table(lake.outputs.database, name)
        if existing is not None and (existing.dataset, existing.layer) != (table, layer):
            raise LakeError(
                f"table '{name}' already exists for another dataset", "choose another --table"
            )


def register_file_tables(lake: Lake, table: str, inferred: list[InferredColumn]) -> DatasetJob:
    """Create or update the raw and curated tables for a file; return its ingest job."""
    _check_name(lake, table)
    if not inferred:
        raise LakeError("the file has no columns", "check it has a header row or JSON objects")
    out, database = lake.outputs, lake.outputs.database
    raw_name = f"{table}{RAW_SUFFIX}"
    raw_input = build_table_input(
        raw_name,
        "raw",
        table,
        tuple(Column(c.name, "string") for c in inferred),
        (Column(RAW_PARTITION_KEY, "string"),),
        table_location(out.bucket, out.raw_prefix, raw_name),
        f"Raw records of {table}, as the file gave them",
        serde_parameters={f"mapping.{c.name}": c.source_key for c in inferred},
    )
    existing = lake.catalog.get_table(database, table)
    root = table_location(out.bucket, out.curated_prefix, table)
    curated_input = build_table_input(
        table,
        "curated",
        table,
        tuple(Column(c.name, c.type) for c in inferred),
        (),
        existing.location if existing else root,
        f"Typed records of {table} (inferred)",
    )
    lake.catalog.put_table(database, raw_input)
    if existing is None:
        lake.catalog.put_table(database, curated_input)
    # An existing table keeps its columns until the switch to the new version, so
    # queries never see new columns over old files.
    raw = CatalogTable.from_table_input(database, raw_input)
    curated = CatalogTable.from_table_input(database, curated_input)
    mapping = CuratedMapping(required=(), sources={c.name: c.name for c in inferred})
    return DatasetJob(
        table, FILE_SEASON, raw, curated, mapping, check_types=False, version_root=root
    )


@dataclass
class PrefetchedSource:
    """Pages already in memory, as a source (benchmarks feed the pipeline with it)."""

    name: str
    pages: list[Page]
    datasets: tuple[str, ...] = ()
    seasons: tuple[int, ...] | None = None
    infers_schema: bool = True

    def fetch(self, dataset: str, season: int) -> Iterator[Page]:
        yield from self.pages


@runtime_checkable
class _Closable(Protocol):
    def close(self) -> None: ...


class _LastRead:
    """The run's read of the file, its second; the source's temporary copy goes after it."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.name = source.name
        self.datasets = source.datasets
        self.seasons = source.seasons
        self.infers_schema = source.infers_schema

    def fetch(self, dataset: str, season: int) -> Iterator[Page]:
        try:
            yield from self.source.fetch(dataset, season)
        finally:
            if isinstance(self.source, _Closable):
                self.source.close()


def prepare_file_ingest(lake: Lake, source: Source, table: str) -> tuple[list[DatasetJob], Source]:
    """Read the file once to infer its columns, register its tables; its job, and the source
    the run reads the file from again.

    Called under the ingest lock (an `IngestPlan`'s `prepare`): it changes the catalog."""
    inference = SchemaInference()
    for page in source.fetch(table, FILE_SEASON):
        inference.update(page)
    job = register_file_tables(lake, table, inference.columns(reserved=(RAW_PARTITION_KEY,)))
    return [job], _LastRead(source)
