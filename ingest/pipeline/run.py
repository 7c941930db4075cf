"""One ingest run: for each planned job, fetch, validate, stage, publish, record.

Every step is idempotent and keyed by content, so a rerun of the same input writes
nothing, and a run killed at any point is completed by the next one. What queries see
changes only at the catalog switch (see `publish`). A date-keyed job compares each day it
fetched with what the lake holds and writes only the days that changed (see `months`).
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.compute as pc

from ingest.errors import LakeError
from ingest.lake import Lake
from ingest.pipeline.check import Scope, check_lake, damaged_keys, forget_repaired
from ingest.pipeline.curate import curate
from ingest.pipeline.days import DayChanges
from ingest.pipeline.jobs import DatasetJob, JobOutcome
from ingest.pipeline.lock import ingest_lock
from ingest.pipeline.manifest import Manifest, manifest_key
from ingest.pipeline.months import MonthPublisher
from ingest.pipeline.ndjson import dump_record, write_ndjson
from ingest.pipeline.plan import IngestPlan
from ingest.pipeline.progress import ProgressCallback, ProgressEvent, Stage
from ingest.pipeline.publish import FinishedFile, Publisher
from ingest.pipeline.repair import check_scope, whole_season_if_damaged
from ingest.pipeline.retire import Retirements
from ingest.pipeline.stage import StagedJob, placed
from ingest.pipeline.staging import StagingArea
from ingest.pipeline.summary import days_summary
from ingest.pipeline.validate import RawSchema, validate_page
from ingest.sources.base import DaySource, Page, Source
from ingest.storage.watermark import write_watermark


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


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
        self.retirements = Retirements(lake)
        #: replaced keys still in their grace period (the sweep at the start fills it)
        self.pending: set[str] = set()
        #: live keys `check` found missing or wrong, rewritten by this run
        self.damaged: set[str] = set()
        #: what the run's own size check covers: the seasons its jobs load
        self.scope: Scope = {}

    def run(self) -> list[JobOutcome]:
        """All jobs in order; a failing job is recorded and the next one still runs."""
        outcomes = []
        with ingest_lock(self.lake.storage) as lock:
            StagingArea.remove_leftovers(self.staging_root)
            self.pending = self.retirements.sweep().pending
            jobs, self.source = self.plan.prepare(self.lake)
            self.scope = check_scope(jobs)
            self.damaged = damaged_keys(self.lake, self.scope)
            jobs = [whole_season_if_damaged(job, self.damaged) for job in jobs]
            for job in jobs:
                outcome = JobOutcome(job.dataset, job.season)
                started = time.perf_counter()
                try:
                    lock.check()
                    self._run_job(job, outcome)
                except LakeError as err:
                    outcome.status, outcome.error = "failed", str(err)
                    self._report(outcome, "failed", str(err))
                outcome.seconds = time.perf_counter() - started
                outcomes.append(outcome)
            self._advance_watermarks(outcomes)
            rewritten = {key for o in outcomes for key in o.keys_written}
            forget_repaired(self.lake, rewritten | (self.damaged - self.damaged_now()))
        return outcomes

    def damaged_now(self) -> set[str]:
        """Which of the keys found damaged still are (sizes only: cheap)."""
        if not self.damaged:
            return set()
        found = check_lake(self.lake, scope=self.scope, checksums=False)
        return {problem.key for problem in found if problem.damaged}

    def _advance_watermarks(self, outcomes: list[JobOutcome]) -> None:
        """A date-keyed dataset's watermark moves only when all of its jobs succeeded."""
        for dataset, day in self.plan.watermarks.items():
            mine = [o for o in outcomes if o.dataset == dataset]
            if mine and all(o.status != "failed" for o in mine):
                write_watermark(self.lake.storage, self.source.name, dataset, day, self.run_id)

    def _report(self, outcome: JobOutcome, stage: Stage, message: str = "") -> None:
        self.progress(
            ProgressEvent(outcome.dataset, outcome.season, stage, outcome.fetched, message)
        )

    def _pages(self, job: DatasetJob) -> Iterator[Page]:
        """The job's pages: only its days when the source can fetch some days."""
        if job.window is not None and isinstance(self.source, DaySource):
            return self.source.fetch_days(job.dataset, job.season, job.window)
        return self.source.fetch(job.dataset, job.season)

    def _stage(self, job: DatasetJob, area: StagingArea, outcome: JobOutcome) -> StagedJob:
        staged = StagedJob(job, area)
        keys = {c.name: job.raw.json_key_of(c.name).lower() for c in job.raw.columns}
        keys = {name: key for name, key in keys.items() if key != name}
        schema = RawSchema(job.raw.columns, job.mapping.required, keys, job.check_types)
        for page in self._pages(job):
            checked = validate_page(page, schema)
            good, table, rejects = checked.good, checked.table, list(checked.rejects)
            seasons = days = None
            if job.kind != "snapshot":
                good, table, seasons, days = placed(job, good, table, rejects)
            if staged.ledger is not None and days is not None:
                staged.add_days(good, days)
            else:
                write_ndjson(good, staged.raw.write, all_objects=True)
            for record, reason in rejects:
                staged.rejects.write(
                    dump_record({"reason": reason, "record": record, "source": self.source.name})
                    + b"\n"
                )
            keep = job.mapping.keep
            if keep is not None:
                mask = pc.fill_null(keep(table), False)
                table = table.filter(mask)
                seasons = None if seasons is None else seasons.filter(mask)
            staged.add(curate(table, job.mapping, job.curated.columns), seasons)
            outcome.fetched += len(page)
            outcome.landed += len(good)
            outcome.rejected += len(rejects)
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
        with StagingArea(self.staging_root) as area:
            staged = self._stage(job, area, outcome)
            publisher = Publisher(self.lake, self.pending, self.damaged)
            try:
                self._publish(job, outcome, staged, area, publisher, started_at, clock)
            finally:  # even a job that failed half way records what it replaced
                retired = publisher.record.retired
                self.retirements.notice(self.run_id, retired)
                self.pending.update(retired)
        message: str = outcome.status
        if outcome.days is not None:  # the days are what a user of daily loads looks for
            message = f"{outcome.status}: {days_summary(outcome.days)}"
        self._report(outcome, "done" if outcome.status == "written" else "unchanged", message)

    def _publish(
        self,
        job: DatasetJob,
        outcome: JobOutcome,
        staged: StagedJob,
        area: StagingArea,
        publisher: Publisher,
        started_at: str,
        clock: float,
    ) -> None:
        """Rejects, raw, curated, then the manifest (last: it says the job is complete)."""
        out = self.lake.outputs
        raw_sha, rejects_sha = staged.raw.finish(), staged.rejects.finish()
        input_sha = hashlib.sha256(f"{raw_sha}:{rejects_sha}".encode()).hexdigest()
        if outcome.rejected:
            stem = f"{job.dataset}-{job.season}-{input_sha[:16]}"
            prefix = f"{out.rejected_prefix}/{job.dataset}"
            publisher.rejects(prefix, stem, staged.rejects, rejects_sha)
        self._check_rejects(job, outcome)
        self._report(outcome, "publish", "publishing")
        if staged.ledger is not None:
            outcome.days = self._publish_days(job, staged, area, publisher, raw_sha)
        else:
            if outcome.landed:
                publisher.raw(job, staged.raw, raw_sha, self.ingest_date, outcome.landed)
            for season, parquet in sorted(staged.seasons.items()):
                publisher.curated(job, season, parquet, input_sha)
        published = publisher.record
        curated = f"{out.curated_prefix}/"
        outcome.curated_rows = sum(
            item.rows or 0 for item in published.written if item.key.startswith(curated)
        )
        key = manifest_key(out.manifests_prefix, job.dataset, job.season, input_sha)
        changed = published.changed if outcome.days is None else outcome.days.any
        if changed or (outcome.days is None and not self.lake.storage.exists(key)):
            outcome.manifest_key = key
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
            if self.lake.storage.exists(key):
                manifest.keep_records_of(self.lake.storage.get_bytes(key))
            self.lake.storage.put_bytes(key, manifest.to_json())
            outcome.status = "written"
        else:
            outcome.manifest_key = key if self.lake.storage.exists(key) else ""
            outcome.status = "unchanged"
        outcome.bytes_written = published.bytes_written
        outcome.keys_written = [item.key for item in published.written]

    def _publish_days(
        self,
        job: DatasetJob,
        staged: StagedJob,
        area: StagingArea,
        publisher: Publisher,
        raw_sha: str,
    ) -> DayChanges:
        """Raw lines of the days that changed, then the months that hold them."""
        assert staged.ledger is not None
        months = MonthPublisher(
            self.lake, publisher, job, area, staged.ledger, staged.months, staged.day_values
        )
        changes = months.changes()
        new_days = set(changes.added) | set(changes.changed)
        if new_days:
            if new_days == set(staged.ledger.days):
                raw = FinishedFile(staged.raw.path, raw_sha, staged.raw.size)
            else:
                raw = _copy_ranges(staged.raw.path, staged.ledger.ranges(new_days), area)
            raw = replace(raw, rows=staged.ledger.records(new_days))  # for `status`
            first, last = min(new_days), max(new_days)
            label = first.isoformat() if first == last else f"{first}_{last}"
            publisher.raw_days(job, raw, self.ingest_date, label)
        months.publish()
        return changes


def _copy_ranges(path: Path, ranges: list[tuple[int, int]], area: StagingArea) -> FinishedFile:
    """A new staged file holding only those byte ranges of `path` (whole NDJSON lines)."""
    target = area.file(".ndjson")
    with path.open("rb") as source:
        for start, end in ranges:
            source.seek(start)
            target.write(source.read(end - start))
    sha = target.finish()
    return FinishedFile(target.path, sha, target.size)


def run_ingest(
    lake: Lake, plan: IngestPlan, progress: ProgressCallback | None = None
) -> list[JobOutcome]:
    """Run a checked plan on a lake (the CLI and the TUI both call this)."""
    return IngestRun(lake, plan, progress).run()
