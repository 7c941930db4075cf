"""A job's staged files while its pages arrive: raw NDJSON, rejects, and curated Parquet
split the way the dataset is partitioned (one file, a file per season, or per month)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ingest.errors import LakeError
from ingest.pipeline.curate import arrow_schema, convert
from ingest.pipeline.days import DayLedger
from ingest.pipeline.jobs import DatasetJob
from ingest.pipeline.months import DAY_COLUMN, StagedMonth, Values, month_values
from ingest.pipeline.ndjson import write_ndjson
from ingest.pipeline.staging import StagedParquet, StagingArea
from ingest.sources.base import Record


class StagedJob:
    """Where one job's data waits, complete and hashed, until it is published."""

    def __init__(self, job: DatasetJob, area: StagingArea) -> None:
        self.job, self.area = job, area
        self.raw = area.file(".ndjson")
        self.rejects = area.file(".ndjson")
        self.schema = arrow_schema(job.curated.columns)
        self.seasons: dict[int, StagedParquet] = {}
        self.months: dict[Values, StagedMonth] = {}
        self.day_values: dict[date, Values] = {}
        self.ledger = DayLedger() if job.kind == "daily" else None

    def add(self, curated: pa.Table, seasons: pa.Array | None) -> None:
        """Stage a page's curated rows; `seasons` holds each row's season (None: snapshot)."""
        if curated.num_rows == 0:
            return
        if seasons is None:
            self._season(self.job.season).write(curated)
        elif self.job.kind == "season":
            for season in pc.unique(seasons).to_pylist():
                self._season(season).write(curated.filter(pc.equal(seasons, season)))
        else:
            self._add_months(curated, seasons)

    def add_days(self, good: list[Record], days: pa.Array) -> None:
        """Raw lines, a run of same-day records at a time: each run is fingerprinted as it
        is written, and its place in the staged file kept (to publish changed days only)."""
        assert self.ledger is not None
        if not good:
            return
        runs = pc.run_end_encode(days)
        start = 0
        for end, day in zip(runs.run_ends.to_pylist(), runs.values.to_pylist(), strict=True):
            chunks: list[bytes | memoryview] = []
            write_ndjson(good[start:end], chunks.append, all_objects=True)
            self.ledger.add(day, end - start, chunks, self.raw.size)
            for chunk in chunks:
                self.raw.write(chunk)
            start = end

    def _season(self, season: int) -> StagedParquet:
        if season not in self.seasons:
            self.seasons[season] = self.area.parquet(self.schema)
        return self.seasons[season]

    def _add_months(self, curated: pa.Table, seasons: pa.Array) -> None:
        days = curated.column(DAY_COLUMN)
        month = pc.add(pc.multiply(pc.year(days), 100), pc.month(days))
        key = pc.add(pc.multiply(seasons.cast(pa.int64()), 1_000_000), month.cast(pa.int64()))
        for value in pc.unique(key).to_pylist():
            part = curated.filter(pc.equal(key, value))
            season = value // 1_000_000
            part_days = pc.unique(part.column(DAY_COLUMN)).to_pylist()
            values = month_values(season, part_days[0])
            for day in part_days:
                self.day_values[day] = values
            if values not in self.months:
                self.months[values] = StagedMonth(self.area.parquet(self.schema))
            self.months[values].write(part)


def placed(
    job: DatasetJob, good: list[Record], table: pa.Table, rejects: list[tuple[Any, str]]
) -> tuple[list[Record], pa.Table, pa.Array, pa.Array | None]:
    """Each record's season (and day, for date-keyed data); records without one are
    rejected, since they belong to no partition."""
    mapping = job.mapping
    seasons = convert(mapping.season(table), "int") if mapping.season else None
    days = convert(mapping.day(table), "date") if mapping.day else None
    if seasons is None:
        raise LakeError(
            f"{job.dataset} is partitioned by season but its mapping gives none",
            "report this bug",
        )
    valid = pc.is_valid(seasons)
    if days is not None:
        valid = pc.and_(valid, pc.is_valid(days))
    if valid.false_count:
        flags = valid.to_pylist()
        what = "season or game day" if days is not None else "season"
        rejects += [(r, f"no readable {what}") for r, ok in zip(good, flags, strict=True) if not ok]
        good = [r for r, ok in zip(good, flags, strict=True) if ok]
        table, seasons = table.filter(valid), seasons.filter(valid)
        days = None if days is None else days.filter(valid)
    return good, table, seasons, days
