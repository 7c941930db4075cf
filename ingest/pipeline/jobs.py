"""Which dataset-seasons a run covers, and the catalog tables each one lands in."""

from __future__ import annotations

from datetime import date

from ingest.errors import LakeError
from ingest.lake import Lake
from ingest.pipeline.mappings import NBA_MAPPINGS
from ingest.pipeline.run import DatasetJob
from ingest.sources.base import NBA_DATASETS


def current_season(today: date | None = None) -> int:
    """The NBA season in progress, by its end year (in November 2026: 2027)."""
    today = today or date.today()
    return today.year + 1 if today.month >= 10 else today.year


def parse_seasons(text: str | None, available: tuple[int, ...] | None) -> list[int]:
    """`2025`, `2021-2025`, `all` (every season the source has) or None for the default."""
    if text is None or text == "all":
        return sorted(available) if available else [current_season()]
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
    return seasons


def parse_datasets(text: str) -> list[str]:
    """`all` or a comma-separated list of NBA dataset names."""
    names = list(NBA_DATASETS) if text == "all" else [part.strip() for part in text.split(",")]
    unknown = [name for name in names if name not in NBA_DATASETS]
    if unknown:
        raise LakeError(
            f"unknown dataset '{unknown[0]}'", f"use all or one of {', '.join(NBA_DATASETS)}"
        )
    return names


def nba_jobs(lake: Lake, datasets: list[str], seasons: list[int]) -> list[DatasetJob]:
    """A job per season for seasonal datasets; snapshots (players, teams) once, latest season."""
    jobs = []
    for dataset in datasets:
        names = lake.outputs.tables.get(dataset)
        if names is None:
            raise LakeError(f"the lake has no dataset '{dataset}'", "run `make apply` to update it")
        raw = lake.catalog.get_table(lake.outputs.database, names.raw)
        curated = lake.catalog.get_table(lake.outputs.database, names.curated)
        if raw is None or curated is None:
            raise LakeError(
                f"table {names.raw if raw is None else names.curated} is not in the catalog",
                "run `make apply` to create it",
            )
        mapping = NBA_MAPPINGS[dataset]
        wanted = seasons if mapping.season_column else [max(seasons)]
        jobs += [DatasetJob(dataset, season, raw, curated, mapping) for season in wanted]
    return jobs
