"""One ingest run: for each planned job, fetch, validate, stage, publish, record.

Every step is idempotent and keyed by content, so a rerun of the same input writes
nothing, and a run killed at any point is completed by the next one. What queries see
changes only at the catalog switch (see `publish`).
"""

from __future__ import annotations

import hashlib
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.compute as pc

from ingest.errors import LakeError
from ingest.lake import Lake
from ingest.pipeline.curate import arrow_schema, curate
from ingest.pipeline.jobs import DatasetJob, JobOutcome
from ingest.pipeline.lock import ingest_lock
from ingest.pipeline.manifest import Manifest, manifest_key
from ingest.pipeline.ndjson import dump_record, write_ndjson
from ingest.pipeline.plan import IngestPlan
from ingest.pipeline.progress import ProgressCallback, ProgressEvent, Stage
from ingest.pipeline.publish import Publisher
from ingest.pipeline.staging import StagedFile, StagedParquet, StagingArea
from ingest.pipeline.validate import RawSchema, validate_page
from ingest.sources.base import Source


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
    """Runs a plan's jobs against a lake under its ingest lock."""

    def __init__(self, lake: Lake, plan: IngestPlan, progress: ProgressCallback | None = None):
        self.lake = lake
        self.plan = plan
        self.source: Source = plan.source
        self.progress = progress or (lambda event: None)
        self.run_id = f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
        self.ingest_date = datetime.now(UTC).date().isoformat()
        self.staging_root = lake.settings.work_dir

    def run(self) -> list[JobOutcome]:
        """All jobs in order; a failing job is recorded and the next one still runs."""
        outcomes = []
        with ingest_lock(self.lake.storage):
            StagingArea.remove_leftovers(self.staging_root)
            jobs, self.source = self.plan.prepare(self.lake)
            for job in jobs:
                outcome = JobOutcome(job.dataset, job.season)
                started = time.perf_counter()
                try:
                    self._run_job(job, outcome)
                except LakeError as err:
                    outcome.status, outcome.error = "failed", str(err)
                    self._report(outcome, "failed", str(err))
                outcome.seconds = time.perf_counter() - started
                outcomes.append(outcome)
        return outcomes

    def _report(self, outcome: JobOutcome, stage: Stage, message: str = "") -> None:
        self.progress(
            ProgressEvent(outcome.dataset, outcome.season, stage, outcome.fetched, message)
        )

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
            self._report(outcome, "fetch")
        return staged

    def _check_rejects(self, job: DatasetJob, outcome: JobOutcome) -> None:
        ratio = self.plan.max_reject_ratio
        if outcome.fetched and outcome.rejected / outcome.fetched > ratio:
            raise LakeError(
                f"{job.dataset} {job.season}: {outcome.rejected:,} of "
                f"{outcome.fetched:,} records rejected, over the "
                f"{ratio:.0%} limit; nothing was published",
                f"read the reasons under {self.lake.outputs.rejected_prefix}/{job.dataset}/ in "
                "the bucket, or raise --max-reject-ratio",
            )

    def _run_job(self, job: DatasetJob, outcome: JobOutcome) -> None:
        started_at, clock = _now(), time.perf_counter()
        out = self.lake.outputs
        with StagingArea(self.staging_root) as area:
            staged = self._stage(job, area, outcome)
            raw_sha, rejects_sha = staged.raw.finish(), staged.rejects.finish()
            input_sha = hashlib.sha256(f"{raw_sha}:{rejects_sha}".encode()).hexdigest()
            publisher = Publisher(self.lake)
            if outcome.rejected:
                stem = f"{job.dataset}-{job.season}-{input_sha[:16]}"
                prefix = f"{out.rejected_prefix}/{job.dataset}"
                publisher.rejects(prefix, stem, staged.rejects, rejects_sha)
            self._check_rejects(job, outcome)
            self._report(outcome, "publish", "publishing")
            if outcome.landed:
                publisher.raw(job, staged.raw, raw_sha, self.ingest_date)
            for season, parquet in sorted(staged.seasons.items()):
                outcome.curated_rows += parquet.rows
                publisher.curated(job, season, parquet, input_sha)
            key = manifest_key(out.manifests_prefix, job.dataset, job.season, input_sha)
            outcome.manifest_key = key
            published = publisher.record
            if published.changed or not self.lake.storage.exists(key):
                manifest = Manifest.of(
                    outcome,
                    published,
                    run_id=self.run_id,
                    source=self.source.name,
                    input_sha256=input_sha,
                    started_at=started_at,
                    finished_at=_now(),
                    duration_seconds=time.perf_counter() - clock,
                )
                self.lake.storage.put_bytes(key, manifest.to_json())
                outcome.status = "written"
            else:
                outcome.status = "unchanged"
            outcome.bytes_written = published.bytes_written
            outcome.keys_written = [item.key for item in published.written]
        self._report(
            outcome, "done" if outcome.status == "written" else "unchanged", outcome.status
        )


def run_ingest(
    lake: Lake, plan: IngestPlan, progress: ProgressCallback | None = None
) -> list[JobOutcome]:
    """Run a checked plan on a lake (the CLI and the TUI both call this)."""
    return IngestRun(lake, plan, progress).run()
