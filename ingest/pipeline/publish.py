"""Make staged files visible to queries, one atomic step at a time, and record what was done.

The catalog decides what queries see: a table reads only its registered partitions.
So a curated season is replaced by writing the new file under a new key, switching the
partition's location to it (one catalog call, or one atomic file rename locally), and
only then deleting the old files. Never delete-then-write.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.catalog.model import CatalogTable, Partition
from ingest.catalog.table_input import build_table_input
from ingest.lake import Lake
from ingest.pipeline.jobs import DatasetJob
from ingest.pipeline.staging import StagedFile, StagedParquet
from ingest.storage.base import split_s3_uri

#: Bump when curated output for the same input changes, so reruns rewrite it.
CURATED_FORMAT_VERSION = "1"


@dataclass(frozen=True)
class WrittenObject:
    """One object a run put in the bucket, as its manifest records it."""

    key: str
    sha256: str
    size: int
    rows: int | None = None

    def to_json(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"key": self.key, "sha256": self.sha256, "bytes": self.size}
        if self.rows is not None:
            entry["rows"] = self.rows
        return entry


@dataclass
class Published:
    """What one job's publishing wrote and removed."""

    written: list[WrittenObject] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    @property
    def bytes_written(self) -> int:
        return sum(item.size for item in self.written)

    @property
    def changed(self) -> bool:
        return bool(self.written or self.deleted)


def key_of(location: str) -> str:
    """The object-key prefix behind an `s3://bucket/prefix/` location."""
    return split_s3_uri(location)[1]


class Publisher:
    """Publishes one job's staged files into a lake; `record` says what it did."""

    def __init__(self, lake: Lake) -> None:
        self.lake = lake
        self.record = Published()

    # -- steps ---------------------------------------------------------------------------

    def put_once(
        self, key: str, staged: Path, sha256: str, size: int, rows: int | None = None
    ) -> bool:
        """Move a staged file to `key` unless an object is already there (same content key)."""
        if self.lake.storage.exists(key):
            return False
        self.lake.storage.move_file(key, staged)
        self.record.written.append(WrittenObject(key, sha256, size, rows))
        return True

    def delete(self, keys: list[str]) -> None:
        """Delete objects and record them as replaced."""
        if keys:
            self.lake.storage.delete(keys)
            self.record.deleted.extend(keys)

    def register_partition(
        self, table: CatalogTable, values: tuple[str, ...], location: str
    ) -> None:
        """Point a partition at `location` (idempotent)."""
        self.lake.catalog.put_partitions(table.database, table.name, [Partition(values, location)])

    def switch_table_location(self, table: CatalogTable, location: str) -> None:
        """Point an unpartitioned table at a new version: one UpdateTable (or file rename)."""
        self.lake.catalog.put_table(
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

    # -- per layer ------------------------------------------------------------------------

    def rejects(self, prefix: str, stem: str, staged: StagedFile, sha256: str) -> None:
        """Rejected records with their reasons, keyed by content alone (the same input on a
        later day is "nothing new")."""
        self.put_once(f"{prefix}/{stem}.ndjson", staged.path, sha256, staged.size)

    def raw(self, job: DatasetJob, staged: StagedFile, sha256: str, ingest_date: str) -> None:
        """Raw keeps each distinct response once; a same-day newer one replaces the older.

        Registration and the clean-up of the replaced file run on every call, so a rerun
        completes a run that died between writing the new file and removing the old.
        """
        table_prefix = key_of(job.raw.location)
        name = f"{job.dataset}-{job.season}-{sha256[:16]}.ndjson"
        listing = self.lake.storage.list(table_prefix)
        landed = [o.key for o in listing if o.key.endswith("/" + name)]
        if landed:  # landed before, maybe by a run that died before registering it
            key = landed[0]
            day = key[len(table_prefix) :].split("/", 1)[0].removeprefix("ingest_date=")
        else:
            day = ingest_date
            key = f"{table_prefix}ingest_date={day}/{name}"
            self.put_once(key, staged.path, sha256, staged.size)
        partition = f"{job.raw.location}ingest_date={day}/"
        self.register_partition(job.raw, (day,), partition)
        own = f"{job.dataset}-{job.season}-"
        replaced = [
            o.key
            for o in self.lake.storage.list(key_of(partition))
            if o.key != key and o.key.rsplit("/", 1)[-1].startswith(own)
        ]
        self.delete(replaced)

    def curated(self, job: DatasetJob, season: int, parquet: StagedParquet, input_sha: str) -> None:
        """New file under a new key, switch the partition (or table) to it, delete the old."""
        version = hashlib.sha256(
            f"{input_sha}:{season}:{CURATED_FORMAT_VERSION}".encode()
        ).hexdigest()
        partitioned = bool(job.curated.partition_keys)
        root = f"{job.curated.location}season={season}/" if partitioned else job.version_root
        location = f"{root}v={version[:16]}/"
        key = f"{key_of(location)}part-0.parquet"
        sha, size = parquet.finish()
        if self._live_location(job, season) != location or not self.lake.storage.exists(key):
            self.put_once(key, parquet.path, sha, size, rows=parquet.rows)
            if partitioned:
                self.register_partition(job.curated, (str(season),), location)
            else:
                self.switch_table_location(job.curated, location)
        # also on a rerun: finishes the cleanup of a run that died after its switch
        keep = key_of(location)
        self.delete(
            [o.key for o in self.lake.storage.list(key_of(root)) if not o.key.startswith(keep)]
        )

    def _live_location(self, job: DatasetJob, season: int) -> str | None:
        """Where queries read this season (or unpartitioned table) from right now."""
        catalog, database, name = self.lake.catalog, job.curated.database, job.curated.name
        if not job.curated.partition_keys:
            table = catalog.get_table(database, name)
            return table.location if table else None
        live = {p.values: p.location for p in catalog.partitions(database, name)}
        return live.get((str(season),))
