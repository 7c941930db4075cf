"""DuckDB views over the catalog: what the local engine queries instead of Athena's tables.

A view reads exactly the table's registered partitions (a partition being written is not
registered yet, so it stays invisible, as on Athena), with the declared columns and types,
and the partition keys valued from the catalog. Views are lazy: creating one reads no data;
each query lists the partition folders again, so a file replaced inside a partition is seen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ingest.catalog.base import Catalog
from ingest.catalog.model import CatalogTable, Partition
from ingest.errors import LakeError
from ingest.query.sql_text import quote_identifier, quote_literal
from ingest.schema import Column
from ingest.storage.base import is_hidden, split_s3_uri

#: Hive (Glue) column types as DuckDB types.
HIVE_TO_DUCKDB: dict[str, str] = {
    "tinyint": "TINYINT",
    "smallint": "SMALLINT",
    "int": "INTEGER",
    "integer": "INTEGER",
    "bigint": "BIGINT",
    "float": "FLOAT",
    "double": "DOUBLE",
    "boolean": "BOOLEAN",
    "string": "VARCHAR",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
    "binary": "BLOB",
}
_PARAMETERISED = re.compile(r"^(decimal|varchar|char)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$")
#: Hive-style folder segment (`season=2025`).
_HIVE_SEGMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=([^/%]*)$")
#: The files a reader reads, as a glob: what `is_hidden` does not skip.
_DATA_FILES = "[!._]*"


def duckdb_type(hive_type: str) -> str:
    """`int` -> INTEGER, `decimal(10,2)` -> DECIMAL(10,2); anything unknown reads as text."""
    text = hive_type.strip().lower()
    if text in HIVE_TO_DUCKDB:
        return HIVE_TO_DUCKDB[text]
    match = _PARAMETERISED.match(text)
    if match and match.group(1) == "decimal":
        return f"DECIMAL({match.group(2)},{match.group(3) or 0})"
    return "VARCHAR"


def _glob_escape(path: str) -> str:
    return re.sub(r"([*?\[\]])", r"[\1]", path)


@dataclass(frozen=True)
class ViewDefinition:
    """One table's view: its DuckDB SQL, and why it cannot be read (None when it can)."""

    table: CatalogTable
    sql: str
    problem: str | None = None


class PartitionPaths:
    """Maps `s3://bucket/key` locations to folders, refusing any outside the lake's bucket."""

    def __init__(self, buckets_root: Path, bucket: str) -> None:
        self.buckets_root = buckets_root.resolve()
        self.bucket = bucket
        self.bucket_root = self.buckets_root / bucket

    def folder(self, location: str) -> Path:
        bucket, key = split_s3_uri(location)
        folder = (self.buckets_root / bucket / key).resolve()
        if bucket != self.bucket or not folder.is_relative_to(self.bucket_root):
            raise LakeError(
                f"partition location {location} is outside the lake bucket {self.bucket}"
            )
        return folder


def _column_sql(columns: Iterable[Column]) -> list[str]:
    return [
        f"CAST({quote_identifier(c.name)} AS {duckdb_type(c.type)}) AS {quote_identifier(c.name)}"
        for c in columns
    ]


def _typed(value_sql: str, column: Column) -> str:
    return f"CAST({value_sql} AS {duckdb_type(column.type)}) AS {quote_identifier(column.name)}"


def empty_view(table: CatalogTable) -> str:
    """The table's columns and types, no rows: for tables with no partitions (or unreadable)."""
    items = [
        f"CAST(NULL AS {duckdb_type(c.type)}) AS {quote_identifier(c.name)}"
        for c in (*table.columns, *table.partition_keys)
    ] or ["NULL AS _col0"]  # a table without columns (an unreadable one) still gets a view
    return f"SELECT {', '.join(items)} WHERE false"


def _reader(table: CatalogTable, globs: list[str], hive_types: dict[str, str] | None) -> str:
    """read_json / read_parquet over the partition folders' data files. No `allow_empty`:
    a registered partition always holds data, so a glob that matches nothing (its files
    deleted) is an error, never a season with zero rows."""
    paths = "[" + ", ".join(quote_literal(g) for g in globs) + "]"
    if hive_types:
        types = ", ".join(f"{quote_literal(k)}: {quote_literal(v)}" for k, v in hive_types.items())
        hive = f"hive_partitioning=true, hive_types={{{types}}}, hive_types_autocast=false"
    else:
        hive = "hive_partitioning=false"
    if table.classification == "json" or (not table.classification and table.layer == "raw"):
        # The SerDe is case-insensitive (`PlayerID` fills column `playerid`); so is this reader.
        columns = ", ".join(
            f"{quote_literal(c.name)}: {quote_literal(duckdb_type(c.type))}" for c in table.columns
        )
        return (
            f"read_json({paths}, columns={{{columns}}}, case_insensitive_keys=true, "
            f"format='newline_delimited', records=true, {hive})"
        )
    if table.classification == "parquet" or (not table.classification and table.layer == "curated"):
        return f"read_parquet({paths}, {hive})"
    raise LakeError(
        f"table {table.name} has format '{table.classification}', "
        "which the local engine cannot read"
    )


def _data_paths(table: CatalogTable, folder: Path) -> list[str]:
    """What a view reads from one partition folder.

    Curated folders are immutable versions (a re-ingest writes a new folder and switches the
    catalog to it), so their files are listed once, here: DuckDB then skips a directory
    listing on every query. Raw partitions gain files without a catalog change: a glob.
    """
    pattern = _glob_escape(str(folder)) + "/" + _DATA_FILES
    if table.layer != "curated" or not folder.is_dir():
        return [pattern]
    files = sorted(
        _glob_escape(str(entry))
        for entry in folder.iterdir()
        if entry.is_file() and not is_hidden(entry.name)
    )
    return files or [pattern]


def _holds_data(folder: Path) -> bool:
    """True when a folder has a file a reader would read (not `_x` or `.x`)."""
    return folder.is_dir() and any(
        entry.is_file() and not is_hidden(entry.name) for entry in folder.iterdir()
    )


def _published(location: str) -> bool:
    """True for a version folder a load switched the table to (`.../v=<version>/`): it
    must hold data; the table's own folder before its first load may be empty."""
    return location.rstrip("/").rpartition("/")[2].startswith("v=")


def _hive_layout(table: CatalogTable, folders: list[tuple[Partition, Path]]) -> bool:
    """True when every partition folder names its keys as `key=value` with the catalog's values,
    so one scan with DuckDB's hive partitioning (and its pruning) gives the same rows."""
    keys = [k.name.lower() for k in table.partition_keys]
    data_names = {c.name.lower() for c in table.columns}
    layout: set[str] | None = None
    for partition, folder in folders:
        found: dict[str, list[str]] = {}
        for part in folder.parts:
            match = _HIVE_SEGMENT.match(part)
            if match:
                found.setdefault(match.group(1).lower(), []).append(match.group(2))
        names = set(found)
        if layout is None:
            layout = names
        if names != layout or names & data_names or not set(keys) <= names:
            return False
        if any(found[key] != [value] for key, value in zip(keys, partition.values, strict=True)):
            return False
    return True


def view_definition(
    table: CatalogTable, partitions: list[Partition], paths: PartitionPaths
) -> ViewDefinition:
    """The SELECT behind a table's view: data columns, then partition keys (Athena's order)."""
    if not partitions and table.partition_keys:
        return ViewDefinition(table, empty_view(table))
    try:
        if not table.partition_keys:
            partitions = [Partition((), table.location)]
        folders = [(p, paths.folder(p.location)) for p in partitions]
        unloaded = not table.partition_keys and not _published(table.location)
        if unloaded and not _holds_data(folders[0][1]):
            return ViewDefinition(table, empty_view(table))  # not loaded yet
        data = _column_sql(table.columns)
        if _hive_layout(table, folders):
            globs = [path for _, folder in folders for path in _data_paths(table, folder)]
            hive_types = {k.name: duckdb_type(k.type) for k in table.partition_keys}
            keys = [_typed(quote_identifier(k.name), k) for k in table.partition_keys]
            reader = _reader(table, globs, hive_types or None)
            return ViewDefinition(table, f"SELECT {', '.join(data + keys)} FROM {reader}")
        branches = []
        for partition, folder in folders:
            keys = [
                _typed(quote_literal(value), k)
                for k, value in zip(table.partition_keys, partition.values, strict=True)
            ]
            reader = _reader(table, _data_paths(table, folder), None)
            branches.append(f"SELECT {', '.join(data + keys)} FROM {reader}")
        return ViewDefinition(table, " UNION ALL ".join(branches))
    except (LakeError, ValueError) as err:
        return ViewDefinition(table, empty_view(table), problem=str(err))


def catalog_fingerprint(catalog: Catalog, database: str) -> object | None:
    """A token that changes whenever the catalog does (one stat call locally); None for a
    catalog without one (Glue), whose views change only on `refresh()`."""
    return catalog.version(database)
