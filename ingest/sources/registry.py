"""Source names on the command line (`--source`, `SOURCE=`) to source objects."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Final
from urllib.parse import unquote, urlsplit

from ingest.errors import LakeError
from ingest.names import MAX_FILE_TABLE_NAME
from ingest.sources.base import Source
from ingest.sources.file import FileSource, to_snake_case
from ingest.sources.nbastats import NbaStatsSource
from ingest.sources.sample import SEASONS, SampleSource
from ingest.sources.sportsdata import SportsDataSource

SOURCE_NAMES: Final = ("sample", "nbastats", "sportsdata", "file")


def make_source(
    name: str,
    *,
    location: str | None = None,
    table: str | None = None,
    scale: int = 1,
    as_of: date | None = None,
    sample_seasons: tuple[int, int] | None = None,
) -> Source:
    """Build a source by name; `file` needs a location and takes its table name from it
    unless `table` is given. `as_of` and `sample_seasons` are the sample league's calendar
    and range; other sources refuse them."""
    key = name.strip().lower()
    if key == "sample":
        season_range = sample_seasons or (SEASONS[0], SEASONS[-1])
        return SampleSource(scale=scale, season_range=season_range, as_of=as_of)
    if as_of is not None or sample_seasons is not None:
        flag = "--as-of" if as_of is not None else "--sample-seasons"
        raise LakeError(
            f"{flag} is for the sample league, not the {key} source",
            "use --since/--until to choose the days to load from an API",
        )
    if key == "nbastats":
        return NbaStatsSource()
    if key == "sportsdata":
        return SportsDataSource()
    if key == "file":
        if not location or not location.strip():
            raise LakeError(
                "the file source needs a file",
                "give --file PATH_OR_URL (a .csv, .json or .ndjson file; FILE=... with make)",
            )
        return FileSource(location, table or default_table(location))
    raise LakeError(f"unknown source '{name}'", f"use one of: {', '.join(SOURCE_NAMES)}")


def default_table(location: str) -> str:
    """A table name from a file name: `Player Stats 2024.csv` -> player_stats_2024."""
    path = unquote(urlsplit(location).path) if "://" in location else location
    stem = Path(path).name.split(".", 1)[0]
    return to_snake_case(stem)[:MAX_FILE_TABLE_NAME].rstrip("_") or "file_records"
