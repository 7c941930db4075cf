"""Which days a date-keyed load covers: from the watermark (minus a look-back), or as asked.

- `--since` / `--until`: exactly those days (until defaults to today);
- `--season` or `--full-refresh`: the whole seasons asked for (or the default ones);
- otherwise, with a watermark: from the watermark minus the look-back window (official
  statistics are corrected for a few days after a game) up to today;
- otherwise (a first load): the default seasons, from their first day up to today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ingest.errors import LakeError
from ingest.sources.calendar import DayWindow, current_season, season_end, season_of, season_start

DEFAULT_LOOKBACK_DAYS = 3
MAX_LOOKBACK_DAYS = 60


@dataclass(frozen=True)
class WindowRequest:
    """What the user asked for, about days."""

    today: date
    since: date | None = None
    until: date | None = None
    seasons: tuple[int, ...] | None = None  # --season, parsed
    full_refresh: bool = False
    lookback_days: int = DEFAULT_LOOKBACK_DAYS
    #: what `today` is called in messages: "--as-of" when the user set it
    today_name: str = "today"

    @property
    def uses_watermark(self) -> bool:
        return self.since is None and self.seasons is None and not self.full_refresh


def check_lookback(days: int) -> int:
    if isinstance(days, bool) or not 0 <= days <= MAX_LOOKBACK_DAYS:
        raise LakeError(
            f"--lookback-days {days} is not a number of days from 0 to {MAX_LOOKBACK_DAYS}",
            f"use e.g. {DEFAULT_LOOKBACK_DAYS}: days before the watermark fetched again",
        )
    return days


def season_windows(
    request: WindowRequest, offered: tuple[int, ...] | None, watermark: date | None
) -> list[tuple[int, DayWindow]]:
    """A (season, days) pair per season the load covers, in season order."""
    until = min(request.until or request.today, request.today)
    if request.since is not None:
        since = request.since
    elif request.seasons:
        since = season_start(min(request.seasons))
    elif request.uses_watermark and watermark is not None:
        since = watermark - timedelta(days=request.lookback_days)
    else:
        first = min(offered) if offered else current_season(request.today)
        since = season_start(first)
    if since > until:
        raise _empty_window(request, since, until, watermark)
    seasons = list(range(season_of(since), season_of(until) + 1))
    if request.seasons:
        seasons = [s for s in seasons if s in request.seasons]
    if offered is not None:
        asked = [season_of(since)] if request.since else []
        asked += [season_of(until)] if request.until else []
        missing = [s for s in asked if s not in offered]
        if missing:
            have = f"{min(offered)}-{max(offered)}" if offered else "none"
            raise LakeError(
                f"the source has no season {missing[0]} (it has {have})",
                "choose days of seasons it offers; nothing was written",
            )
        seasons = [s for s in seasons if s in offered]
    windows = []
    for season in seasons:
        start, end = max(since, season_start(season)), min(until, season_end(season))
        if start <= end:
            windows.append((season, DayWindow(start, end)))
    return windows


def _empty_window(
    request: WindowRequest, since: date, until: date, watermark: date | None
) -> LakeError:
    """Why there is no day to load, in the words of what the user gave."""
    given = request.until is not None and request.until <= request.today
    end = "--until" if given else request.today_name
    if request.since is not None:
        return LakeError(
            f"--since {since} is after {end} ({until})",
            f"give --since on or before {until}",
        )
    if request.uses_watermark and watermark is not None:
        return LakeError(
            f"the lake already holds days up to {watermark}, after {end} ({until})",
            f"to load earlier days again give --since and --until, e.g. --since {until} "
            f"--until {until}, or --season {season_of(until)}",
        )
    return LakeError(
        f"there is no day to load from {since} to {until}",
        "give --since on or before --until (and not after today)",
    )
