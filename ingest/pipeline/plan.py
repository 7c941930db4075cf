"""What an ingest will do, decided and checked before anything is written.

`plan_ingest` turns the user's options (CLI flags or the TUI's form) into an `IngestPlan`:
the source, and the jobs it will run: a dataset-season each, with the days to load for
date-keyed datasets. Everything a user can get wrong (an unknown dataset, a season the
source does not offer, a date that is not one, a lake whose tables are out of date) is
refused here. The plan's `prepare` step runs later, under the lake's ingest lock, and
finds (or, for a file, registers) the tables each job lands in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from ingest.catalog.model import CatalogTable
from ingest.catalog.table_input import table_location
from ingest.errors import LakeError
from ingest.lake import Lake
from ingest.pipeline.curate import CuratedMapping
from ingest.pipeline.file_dataset import prepare_file_ingest
from ingest.pipeline.jobs import DatasetJob
from ingest.pipeline.mappings import layout_of, mapping_for
from ingest.pipeline.windows import (
    DEFAULT_LOOKBACK_DAYS,
    WindowRequest,
    check_lookback,
    season_windows,
)
from ingest.sources.base import DATED_DATASETS, NBA_DATASETS, Source
from ingest.sources.calendar import FIRST_SEASON, LAST_SEASON, DayWindow, current_season
from ingest.sources.registry import make_source
from ingest.storage.watermark import read_watermark

#: Share of rejected records above which a job publishes nothing.
DEFAULT_MAX_REJECT_RATIO = 0.05

#: Under the ingest lock: the jobs with their tables, and the source to read them from.
Prepare = Callable[[Lake], tuple[list[DatasetJob], Source]]

__all__ = ["DEFAULT_LOOKBACK_DAYS", "current_season"]


@dataclass(frozen=True)
class IngestOptions:
    """What the user asked for, as typed (CLI flags, the TUI's form)."""

    source: str = "sample"
    dataset: str = "all"
    season: str | None = None
    max_reject_ratio: float = DEFAULT_MAX_REJECT_RATIO
    location: str | None = None
    table: str | None = None
    scale: int = 1
    #: date-keyed datasets: the first and last day to load (ISO dates), instead of the
    #: watermark; `full_refresh` reloads whole seasons and drops days the source lost
    since: str | None = None
    until: str | None = None
    full_refresh: bool = False
    lookback_days: int = DEFAULT_LOOKBACK_DAYS
    #: the sample league: its calendar date (reveal games played by then) and its seasons
    as_of: str | None = None
    sample_seasons: str | None = None


@dataclass(frozen=True)
class PlannedJob:
    """One dataset-season the run will load (a file has no season: 0)."""

    dataset: str
    season: int
    window: DayWindow | None = None
    full_refresh: bool = False


@dataclass(frozen=True)
class IngestPlan:
    """A checked plan: read `source`, load `jobs`; `prepare` runs under the lock.

    `watermarks` are the days date-keyed datasets are loaded up to once all their jobs
    succeed."""

    source: Source
    jobs: tuple[PlannedJob, ...]
    prepare: Prepare
    max_reject_ratio: float = DEFAULT_MAX_REJECT_RATIO
    watermarks: dict[str, date] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # every way to a plan (plan_ingest, nba_plan, a test, a benchmark) checks the ratio:
        # NaN would silently turn the check off, since no comparison with NaN is true
        _check_ratio(self.max_reject_ratio)


def parse_day(text: str | None, flag: str) -> date | None:
    """An ISO date from the command line, or a one-line error naming the flag."""
    if text is None or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise LakeError(
            f"{flag} '{text}' is not a date", f"write it as YYYY-MM-DD, e.g. {flag} 2025-01-15"
        ) from None


def _season_range(text: str) -> list[int]:
    try:
        if "-" in text:
            first, last = (int(part) for part in text.split("-", 1))
            seasons = list(range(first, last + 1))
        else:
            seasons = [int(text)]
    except ValueError:
        raise LakeError(
            f"'{text}' is not a season", "use a year like 2025, a range like 2021-2025, or all"
        ) from None
    if not seasons or not all(FIRST_SEASON <= s <= LAST_SEASON for s in seasons):
        raise LakeError(
            f"'{text}' is not a season", "seasons are end years from 1947 on, e.g. 2025"
        )
    return seasons


def parse_seasons(
    text: str | None, offered: tuple[int, ...] | None, today: date | None = None
) -> list[int]:
    """`2025`, `2021-2025`, `all` (every season the source has) or None for the default;
    a season the source does not offer (or that has not begun) is refused."""
    if text is None or text.strip().lower() == "all":
        return sorted(offered) if offered else [current_season(today)]
    seasons = _season_range(text)
    latest = current_season(today)
    missing = [s for s in seasons if (offered is not None and s not in offered) or s > latest]
    if missing:
        have = f"{min(offered)}-{max(offered)}" if offered else f"{FIRST_SEASON}-{latest}"
        raise LakeError(
            f"the source has no season {missing[0]} (it has {have})",
            "choose seasons it offers; nothing was written",
        )
    return seasons


def parse_datasets(text: str, offered: tuple[str, ...] = NBA_DATASETS) -> list[str]:
    """`all` (every NBA dataset the source offers) or a comma-separated list of names."""
    if text.strip().lower() == "all":
        return [name for name in NBA_DATASETS if name in offered]
    names = [part.strip() for part in text.split(",")]
    unknown = [name for name in names if name not in NBA_DATASETS]
    if unknown:
        raise LakeError(
            f"unknown dataset '{unknown[0]}'", f"use all or one of {', '.join(NBA_DATASETS)}"
        )
    return names


def _check_layout(curated: CatalogTable, dataset: str, mapping: CuratedMapping) -> None:
    """The catalog table must be partitioned the way this version writes the dataset."""
    keys = tuple(key.name for key in curated.partition_keys)
    if keys != layout_of(mapping):
        raise LakeError(
            f"table {curated.name} is partitioned by ({', '.join(keys) or 'nothing'}), "
            f"but {dataset} is laid out by ({', '.join(layout_of(mapping)) or 'nothing'})",
            "run `make apply` to update the lake's tables",
        )


def resolve_nba_jobs(lake: Lake, source: Source, jobs: tuple[PlannedJob, ...]) -> list[DatasetJob]:
    """Each planned job with the catalog tables its dataset lands in, checked against the
    layout this version writes (a lake provisioned by an older version needs `make apply`)."""
    resolved = []
    out = lake.outputs
    for job in jobs:
        names = out.tables.get(job.dataset)
        if names is None:
            raise LakeError(
                f"the lake has no dataset '{job.dataset}'", "run `make apply` to update it"
            )
        raw = lake.catalog.get_table(out.database, names.raw)
        curated = lake.catalog.get_table(out.database, names.curated)
        if raw is None or curated is None:
            raise LakeError(
                f"table {names.raw if raw is None else names.curated} is not in the catalog",
                "run `make apply` to create it",
            )
        mapping = mapping_for(source.name, job.dataset)
        _check_layout(curated, job.dataset, mapping)
        root = table_location(out.bucket, out.curated_prefix, names.curated)
        resolved.append(
            DatasetJob(
                job.dataset,
                job.season,
                raw,
                curated,
                mapping,
                version_root=root,
                window=job.window,
                full_refresh=job.full_refresh,
            )
        )
    return resolved


def nba_plan(
    source: Source,
    datasets: list[str],
    seasons: list[int],
    *,
    max_reject_ratio: float = DEFAULT_MAX_REJECT_RATIO,
    windows: dict[str, list[tuple[int, DayWindow]]] | None = None,
    full_refresh: bool = False,
    today: date | None = None,
) -> IngestPlan:
    """A job per season for seasonal datasets; snapshots (players, teams) once, with the
    latest season; date-keyed datasets a job per season with its days (`windows`, by
    default the whole seasons up to `today`)."""
    refused = [name for name in datasets if name not in source.datasets]
    if refused:
        raise LakeError(
            f"the {source.name} source has no dataset '{refused[0]}'",
            f"use one of: {', '.join(source.datasets)}",
        )
    jobs: list[PlannedJob] = []
    watermarks: dict[str, date] = {}
    for dataset in datasets:
        mapping = mapping_for(source.name, dataset)
        if dataset in DATED_DATASETS:
            found = (windows or {}).get(dataset)
            if found is None:
                found = [
                    (season, window)
                    for season in seasons
                    if (window := DayWindow.of_season(season, today or date.today()))
                ]
            jobs += [PlannedJob(dataset, s, w, full_refresh) for s, w in found]
            if found:
                watermarks[dataset] = max(window.last for _, window in found)
        elif mapping.season is None:
            jobs.append(PlannedJob(dataset, max(seasons)))
        else:
            jobs += [PlannedJob(dataset, season) for season in seasons]
    planned = tuple(jobs)
    return IngestPlan(
        source,
        planned,
        lambda lake: (resolve_nba_jobs(lake, source, planned), source),
        max_reject_ratio,
        watermarks,
    )


def _check_ratio(value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
        raise LakeError(
            f"--max-reject-ratio {value} is not a share between 0 and 1",
            "use e.g. 0.05 for 5%",
        )
    return value


def _sample_range(text: str | None) -> tuple[int, int] | None:
    if text is None or not text.strip():
        return None
    seasons = _season_range(text.strip())
    return seasons[0], seasons[-1]


def plan_ingest(lake: Lake, options: IngestOptions) -> IngestPlan:
    """The checked plan for `options` on `lake` (raises LakeError, writing nothing)."""
    ratio = _check_ratio(options.max_reject_ratio)
    check_lookback(options.lookback_days)
    as_of = parse_day(options.as_of, "--as-of")
    source = make_source(
        options.source,
        location=options.location,
        table=options.table,
        scale=options.scale,
        as_of=as_of,
        sample_seasons=_sample_range(options.sample_seasons),
    )
    if source.infers_schema:
        [table] = source.datasets
        return IngestPlan(
            source,
            (PlannedJob(table, 0),),
            lambda locked: prepare_file_ingest(locked, source, table),
            ratio,
        )
    return plan_source(lake, source, options, today=as_of)


def plan_source(
    lake: Lake, source: Source, options: IngestOptions, today: date | None = None
) -> IngestPlan:
    """The checked plan for loading the NBA datasets of `source` (already built) into
    `lake`: seasons, and for date-keyed datasets the days, from the lake's watermarks.
    `today` is the last day that can have games (the sample's `--as-of`)."""
    ratio = _check_ratio(options.max_reject_ratio)
    lookback = check_lookback(options.lookback_days)
    since, until = parse_day(options.since, "--since"), parse_day(options.until, "--until")
    datasets = parse_datasets(options.dataset, source.datasets)
    for dataset in datasets:
        if dataset not in lake.outputs.tables:
            raise LakeError(f"the lake has no dataset '{dataset}'", "run `make apply` to update it")
    today = today or date.today()
    seasons = parse_seasons(options.season, source.seasons, today)
    request = WindowRequest(
        today=today,
        since=since,
        until=until,
        seasons=tuple(seasons) if options.season or options.full_refresh else None,
        full_refresh=options.full_refresh,
        lookback_days=lookback,
        today_name="--as-of" if options.as_of else "today",
    )
    windows = {}
    for dataset in datasets:
        if dataset in DATED_DATASETS:
            watermark = None
            if request.uses_watermark:
                watermark = read_watermark(lake.storage, source.name, dataset)
            windows[dataset] = season_windows(request, source.seasons, watermark)
    return nba_plan(
        source,
        datasets,
        seasons,
        max_reject_ratio=ratio,
        windows=windows,
        full_refresh=options.full_refresh,
        today=today,
    )
