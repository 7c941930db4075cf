"""A job's staged files while its pages arrive: raw NDJSON, rejects, and curated Parquet
split the way the dataset is partitioned (one file, a file per season, or per month)."""

from __future__ import annotations

from datetime import date

import pyarrow as pa
import pyarrow.compute as pc

from ingest.pipeline.curate import arrow_schema
from ingest.pipeline.days import DayLedger
from ingest.pipeline.jobs import DatasetJob
from ingest.pipeline.months import DAY_COLUMN, StagedMonth, Values, month_values
from ingest.pipeline.staging import StagedParquet, StagingArea


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
