"""What an ingest will do, decided and checked before anything is written.

`plan_ingest` turns the user's options (CLI flags or the TUI's form) into an `IngestPlan`:
the source, and the dataset-seasons it will load. Everything a user can get wrong (an
unknown dataset, a season the source does not offer, a missing file) is refused here.
The plan's `prepare` step runs later, under the lake's ingest lock, and finds (or, for a
file, registers) the tables each job lands in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ingest.errors import LakeError
from ingest.lake import Lake
from ingest.pipeline.file_dataset import prepare_file_ingest
from ingest.pipeline.jobs import DatasetJob
from ingest.pipeline.mappings import NBA_MAPPINGS
from ingest.sources.base import NBA_DATASETS, Source
from ingest.sources.registry import make_source

#: Share of rejected records above which a job publishes nothing.
DEFAULT_MAX_REJECT_RATIO = 0.05

#: Under the ingest lock: the jobs with their tables, and the source to read them from.
Prepare = Callable[[Lake], tuple[list[DatasetJob], Source]]


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


@dataclass(frozen=True)
class PlannedJob:
    """One dataset-season the run will load (a file has no season: 0)."""

    dataset: str
    season: int


@dataclass(frozen=True)
class IngestPlan:
    """A checked plan: read `source`, load `jobs`; `prepare` runs under the lock."""

    source: Source
    jobs: tuple[PlannedJob, ...]
    prepare: Prepare
    max_reject_ratio: float = DEFAULT_MAX_REJECT_RATIO

    def __post_init__(self) -> None:
        # every way to a plan (plan_ingest, nba_plan, a test, a benchmark) checks the ratio:
        # NaN would silently turn the check off, since no comparison with NaN is true
        _check_ratio(self.max_reject_ratio)


def current_season(today: date | None = None) -> int:
    """The NBA season in progress, by its end year (in November 2026: 2027)."""
    today = today or date.today()
    return today.year + 1 if today.month >= 10 else today.year


def parse_seasons(text: str | None, offered: tuple[int, ...] | None) -> list[int]:
    """`2025`, `2021-2025`, `all` (every season the source has) or None for the default;
    a season the source does not offer is refused."""
    if text is None or text.strip().lower() == "all":
        return sorted(offered) if offered else [current_season()]
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
    if not seasons or not all(1946 < s < 2100 for s in seasons):
        raise LakeError(
            f"'{text}' is not a season", "seasons are end years from 1947 on, e.g. 2025"
        )
    missing = [s for s in seasons if offered is not None and s not in offered]
    if missing:
        have = f"{min(offered)}-{max(offered)}" if offered else "none"
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


def resolve_nba_jobs(lake: Lake, jobs: tuple[PlannedJob, ...]) -> list[DatasetJob]:
    """Each planned job with the catalog tables its dataset lands in."""
    resolved = []
    for job in jobs:
        names = lake.outputs.tables.get(job.dataset)
        if names is None:
            raise LakeError(
                f"the lake has no dataset '{job.dataset}'", "run `make apply` to update it"
            )
        raw = lake.catalog.get_table(lake.outputs.database, names.raw)
        curated = lake.catalog.get_table(lake.outputs.database, names.curated)
        if raw is None or curated is None:
            raise LakeError(
                f"table {names.raw if raw is None else names.curated} is not in the catalog",
                "run `make apply` to create it",
            )
        mapping = NBA_MAPPINGS[job.dataset]
        resolved.append(DatasetJob(job.dataset, job.season, raw, curated, mapping))
    return resolved


def nba_plan(
    source: Source,
    datasets: list[str],
    seasons: list[int],
    *,
    max_reject_ratio: float = DEFAULT_MAX_REJECT_RATIO,
) -> IngestPlan:
    """A job per season for seasonal datasets; snapshots (players, teams) once, latest season."""
    refused = [name for name in datasets if name not in source.datasets]
    if refused:
        raise LakeError(
            f"the {source.name} source has no dataset '{refused[0]}'",
            f"use one of: {', '.join(source.datasets)}",
        )
    jobs: list[PlannedJob] = []
    for dataset in datasets:
        wanted = seasons if NBA_MAPPINGS[dataset].season_column else [max(seasons)]
        jobs += [PlannedJob(dataset, season) for season in wanted]
    planned = tuple(jobs)
    return IngestPlan(
        source,
        planned,
        lambda lake: (resolve_nba_jobs(lake, planned), source),
        max_reject_ratio,
    )


def _check_ratio(value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
        raise LakeError(
            f"--max-reject-ratio {value} is not a share between 0 and 1",
            "use e.g. 0.05 for 5%",
        )
    return value


def plan_ingest(lake: Lake, options: IngestOptions) -> IngestPlan:
    """The checked plan for `options` on `lake` (raises LakeError, writing nothing)."""
    ratio = _check_ratio(options.max_reject_ratio)
    source = make_source(
        options.source, location=options.location, table=options.table, scale=options.scale
    )
    if source.infers_schema:
        [table] = source.datasets
        return IngestPlan(
            source,
            (PlannedJob(table, 0),),
            lambda locked: prepare_file_ingest(locked, source, table),
            ratio,
        )
    datasets = parse_datasets(options.dataset, source.datasets)
    for dataset in datasets:
        if dataset not in lake.outputs.tables:
            raise LakeError(f"the lake has no dataset '{dataset}'", "run `make apply` to update it")
    seasons = parse_seasons(options.season, source.seasons)
    return nba_plan(source, datasets, seasons, max_reject_ratio=ratio)
