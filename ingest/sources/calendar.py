"""Seasons and days: which season a day belongs to, and the days a load covers.

A season is named by the year it ends (2025 is the 2024-25 season) and runs from
October 1 to September 30: preseason, regular season (late October to mid April),
playoffs (to June) and the off-season after them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

FIRST_SEASON = 1947  # 1946-47, the first season of the BAA/NBA
LAST_SEASON = 2099


def season_of(day: date) -> int:
    """The season a day belongs to (2024-11-05 and 2025-05-01 are both in 2025)."""
    return day.year + 1 if day.month >= 10 else day.year


def current_season(today: date | None = None) -> int:
    """The season in progress, by its end year (in November 2026: 2027)."""
    return season_of(today or date.today())


def season_start(season: int) -> date:
    return date(season - 1, 10, 1)


def season_end(season: int) -> date:
    return date(season, 9, 30)


@dataclass(frozen=True)
class DayWindow:
    """The days a load covers, both ends included."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"window ends ({self.last}) before it starts ({self.first})")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last

    def days(self) -> Iterator[date]:
        day = self.first
        while day <= self.last:
            yield day
            day += timedelta(days=1)

    @property
    def count(self) -> int:
        return (self.last - self.first).days + 1

    def describe(self) -> str:
        if self.first == self.last:
            return self.first.isoformat()
        return f"{self.first.isoformat()}..{self.last.isoformat()}"

    @classmethod
    def of_season(cls, season: int, until: date | None = None) -> DayWindow | None:
        """A whole season, cut at `until`; None when the season starts after it."""
        last = season_end(season) if until is None else min(season_end(season), until)
        first = season_start(season)
        return cls(first, last) if last >= first else None
