"""Make staged files visible to queries, one atomic step at a time, and record what was done.

This is the one place that makes files visible. The catalog decides what queries see: a
table reads only its registered partitions (or, unpartitioned, its location). So data is
replaced by writing a new version folder, switching the partition (a season, a month, a
raw ingest day) or the table to it (one catalog call, or one atomic file rename locally),
and only then *retiring* the old version: it stays for a grace period, for readers that
listed it before the switch, and a later run deletes it (see `retire`). Never
delete-then-write.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ingest.catalog.model import CatalogTable, Partition
from ingest.catalog.table_input import build_table_input
from ingest.lake import Lake
from ingest.pipeline.days import CURATED_FORMAT_VERSION
from ingest.pipeline.jobs import DatasetJob
from ingest.pipeline.objects import FinishedFile, Published, WrittenObject, key_of
from ingest.pipeline.publish_raw import find_live_raw, publish_raw_version
from ingest.pipeline.staging import StagedFile, StagedParquet

PARQUET_NAME = "part-0.parquet"
__all__ = ["PARQUET_NAME", "FinishedFile", "Published", "Publisher", "WrittenObject", "key_of"]


class Publisher:
    """Publishes one job's staged files into a lake; `record` says what it did."""

    def __init__(
        self, lake: Lake, pending: set[str] | None = None, damaged: set[str] | None = None
    ) -> None:
        self.lake = lake
        self.record = Published()
        #: keys retired earlier and still in their grace period (not retired again)
        self.pending = pending or set()
        #: live keys `check` found missing or wrong: written again even though they exist
        self.damaged = damaged or set()
        self._live: dict[str, dict[tuple[str, ...], str]] = {}

    # -- steps ---------------------------------------------------------------------------

    def put_once(
        self, key: str, staged: Path, sha256: str, size: int, rows: int | None = None
    ) -> bool:
        """Move a staged file to `key` unless an object is already there (same content key)
        and sound; a damaged one is replaced (in one step: readers see it broken or whole)."""
        if key not in self.damaged and self.lake.storage.exists(key):
            self.record.present.append(WrittenObject(key, sha256, size, rows))
            return False
        self.lake.storage.move_file(key, staged)
        self.record.written.append(WrittenObject(key, sha256, size, rows))
        return True

    def retire(self, keys: list[str]) -> None:
        """Record objects as replaced: a later run deletes them after the grace period."""
        self.record.retired.extend(key for key in keys if key not in self.record.retired)

    def register_partition(
        self, table: CatalogTable, values: tuple[str, ...], location: str
    ) -> None:
        """Point a partition at `location` (idempotent)."""
        self.lake.catalog.put_partitions(table.database, table.name, [Partition(values, location)])
        self._live.get(table.name, {})[values] = location

    def drop_partition(self, table: CatalogTable, values: tuple[str, ...], root: str) -> None:
        """Unregister a partition, then retire its files (nothing is left to read)."""
        self.lake.catalog.delete_partition(table.database, table.name, values)
        self._live.get(table.name, {}).pop(values, None)
        self.retire([o.key for o in self.lake.storage.list(key_of(root))])

    def live_partitions(self, table: CatalogTable) -> dict[tuple[str, ...], str]:
        """Partition values -> location, as queries see them now (one catalog call)."""
        if table.name not in self._live:
            self._live[table.name] = {
                p.values: p.location
                for p in self.lake.catalog.partitions(table.database, table.name)
            }
        return self._live[table.name]

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

    def raw(
        self, job: DatasetJob, staged: StagedFile, sha256: str, ingest_date: str, rows: int
    ) -> None:
        """Raw keeps each distinct response once; a same-day newer one replaces the older.

        A raw day partition is a version folder too (`ingest_date=D/v=x/`): the day's other
        files (other seasons) are copied into the new version beside the new file, and the
        partition is switched to it, so readers see the old response or the new one, never
        both. A rerun finds the response live and only tidies."""
        name = f"{job.dataset}-{job.season}-{sha256[:16]}.ndjson"
        found = find_live_raw(self, job, name)
        if found is not None:  # landed before, maybe on another day, maybe by a dead run
            day, location = found
            key = f"{key_of(location)}{name}"
            if key in self.damaged:
                self.put_once(key, staged.path, sha256, staged.size, rows)
        else:
            day = ingest_date
            location = publish_raw_version(self, job, day, name, staged, (sha256, rows))
        self.tidy(f"{job.raw.location}ingest_date={day}/", location)

    def raw_days(self, job: DatasetJob, staged: FinishedFile, ingest_date: str, label: str) -> None:
        """The raw lines of the days a date-keyed load added or changed, as one new file.

        Raw keeps every distinct answer once (its key is its content), in the partition of
        the day it was fetched; it never replaces another day's file: the raw layer is the
        history of what the source said, the curated layer holds each day once."""
        partition = f"{job.raw.location}ingest_date={ingest_date}/"
        name = f"{job.dataset}-{job.season}-{label}-{staged.sha256[:16]}.ndjson"
        key = f"{key_of(partition)}{name}"
        self.put_once(key, staged.path, staged.sha256, staged.size, staged.rows)
        self.register_partition(job.raw, (ingest_date,), partition)

    def curated(self, job: DatasetJob, season: int, parquet: StagedParquet, input_sha: str) -> None:
        """A season (or an unpartitioned table's) new version from one staged file."""
        version = hashlib.sha256(
            f"{input_sha}:{season}:{CURATED_FORMAT_VERSION}".encode()
        ).hexdigest()
        sha, size = parquet.finish()
        values = (str(season),) if job.curated.partition_keys else ()
        self.version(job, values, version, FinishedFile(parquet.path, sha, size, parquet.rows))

    def partition_root(self, job: DatasetJob, values: tuple[str, ...]) -> str:
        """Where the versions of one partition (or of an unpartitioned table) live."""
        if not job.curated.partition_keys:
            return job.version_root
        parts = "".join(
            f"{key.name}={value}/"
            for key, value in zip(job.curated.partition_keys, values, strict=True)
        )
        return f"{job.curated.location}{parts}"

    def version(
        self,
        job: DatasetJob,
        values: tuple[str, ...],
        version: str,
        parquet: FinishedFile,
        extras: dict[str, bytes] | None = None,
    ) -> None:
        """New files under a new version key, switch the partition (or table), delete the old.

        `extras` are small files stored beside the data (names starting with `_`, which
        readers skip), written before the data so a version is never without them."""
        root = self.partition_root(job, values)
        location = f"{root}v={version[:16]}/"
        key = f"{key_of(location)}{PARQUET_NAME}"
        live = self._live_location(job, values)
        if live != location or key in self.damaged or not self.lake.storage.exists(key):
            for name, data in (extras or {}).items():
                extra_key = f"{key_of(location)}{name}"
                if extra_key in self.damaged or not self.lake.storage.exists(extra_key):
                    self.lake.storage.put_bytes(extra_key, data)
                    digest = hashlib.sha256(data).hexdigest()
                    self.record.written.append(WrittenObject(extra_key, digest, len(data)))
            self.put_once(key, parquet.path, parquet.sha256, parquet.size, rows=parquet.rows)
            if job.curated.partition_keys:
                self.register_partition(job.curated, values, location)
            else:
                self.switch_table_location(job.curated, location)
            if live is not None and live != location:
                self.retire_version(live)
        self.tidy(root, location)

    def retire_version(self, location: str) -> None:
        """The files of a version that was live until now: retired afresh (its grace
        period starts now, even if an earlier run retired it once)."""
        folder = key_of(location)
        self.retire(
            [o.key for o in self.lake.storage.list(folder) if "/" not in o.key[len(folder) :]]
        )

    def tidy(self, root: str, live: str) -> None:
        """Retire what lies under a partition's root besides its live version: what a run
        that died after its switch left behind (keys already waiting are left waiting)."""
        keep = key_of(live)
        self.retire(
            [
                o.key
                for o in self.lake.storage.list(key_of(root))
                if not o.key.startswith(keep) and o.key not in self.pending
            ]
        )

    def _live_location(self, job: DatasetJob, values: tuple[str, ...]) -> str | None:
        """Where queries read this partition (or unpartitioned table) from right now."""
        if not job.curated.partition_keys:
            table = self.lake.catalog.get_table(job.curated.database, job.curated.name)
            return table.location if table else None
        return self.live_partitions(job.curated).get(values)
