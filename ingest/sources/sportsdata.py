"""SportsData.io NBA v3, the seed project's API.

The API key travels only in the `Ocp-Apim-Subscription-Key` header: never in a URL (URLs
end up in logs and proxies), never in a log line, an exception or a repr.

Seasons are named by the year they end (2025 is 2024-25), with a suffix for other season
types: `2025POST` is the 2025 playoffs. Dates are written `2024-DEC-01`. Games come per
season (`Games/{season}`), box-score lines per day (`PlayerGameStatsByDate/{date}`): a
load of some days asks for the season's games first, then for the days that had games.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from urllib.parse import urlsplit

import requests

from ingest.errors import LakeError
from ingest.sources.base import DATED_DATASETS, NBA_DATASETS, Page, Record
from ingest.sources.calendar import DayWindow
from ingest.sources.http import ApiStatusError, build_session, get_json, safe_url

DEFAULT_BASE_URL = "https://api.sportsdata.io/v3/nba"
KEY_HEADER = "Ocp-Apim-Subscription-Key"
#: env variables holding the key, in order of preference (the seed used the second)
KEY_ENV_VARS = ("SPORTSDATA_API_KEY", "SPORTS_DATA_API_KEY")
BASE_URL_ENV_VAR = "SPORTSDATA_BASE_URL"
ENDPOINTS: dict[str, str] = {
    "players": "scores/json/Players",
    "teams": "scores/json/teams",
    "player_season_stats": "stats/json/PlayerSeasonStats/{season}",
    "games": "scores/json/Games/{season}",
    "player_game_stats": "stats/json/PlayerGameStatsByDate/{date}",
}
#: season suffixes fetched for games: the regular season (none) and the playoffs
SEASON_TYPE_SUFFIXES = ("", "POST")
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def api_date(day: date) -> str:
    """A date as SportsData.io writes it in URLs: 2024-DEC-01."""
    return f"{day.year:04d}-{_MONTHS[day.month - 1]}-{day.day:02d}"


def _game_day(record: Record) -> date | None:
    try:
        return date.fromisoformat(str(record.get("Day") or "")[:10])
    except ValueError:
        return None


_SET_KEY = "set SPORTSDATA_API_KEY=... (free trial at sportsdata.io; or use SOURCE=sample)"


def _key_from_env() -> str | None:
    for var in KEY_ENV_VARS:
        value = os.environ.get(var, "").strip()
        if value:
            return value
    return None


class SportsDataSource:
    """Players, teams and player season stats from SportsData.io."""

    name = "sportsdata"
    description = "SportsData.io NBA v3 API (needs an API key)"
    datasets: tuple[str, ...] = NBA_DATASETS
    seasons: tuple[int, ...] | None = None  # any season the API has
    infers_schema = False

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        session: requests.Session | None = None,
        *,
        page_size: int = 50_000,
    ) -> None:
        """`base_url` defaults to $SPORTSDATA_BASE_URL, then the public API."""
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        key = api_key.strip() if api_key else None
        self._api_key = key or _key_from_env()
        url = base_url or os.environ.get(BASE_URL_ENV_VAR, "").strip() or DEFAULT_BASE_URL
        self.base_url = url.rstrip("/")
        self._session = session
        self.page_size = page_size

    def __repr__(self) -> str:
        key = "<set>" if self._api_key else "<missing>"
        return f"SportsDataSource(base_url={safe_url(self.base_url)!r}, api_key={key})"

    def url_for(self, dataset: str, season: int | str, day: date | None = None) -> str:
        """The endpoint URL of a dataset (no key in it, by design)."""
        try:
            path = ENDPOINTS[dataset]
        except KeyError:
            raise LakeError(
                f"SportsData.io has no dataset '{dataset}'",
                f"use one of: {', '.join(ENDPOINTS)}",
            ) from None
        when = api_date(day) if day else ""
        return f"{self.base_url}/{path.format(season=season, date=when)}"

    def fetch(self, dataset: str, season: int) -> Iterator[Page]:
        """Yield the endpoint's JSON array in pages of at most `page_size` records."""
        if dataset in DATED_DATASETS:
            return self.fetch_days(dataset, season, None)
        return self._paged(self._get_records(self.url_for(dataset, int(season))))

    def fetch_days(self, dataset: str, season: int, window: DayWindow | None) -> Iterator[Page]:
        """Games, or box-score lines, of a season (regular season and playoffs) in `window`."""
        if dataset not in DATED_DATASETS:
            raise LakeError(f"SportsData.io has no days of '{dataset}'", "ask for games")
        games = self._games(int(season), window)
        if dataset == "games":
            return self._paged(games)
        return self._box_scores(sorted({d for g in games if (d := _game_day(g))}), int(season))

    def _games(self, season: int, window: DayWindow | None) -> list[Record]:
        games: list[Record] = []
        for suffix in SEASON_TYPE_SUFFIXES:
            url = self.url_for("games", f"{season}{suffix}")
            try:
                found = self._get_records(url)
            except LakeError as err:
                if suffix and "HTTP 404" in str(err):  # no playoffs (yet)
                    continue
                raise
            games += [g for g in found if window is None or _game_day(g) in window]
        return games

    def _box_scores(self, days: list[date], season: int) -> Iterator[Page]:
        """One request per game day; lines of another season (none expected) are dropped."""
        for day in days:
            lines = self._get_records(self.url_for("player_game_stats", season, day))
            page = [line for line in lines if line.get("Season") in (None, season)]
            yield from self._paged(page)

    def _paged(self, records: list[Record]) -> Iterator[Page]:
        for start in range(0, len(records), self.page_size):
            yield records[start : start + self.page_size]

    def _get_records(self, url: str) -> list[Record]:
        key = self._checked_key()
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise LakeError(
                f"the SportsData.io base URL '{safe_url(self.base_url)}' is not an http(s) URL",
                f"set {BASE_URL_ENV_VAR} to a URL like {DEFAULT_BASE_URL}, or unset it",
            )
        if self._session is None:
            self._session = build_session()
        headers = {KEY_HEADER: key, "Accept": "application/json"}
        try:
            body = get_json(self._session, url, headers=headers, what="SportsData.io")
        except ApiStatusError as err:
            if err.status in (401, 403):
                raise LakeError(
                    f"SportsData.io refused the API key (HTTP {err.status})",
                    "check the key and that your plan covers NBA data, then set "
                    "SPORTSDATA_API_KEY=... (or use SOURCE=sample)",
                ) from None
            if err.status == 404:
                raise LakeError(
                    f"SportsData.io has nothing at {safe_url(url)} (HTTP 404)",
                    f"check {BASE_URL_ENV_VAR} (.../v3/nba) and the season",
                ) from None
            raise
        return _records(body, safe_url(url))

    def _checked_key(self) -> str:
        key = self._api_key
        if not key:
            raise LakeError("no SportsData.io API key", _SET_KEY)
        if not key.isascii() or not key.isprintable() or any(c.isspace() for c in key):
            raise LakeError(
                "the SportsData.io API key holds spaces or control characters",
                "copy it again without quotes or line breaks and set SPORTSDATA_API_KEY",
            )
        return key


def _records(body: object, where: str) -> list[Record]:
    """The body must be a JSON array of objects, as every v3 list endpoint returns."""
    if not isinstance(body, list):
        kind = "a JSON object" if isinstance(body, dict) else f"a JSON {type(body).__name__}"
        raise LakeError(
            f"SportsData.io answered {where} with {kind}, not an array of records",
            "check SPORTSDATA_BASE_URL points at the NBA v3 API (.../v3/nba)",
        )
    for index, item in enumerate(body):
        if not isinstance(item, dict):
            raise LakeError(
                f"SportsData.io answered {where} with an array whose item {index} is not an object",
                "check SPORTSDATA_BASE_URL points at the NBA v3 API (.../v3/nba)",
            )
    return body
