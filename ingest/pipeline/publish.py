"""Make staged files visible to queries, one atomic step at a time.

The catalog decides what queries see: a table reads only its registered partitions.
So a curated season is replaced by writing the new file under a new key, switching the
partition's location to it (one catalog call, or one atomic file rename locally), and
only then deleting the old files. Never delete-then-write.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ingest.catalog.table_input import CatalogTable, Partition, build_table_input
from ingest.lake import Lake
from ingest.storage.base import split_s3_uri


@dataclass
class PublishLog:
    """What publishing wrote and removed, for the manifest and the summary."""

    written: list[dict[str, object]] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    bytes_written: int = 0

    def wrote(self, key: str, sha256: str, size: int, rows: int | None = None) -> None:
        entry: dict[str, object] = {"key": key, "sha256": sha256, "bytes": size}
        if rows is not None:
            entry["rows"] = rows
        self.written.append(entry)
        self.bytes_written += size


def key_of(location: str) -> str:
    """The object-key prefix behind an `s3://bucket/prefix/` location."""
    return split_s3_uri(location)[1]


def put_once(
    lake: Lake,
    key: str,
    staged: Path,
    sha256: str,
    size: int,
    log: PublishLog,
    rows: int | None = None,
) -> bool:
    """Move a staged file to `key` unless an object is already there (same content key)."""
    if lake.storage.exists(key):
        return False
    lake.storage.move_file(key, staged)
    log.wrote(key, sha256, size, rows)
    return True


def register_partition(
    lake: Lake, table: CatalogTable, values: tuple[str, ...], location: str
) -> str | None:
    """Point a partition at `location` (idempotent); returns the location it replaced."""
    return lake.catalog.put_partition(table.database, table.name, Partition(values, location))


def switch_table_location(lake: Lake, table: CatalogTable, location: str) -> None:
    """Point an unpartitioned table at a new version: one UpdateTable (or file rename)."""
    lake.catalog.put_table(
        table.database,
        build_table_input(
            table.name,
            "curated",
            table.dataset,
            table.columns,
            table.partition_keys,
            location,
            table.description,
            dict(table.serde_parameters),
        ),
    )


def delete_other_versions(
    lake: Lake, partition_prefix: str, keep_prefix: str, log: PublishLog
) -> None:
    """Remove every object under a partition except the live version (old or orphaned)."""
    listed = lake.storage.list(partition_prefix)
    delete_logged(lake, [o.key for o in listed if not o.key.startswith(keep_prefix)], log)


def delete_logged(lake: Lake, keys: list[str], log: PublishLog) -> None:
    """Delete objects and record them as replaced in the run's log."""
    if keys:
        lake.storage.delete(keys)
        log.deleted.extend(keys)
