"""The interface every source implements.

A source yields *pages* of records: lists of JSON objects exactly as the API sent them
(field names and values untouched). The pipeline validates, lands raw NDJSON and builds
the curated table; a source knows nothing about the lake.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from ingest.sources.calendar import DayWindow

Record = dict[str, Any]
Page = list[Record]

#: Dataset keys of the NBA datasets (declared in terraform/datasets.auto.tfvars).
NBA_DATASETS: tuple[str, ...] = (
    "players",
    "teams",
    "player_season_stats",
    "games",
    "player_game_stats",
)
#: The NBA datasets keyed by date, which load day by day (`DaySource.fetch_days`).
DATED_DATASETS: tuple[str, ...] = ("games", "player_game_stats")


@dataclass(frozen=True)
class InferredColumn:
    """A column the `file` source inferred: its snake_case name, original key and Hive type."""

    name: str
    source_key: str
    type: str  # one of int, bigint, double, boolean, string, date, timestamp


class Source(Protocol):
    """A source of NBA records, and what it offers (checked before a run writes anything)."""

    #: short name used on the command line (`--source NAME`)
    name: str

    @property
    def datasets(self) -> tuple[str, ...]:
        """The datasets it can fetch."""
        ...

    @property
    def seasons(self) -> tuple[int, ...] | None:
        """The seasons it has, or None when it takes any season (an API decides)."""
        ...

    @property
    def infers_schema(self) -> bool:
        """True when its datasets' columns come from the records themselves (a file the user
        brings) instead of the declarations in terraform/datasets.auto.tfvars."""
        ...

    def fetch(self, dataset: str, season: int) -> Iterator[Page]:
        """Yield pages of records for one dataset and season.

        `season` is the season's end year (2025 is the 2024-25 season); sources whose
        endpoint has no season (players, teams) ignore it.
        Raises `ingest.errors.LakeError` with a one-line message for anything the user
        can fix (missing key, refused key, unreachable host, a body that is not JSON).
        """
        ...


@runtime_checkable
class DaySource(Protocol):
    """A source that can fetch a date-keyed dataset for some days only (daily loads)."""

    def fetch_days(self, dataset: str, season: int, window: DayWindow) -> Iterator[Page]:
        """Yield pages of the records of `season` whose game day lies in `window`.

        Every day of the window is fetched in full: a day the source has no records for
        had no games (or none the source knows yet).
        """
        ...
