"""One ingest run: for each dataset and season, fetch, validate, stage, publish, record.

Every step is idempotent and keyed by content, so a rerun of the same input writes
nothing, and a run killed at any point is completed by the next one. What queries see
changes only at the catalog switch (see `publish`).
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.compute as pc

from ingest.catalog.table_input import CatalogTable
from ingest.errors import LakeError
from ingest.lake import Lake
from ingest.pipeline.curate import CuratedMapping, arrow_schema, curate
from ingest.pipeline.lock import ingest_lock
from ingest.pipeline.manifest import Manifest, manifest_key
from ingest.pipeline.ndjson import dump_record, write_ndjson
from ingest.pipeline.progress import ProgressCallback, ProgressEvent
from ingest.pipeline.publish import (
    PublishLog,
    delete_logged,
    delete_other_versions,
    key_of,
    put_once,
    register_partition,
    switch_table_location,
)
from ingest.pipeline.staging import StagedFile, StagedParquet, StagingArea
from ingest.pipeline.validate import RawSchema, validate_page
from ingest.sources.base import Source

#: Decides, under the ingest lock, the jobs of a run and the source they read.
Plan = Callable[[], tuple[list["DatasetJob"], Source]]

#: Bump when curated output for the same input changes, so reruns rewrite it.
CURATED_FORMAT_VERSION = "1"


@dataclass(frozen=True)
class DatasetJob:
    """One dataset-season to ingest, with the tables and mapping it lands in."""

    dataset: str
    season: int
    raw: CatalogTable
    curated: CatalogTable
    mapping: CuratedMapping
    check_types: bool = True
    #: unpartitioned tables (the file source): where versions live; the table's
    #: location is switched between them
    version_root: str = ""


@dataclass
class JobOutcome:
    """What a job did, for the summary table and the TUI."""

    dataset: str
    season: int
    status: str = "running"  # written | unchanged | failed
    fetched: int = 0
    landed: int = 0
    rejected: int = 0
    curated_rows: int = 0
    bytes_written: int = 0
    seconds: float = 0.0
    manifest_key: str = ""
    error: str = ""
    keys_written: list[str] = field(default_factory=list)


@dataclass
class _Staged:
    raw: StagedFile
    rejects: StagedFile
    seasons: dict[int, StagedParquet] = field(default_factory=dict)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _split_by_season(job: DatasetJob, raw: pa.Table, curated: pa.Table) -> dict[int, pa.Table]:
    if job.mapping.season_column is None or raw.num_rows == 0:
        return {job.season: curated}
    seasons = raw.column(job.mapping.season_column)
    return {
        int(value): curated.filter(pc.equal(seasons, value))
        for value in pc.unique(seasons).to_pylist()
    }


class IngestRun:
    """Runs jobs against a lake under its ingest lock."""

    def __init__(
        self,
        lake: Lake,
        source: Source,
        *,
        max_reject_ratio: float = 0.05,
        progress: ProgressCallback | None = None,
    ) -> None:
        self.lake = lake
        self.source = source
        self.max_reject_ratio = max_reject_ratio
        self.progress = progress or (lambda event: None)
        self.run_id = f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
        self.ingest_date = datetime.now(UTC).date().isoformat()
        self.staging_root = lake.settings.lake_home / "tmp"

    def run(self, jobs: list[DatasetJob]) -> list[JobOutcome]:
        """All jobs in order; a failing job is recorded and the next one still runs."""
        return self.run_planned(lambda: (jobs, self.source))

    def run_planned(self, plan: Plan) -> list[JobOutcome]:
        """Like `run`, with the jobs (and the source) decided under the lock: planning that
        touches the catalog (the file source registers its tables) must not race a run."""
        outcomes = []
        with ingest_lock(self.lake.storage):
            StagingArea.remove_leftovers(self.staging_root)
            jobs, self.source = plan()
            for job in jobs:
                outcome = JobOutcome(job.dataset, job.season)
                started = time.perf_counter()
                try:
                    self._run_job(job, outcome)
                except LakeError as err:
                    outcome.status, outcome.error = "failed", str(err)
                    self.progress(
                        ProgressEvent(job.dataset, job.season, "failed", outcome.fetched, str(err))
                    )
                outcome.seconds = time.perf_counter() - started
                outcomes.append(outcome)
        return outcomes

    def _stage(self, job: DatasetJob, area: StagingArea, outcome: JobOutcome) -> _Staged:
        staged = _Staged(raw=area.file(".ndjson"), rejects=area.file(".ndjson"))
        keys = {c.name: job.raw.json_key_of(c.name).lower() for c in job.raw.columns}
        keys = {name: key for name, key in keys.items() if key != name}
        schema = RawSchema(job.raw.columns, job.mapping.required, keys, job.check_types)
        curated_schema = arrow_schema(job.curated.columns)
        for page in self.source.fetch(job.dataset, job.season):
            checked = validate_page(page, schema)
            write_ndjson(checked.good, staged.raw.write, all_objects=True)
            for record, reason in checked.rejects:
                staged.rejects.write(
                    dump_record({"reason": reason, "record": record, "source": self.source.name})
                    + b"\n"
                )
            curated = curate(checked.table, job.mapping, job.curated.columns)
            for season, part in _split_by_season(job, checked.table, curated).items():
                if season not in staged.seasons:
                    staged.seasons[season] = area.parquet(curated_schema)
                staged.seasons[season].write(part)
            outcome.fetched += len(page)
            outcome.landed += len(checked.good)
            outcome.rejected += len(checked.rejects)
            self.progress(ProgressEvent(job.dataset, job.season, "fetch", outcome.fetched))
        return staged

    def _run_job(self, job: DatasetJob, outcome: JobOutcome) -> None:
        started_at, clock = _now(), time.perf_counter()
        with StagingArea(self.staging_root) as area:
            staged = self._stage(job, area, outcome)
            raw_sha, rejects_sha = staged.raw.finish(), staged.rejects.finish()
            input_sha = hashlib.sha256(f"{raw_sha}:{rejects_sha}".encode()).hexdigest()
            log = PublishLog()
            out = self.lake.outputs
            stem = f"{job.dataset}-{job.season}-{input_sha[:16]}"
            if outcome.rejected:
                # keyed by content alone: the same input on a later day is "nothing new"
                key = f"{out.rejected_prefix}/{job.dataset}/{stem}.ndjson"
                put_once(self.lake, key, staged.rejects.path, rejects_sha, staged.rejects.size, log)
            if outcome.fetched and outcome.rejected / outcome.fetched > self.max_reject_ratio:
                raise LakeError(
                    f"{job.dataset} {job.season}: {outcome.rejected:,} of "
                    f"{outcome.fetched:,} records rejected, over the "
                    f"{self.max_reject_ratio:.0%} limit; nothing was published",
                    f"read the reasons under {out.rejected_prefix}/{job.dataset}/ in the bucket, "
                    "or raise --max-reject-ratio",
                )
            self.progress(
                ProgressEvent(job.dataset, job.season, "publish", outcome.fetched, "publishing")
            )
            if outcome.landed:
                self._publish_raw(job, staged.raw, raw_sha, log)
            for season, parquet in sorted(staged.seasons.items()):
                outcome.curated_rows += parquet.rows
                self._publish_curated(job, season, parquet, input_sha, log)
            manifest = Manifest(
                run_id=self.run_id,
                source=self.source.name,
                dataset=job.dataset,
                season=job.season,
                input_sha256=input_sha,
                started_at=started_at,
                fetched=outcome.fetched,
                landed=outcome.landed,
                rejected=outcome.rejected,
                curated_rows=outcome.curated_rows,
            )
            outcome.manifest_key = manifest_key(
                out.manifests_prefix, job.dataset, job.season, input_sha
            )
            if log.written or log.deleted or not self.lake.storage.exists(outcome.manifest_key):
                manifest.finished_at = _now()
                manifest.duration_seconds = round(time.perf_counter() - clock, 3)
                manifest.objects, manifest.replaced = log.written, log.deleted
                manifest.bytes_written = log.bytes_written
                self.lake.storage.put_bytes(outcome.manifest_key, manifest.to_json())
                outcome.status = "written"
            else:
                outcome.status = "unchanged"
            outcome.bytes_written = log.bytes_written
            outcome.keys_written = [str(entry["key"]) for entry in log.written]
        self.progress(
            ProgressEvent(
                job.dataset,
                job.season,
                "done" if outcome.status == "written" else "unchanged",
                outcome.fetched,
                outcome.status,
            )
        )

    def _publish_raw(self, job: DatasetJob, staged: StagedFile, sha: str, log: PublishLog) -> None:
        """Raw keeps each distinct response once; a same-day newer one replaces the older.

        Registration and the clean-up of the replaced file run on every call, so a rerun
        completes a run that died between writing the new file and removing the old.
        """
        table_prefix = key_of(job.raw.location)
        name = f"{job.dataset}-{job.season}-{sha[:16]}.ndjson"
        landed = [o.key for o in self.lake.storage.list(table_prefix) if o.key.endswith("/" + name)]
        if landed:  # landed before, maybe by a run that died before registering it
            key = landed[0]
            day = key[len(table_prefix) :].split("/", 1)[0].removeprefix("ingest_date=")
        else:
            day = self.ingest_date
            key = f"{table_prefix}ingest_date={day}/{name}"
            put_once(self.lake, key, staged.path, sha, staged.size, log)
        partition = f"{job.raw.location}ingest_date={day}/"
        register_partition(self.lake, job.raw, (day,), partition)
        replaced = [
            o.key
            for o in self.lake.storage.list(key_of(partition))
            if o.key != key and o.key.rsplit("/", 1)[-1].startswith(f"{job.dataset}-{job.season}-")
        ]
        delete_logged(self.lake, replaced, log)

    def _publish_curated(
        self, job: DatasetJob, season: int, parquet: StagedParquet, input_sha: str, log: PublishLog
    ) -> None:
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
            put_once(self.lake, key, parquet.path, sha, size, log, rows=parquet.rows)
            if partitioned:
                register_partition(self.lake, job.curated, (str(season),), location)
            else:
                switch_table_location(self.lake, job.curated, location)
        # also on a rerun: finishes the cleanup of a run that died after its switch
        delete_other_versions(self.lake, key_of(root), key_of(location), log)

    def _live_location(self, job: DatasetJob, season: int) -> str | None:
        """Where queries read this season (or unpartitioned table) from right now."""
        catalog, database, name = self.lake.catalog, job.curated.database, job.curated.name
        if not job.curated.partition_keys:
            table = catalog.get_table(database, name)
            return table.location if table else None
        live = {p.values: p.location for p in catalog.partitions(database, name)}
        return live.get((str(season),))
