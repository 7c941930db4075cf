"""Publish a date-keyed load month by month: a month gets a new version only when its days
changed, so a daily load rewrites one small month file and never a season.

Layout: `curated/<table>/season=2025/game_month=2025-01/v=<version>/part-0.parquet`, one
file per month version, rows sorted by day, with `_days.json` (the `MonthIndex`) beside it.
A month's new version holds the days the lake already had and the load did not touch,
plus the days the load fetched; the partition is switched to it in one catalog call
(`Publisher.version`), so readers see the old month or the new one, never a mix.
"""

from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ingest.lake import Lake
from ingest.pipeline.curate import arrow_schema
from ingest.pipeline.days import DayChanges, DayLedger, DayPrint, MonthIndex, classify
from ingest.pipeline.jobs import DatasetJob
from ingest.pipeline.publish import PARQUET_NAME, FinishedFile, Publisher, key_of
from ingest.pipeline.staging import StagedParquet, StagingArea, file_sha256
from ingest.sources.calendar import season_of

MONTH_INDEX_NAME = "_days.json"
DAY_COLUMN = "game_date"
Values = tuple[str, ...]  # (season, game_month)


def month_values(season: int, day: date) -> Values:
    return (str(season), f"{day.year:04d}-{day.month:02d}")


@dataclass
class StagedMonth:
    """One month's curated rows of a load, staged page by page."""

    parquet: StagedParquet
    last_day: date | None = None
    in_order: bool = True  # rows arrived sorted by day: the file can be published as is

    def write(self, part: pa.Table) -> None:
        days = part.column(DAY_COLUMN)
        if len(days) > 1 and not pc.all(pc.less_equal(days[:-1], days[1:])).as_py():
            self.in_order = False
        first, last = days[0].as_py(), days[-1].as_py()
        if self.last_day is not None and first is not None and first < self.last_day:
            self.in_order = False
        self.last_day = last if last is not None else self.last_day
        self.parquet.write(part)


@dataclass
class MonthPlan:
    """What a load does to one month."""

    values: Values
    fetched: dict[date, DayPrint]
    held: dict[date, DayPrint] | None  # None: the month exists but its index is unreadable
    location: str | None
    dropped: set[date] = field(default_factory=set)


class MonthPublisher:
    """Turns a date-keyed job's staged months into month versions, day by day."""

    def __init__(
        self,
        lake: Lake,
        publisher: Publisher,
        job: DatasetJob,
        area: StagingArea,
        ledger: DayLedger,
        staged: dict[Values, StagedMonth],
        day_values: dict[date, Values],
    ) -> None:
        self.lake, self.publisher, self.job, self.area = lake, publisher, job, area
        self.ledger, self.staged, self.day_values = ledger, staged, day_values
        self._plans: list[tuple[MonthPlan, DayChanges]] | None = None

    def plans(self) -> list[MonthPlan]:
        """The months the load touches, with what the lake holds of each."""
        live = self.publisher.live_partitions(self.job.curated)
        fetched: dict[Values, dict[date, DayPrint]] = {}
        for day, fingerprint in self.ledger.prints().items():
            values = self.day_values.get(day) or month_values(season_of(day), day)
            fetched.setdefault(values, {})[day] = fingerprint
        months = set(fetched)
        if self.job.full_refresh:
            window, season = self.job.window, str(self.job.season)
            months |= {
                values
                for values in live
                if values[0] == season
                and (window is None or _month_overlaps(values[1], window.first, window.last))
            }
        plans = []
        damaged = self.publisher.damaged
        for values in sorted(months):
            location = live.get(values)
            held = {} if location is None else self._index(location)
            if location is not None and any(k.startswith(key_of(location)) for k in damaged):
                held = {}  # rebuilt from what this (whole-season) load fetched
            plan = MonthPlan(values, fetched.get(values, {}), held, location)
            if self.job.full_refresh and held is not None:
                window = self.job.window
                plan.dropped = {
                    day
                    for day in held
                    if day not in plan.fetched and (window is None or day in window)
                }
            plans.append(plan)
        return plans

    def changes(self) -> DayChanges:
        """What the load does to each day it covers (nothing is written yet)."""
        if self._plans is None:
            self._plans = [
                (plan, classify(plan.fetched, plan.held, plan.dropped)) for plan in self.plans()
            ]
        total = DayChanges()
        for _, month in self._plans:
            total.merge(month)
        return total

    def publish(self) -> None:
        """A new version of every month whose days changed."""
        self.changes()
        assert self._plans is not None
        for plan, month in self._plans:
            if month.any:
                self._publish_month(plan)
            elif plan.location is not None:  # a run that died after its switch left the old
                root = self.publisher.partition_root(self.job, plan.values)
                self.publisher.tidy(root, plan.location)

    def _index(self, location: str) -> dict[date, DayPrint] | None:
        key = f"{key_of(location)}{MONTH_INDEX_NAME}"
        if not self.lake.storage.exists(key):
            return None
        index = MonthIndex.from_bytes(self.lake.storage.get_bytes(key))
        return None if index is None else index.days

    def _publish_month(self, plan: MonthPlan) -> None:
        replaced = set(plan.fetched) | plan.dropped
        kept = {d: p for d, p in (plan.held or {}).items() if d not in replaced}
        days = {**kept, **plan.fetched}
        root = self.publisher.partition_root(self.job, plan.values)
        if not days:
            self.publisher.drop_partition(self.job.curated, plan.values, root)
            return
        staged = self.staged.get(plan.values)
        if plan.location is not None and (kept or plan.held is None):
            existing = self._existing_rows(plan.location, replaced)
            kept.update(_unknown_days(existing, kept))
            days = {**kept, **plan.fetched}
        else:
            existing = None
        if existing is None and staged is not None and staged.in_order:
            sha, size = staged.parquet.finish()
            finished = FinishedFile(staged.parquet.path, sha, size, staged.parquet.rows)
        else:
            finished = self._merged(existing, staged)
        index = MonthIndex(days)
        self.publisher.version(
            self.job,
            plan.values,
            index.version(),
            finished,
            extras={MONTH_INDEX_NAME: index.to_bytes()},
        )

    def _existing_rows(self, location: str, replaced: set[date]) -> pa.Table:
        data = self.lake.storage.get_bytes(f"{key_of(location)}{PARQUET_NAME}")
        table = pq.read_table(io.BytesIO(data))
        if not replaced or table.num_rows == 0:
            return table
        gone = pa.array(sorted(replaced), pa.date32())
        return table.filter(pc.invert(pc.is_in(table.column(DAY_COLUMN), value_set=gone)))

    def _merged(self, existing: pa.Table | None, staged: StagedMonth | None) -> FinishedFile:
        """The month's kept rows and the load's rows as one file, sorted by day."""
        schema = arrow_schema(self.job.curated.columns)
        parts = [schema.empty_table()] if existing is None else [existing.cast(schema)]
        if staged is not None:
            staged.parquet.finish()
            parts.append(pq.read_table(staged.parquet.path).cast(schema))
        table = pa.concat_tables(parts)
        table = table.sort_by([(DAY_COLUMN, "ascending"), ("game_id", "ascending")])
        fd, name = tempfile.mkstemp(dir=self.area.folder, suffix=".parquet")
        os.close(fd)
        path = Path(name)
        pq.write_table(table, path, compression="zstd")
        sha, size = file_sha256(path)
        return FinishedFile(path, sha, size, table.num_rows)


def _unknown_days(existing: pa.Table, known: dict[date, DayPrint]) -> dict[date, DayPrint]:
    """Days a month holds rows of without a fingerprint (an unreadable index): kept, marked
    unknown, so the next load that fetches them replaces them."""
    counts = pc.value_counts(existing.column(DAY_COLUMN)).to_pylist()
    return {
        item["values"]: DayPrint("", item["counts"])
        for item in counts
        if item["values"] is not None and item["values"] not in known
    }


def _month_overlaps(month: str, first: date, last: date) -> bool:
    start = f"{first.year:04d}-{first.month:02d}"
    end = f"{last.year:04d}-{last.month:02d}"
    return start <= month <= end
