"""What a query will scan and what Athena would bill, before it runs (`--dry-run`, the TUI's
status line), from the catalog and the storage alone, so it works on both targets.

For each lake table the statement reads (see `scan_plan`): the registered partitions its
filters keep, the data files in them (object sizes from the store: S3 on aws, files
locally), and, for Parquet, the compressed size of the columns the statement names, read
from each file's footer. Row formats (the raw NDJSON tables) count whole files, as Athena
bills them. The figure is an upper bound: engines also skip row groups by statistics.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from ingest.catalog.base import Catalog
from ingest.catalog.model import CatalogTable
from ingest.errors import LakeError
from ingest.query import explain
from ingest.query.parquet_footer import column_sizes
from ingest.query.result import athena_cost_usd, format_usd, human_bytes, plural
from ingest.query.scan_plan import TableRead, plan_reads
from ingest.query.show_statements import is_show_statement
from ingest.query.translate import parse_statement
from ingest.storage.base import ObjectStore, is_hidden, split_s3_uri


@dataclass(frozen=True)
class TableEstimate:
    table: str
    partitions: int
    partitions_kept: int
    files: int
    bytes: int


@dataclass(frozen=True)
class ScanEstimate:
    """At most `bytes` scanned, and what Athena would bill for them."""

    bytes: int
    tables: tuple[TableEstimate, ...]

    @property
    def cost_usd(self) -> float:
        return athena_cost_usd(self.bytes)

    def line(self) -> str:
        """`≤ 1.6 KB scanned (≤ ~$0.000048) · player_season_stats: 1 of 5 partitions, 1 file`."""
        parts = [f"≤ {human_bytes(self.bytes)} scanned (≤ ~{format_usd(self.cost_usd)})"]
        for table in self.tables:
            parts.append(
                f"{table.table}: {table.partitions_kept} of "
                f"{plural(table.partitions, 'partition')}, "
                f"{plural(table.files, 'file')}"
            )
        return " · ".join(parts)

    def versus(self, scanned: int) -> str:
        """The estimate beside what the run measured."""
        return f"estimated ≤ {human_bytes(self.bytes)}, scanned {human_bytes(scanned)}"


def _data_files(storage: ObjectStore, location: str) -> list[tuple[str, int]]:
    """The files an engine reads in a partition folder: direct children not named `_`/`.`."""
    bucket, prefix = split_s3_uri(location)
    if bucket != storage.bucket:
        raise LakeError(
            f"partition location {location} is outside the lake bucket {storage.bucket}"
        )
    prefix = prefix if prefix.endswith("/") else prefix + "/"
    found = []
    for item in storage.list(prefix):
        rest = item.key[len(prefix) :]
        if "/" in rest or is_hidden(rest) or not rest:
            continue
        found.append((item.key, item.size))
    return found


def _is_parquet(table: CatalogTable) -> bool:
    return table.classification == "parquet" or (
        not table.classification and table.layer == "curated"
    )


def _table_estimate(read: TableRead, catalog: Catalog, storage: ObjectStore) -> TableEstimate:
    """Bytes for every place the table is read (a self-join reads it twice)."""
    table = read.table
    if table.partition_keys:
        partitions = catalog.partitions(table.database, table.name)
        keys = [k.name.lower() for k in table.partition_keys]
        values = [(p.location, dict(zip(keys, p.values, strict=True))) for p in partitions]
        total = len(partitions)
    else:
        values, total = [(table.location, {})], 1
    files_by_location: dict[str, list[tuple[str, int]]] = {}
    size_by_location: dict[str, int] = {}
    kept_anywhere: set[str] = set()
    size = 0
    for occurrence in read.occurrences:
        for location, row in values:
            if not occurrence.keeps(row):
                continue
            kept_anywhere.add(location)
            if location not in size_by_location:
                files = files_by_location[location] = _data_files(storage, location)
                size_by_location[location] = _files_bytes(table, files, read.columns, storage)
            size += occurrence.times * size_by_location[location]
    files_count = sum(len(files_by_location[loc]) for loc in kept_anywhere)
    return TableEstimate(table.name, total, len(kept_anywhere), files_count, size)


def _files_bytes(
    table: CatalogTable, files: list[tuple[str, int]], wanted: set[str] | None, storage: ObjectStore
) -> int:
    if not _is_parquet(table):
        return sum(length for _, length in files)
    total = 0
    for key, length in files:
        sizes = column_sizes(storage, key, length)
        total += sum(v for k, v in sizes.items() if wanted is None or k in wanted)
    return total


def estimate_scan(sql: str, catalog: Catalog, storage: ObjectStore, database: str) -> ScanEstimate:
    """The upper bound on bytes `sql` scans (raises QueryError for SQL that does not parse)."""
    scanned = explain.scanned_statement(sql)
    if scanned is None or is_show_statement(scanned):
        return ScanEstimate(0, ())
    tree: exp.Expr = parse_statement(scanned)
    tables = (
        {t.name.lower(): t for t in catalog.tables(database)}
        if database in catalog.databases()
        else {}
    )
    reads = plan_reads(tree, database, tables)
    estimates = tuple(_table_estimate(read, catalog, storage) for read in reads.values())
    return ScanEstimate(sum(e.bytes for e in estimates), estimates)
