"""Source names on the command line (`--source`, `SOURCE=`) to source objects."""

from __future__ import annotations

from pathlib import Path
from typing import Final
from urllib.parse import unquote, urlsplit

from ingest.errors import LakeError
from ingest.names import MAX_FILE_TABLE_NAME
from ingest.sources.base import Source
from ingest.sources.file import FileSource, to_snake_case
from ingest.sources.sample import SampleSource
from ingest.sources.sportsdata import SportsDataSource

SOURCE_NAMES: Final = ("sample", "sportsdata", "file")


def make_source(
    name: str,
    *,
    location: str | None = None,
    table: str | None = None,
    scale: int = 1,
) -> Source:
    """Build a source by name; `file` needs a location and takes its table name from it
    unless `table` is given."""
    key = name.strip().lower()
    if key == "sample":
        return SampleSource(scale=scale)
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
