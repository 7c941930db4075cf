"""The units of an ingest run: a job (one dataset-season and the tables it lands in) and
what came of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ingest.catalog.model import CatalogTable
from ingest.pipeline.curate import CuratedMapping
from ingest.pipeline.days import DayChanges
from ingest.sources.calendar import DayWindow

#: How a dataset's curated table is replaced: a snapshot as a whole (players, teams), a
#: season at a time, or day by day (games, box scores), read from its partition keys.
DatasetKind = Literal["snapshot", "season", "daily"]

#: running while it runs; then written (something new is visible), unchanged (the lake
#: already held exactly this) or failed (nothing of it is visible)
JobStatus = Literal["running", "written", "unchanged", "failed"]


@dataclass(frozen=True)
class DatasetJob:
    """One dataset-season to ingest, with the tables and mapping it lands in."""

    dataset: str
    season: int
    raw: CatalogTable
    curated: CatalogTable
    mapping: CuratedMapping
    check_types: bool = True
    #: unpartitioned tables (snapshots, the file source): where versions live; the
    #: table's location is switched between them
    version_root: str = ""
    #: date-keyed datasets: the days to load (None: the whole season)
    window: DayWindow | None = None
    #: date-keyed datasets: days the lake holds in the window but the source no longer
    #: has are removed (otherwise a day is only ever added or replaced)
    full_refresh: bool = False

    @property
    def kind(self) -> DatasetKind:
        keys = tuple(key.name for key in self.curated.partition_keys)
        if not keys:
            return "snapshot"
        return "daily" if len(keys) > 1 else "season"


@dataclass
class JobOutcome:
    """What a job did, for the summary table, the TUI and the manifest."""

    dataset: str
    season: int
    status: JobStatus = "running"
    fetched: int = 0
    landed: int = 0
    rejected: int = 0
    curated_rows: int = 0
    bytes_written: int = 0
    seconds: float = 0.0
    manifest_key: str = ""
    error: str = ""
    keys_written: list[str] = field(default_factory=list)
    #: date-keyed datasets: what happened to each day the job covered
    days: DayChanges | None = None
