"""stats.nba.com: the free, official JSON API behind nba.com's stats pages (no key).

The endpoints and parameters are the ones the widely used `nba_api` package sends
(parameters sorted by name, empty ones sent as `Name=`). Answers are
`{"resultSets": [{"name", "headers": [...], "rowSet": [[...], ...]}]}`; each row becomes a
record keyed by the headers, as sent. The server answers only requests that look like a
browser's, lets refused requests *hang* rather than saying no, and throttles bursts, so
this source sends browser headers, paces itself (one request a second by default) and
turns a hang into one clear line.

Seasons are written `2023-24` there; the lake's season is the year it ends (2024). Each
season type is a separate request (`SeasonType=Regular Season`, then `Playoffs`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from typing import Any, Final
from urllib.parse import urlsplit

import requests

from ingest.errors import LakeError
from ingest.sources.base import DATED_DATASETS, NBA_DATASETS, Page, Record
from ingest.sources.calendar import DayWindow
from ingest.sources.http import ApiStatusError, ApiTimeoutError, build_session, get_json, safe_url

DEFAULT_BASE_URL: Final = "https://stats.nba.com/stats"
BASE_URL_ENV_VAR: Final = "NBASTATS_BASE_URL"
DELAY_ENV_VAR: Final = "NBASTATS_DELAY_SECONDS"
TIMEOUT_ENV_VAR: Final = "NBASTATS_TIMEOUT_SECONDS"
DEFAULT_DELAY: Final = 1.0
DEFAULT_TIMEOUT: Final = 30.0  # nba_api's default
#: What a browser on nba.com sends (nba_api's STATS_HEADERS, plus Origin, whose absence
#: has made requests hang).
BROWSER_HEADERS: Final = {
    "User-Agent": (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/145.0.0.0 Safari/537.36"
    ),
    "Accept": "application/json, text/plain, */*",
    "Accept-Language": "en-US,en;q=0.5",
    "Accept-Encoding": "gzip, deflate",
    "Connection": "keep-alive",
    "Origin": "https://www.nba.com",
    "Referer": "https://www.nba.com/",
    "Pragma": "no-cache",
    "Cache-Control": "no-cache",
    "Sec-Ch-Ua": '"Not:A-Brand";v="99", "Google Chrome";v="145", "Chromium";v="145"',
    "Sec-Ch-Ua-Mobile": "?0",
    "Sec-Fetch-Dest": "empty",
}
#: stats.nba.com's season types, and the SEASON_ID prefix of each (2 regular, 4 playoffs).
SEASON_TYPES: Final = (("Regular Season", "2"), ("Playoffs", "4"))
#: leaguedashplayerstats parameters the server requires but that stay empty here
_DASH_EMPTY: Final = (
    "College Conference Country DateFrom DateTo Division DraftPick DraftYear GameScope "
    "GameSegment Height Location Outcome PORound PlayerExperience PlayerPosition "
    "SeasonSegment ShotClockRange StarterBench TeamID TwoWay VsConference VsDivision Weight"
)


def nba_season(season: int) -> str:
    """The lake's season 2024 as stats.nba.com writes it: 2023-24."""
    return f"{season - 1}-{season % 100:02d}"


def _float_env(name: str, default: float) -> float:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise LakeError(
            f"{name}={text!r} is not a number of seconds", f"e.g. {name}={default:g}"
        ) from None
    if not 0 <= value <= 600:
        raise LakeError(f"{name}={text} is out of range", "give 0 to 600 seconds")
    return value


class NbaStatsSource:
    """Players, teams, season totals, games and box scores from stats.nba.com."""

    name = "nbastats"
    description = "stats.nba.com, the free official NBA stats API (no key; polite pace)"
    datasets: tuple[str, ...] = NBA_DATASETS
    seasons: tuple[int, ...] | None = None  # any season the API has (from 1946-47)
    infers_schema = False

    def __init__(
        self,
        base_url: str | None = None,
        session: requests.Session | None = None,
        *,
        delay: float | None = None,
        timeout: float | None = None,
        attempts: int = 3,
        backoff_factor: float = 2.0,
        page_size: int = 50_000,
    ) -> None:
        url = base_url or os.environ.get(BASE_URL_ENV_VAR, "").strip() or DEFAULT_BASE_URL
        self.base_url = url.rstrip("/")
        self.delay = _float_env(DELAY_ENV_VAR, DEFAULT_DELAY) if delay is None else delay
        self.timeout = _float_env(TIMEOUT_ENV_VAR, DEFAULT_TIMEOUT) if timeout is None else timeout
        self.attempts, self.backoff_factor = attempts, backoff_factor
        self.page_size = page_size
        self._session = session

    def __repr__(self) -> str:
        return f"NbaStatsSource(base_url={safe_url(self.base_url)!r}, delay={self.delay:g})"

    # -- the Source interface --------------------------------------------------------------

    def fetch(self, dataset: str, season: int) -> Iterator[Page]:
        """Yield a dataset's records for a season (players and teams: as of that season)."""
        if dataset in DATED_DATASETS:
            return self.fetch_days(dataset, season, None)
        if dataset == "players":
            rows = self._rows("commonallplayers", _players_params(season), "CommonAllPlayers")
        elif dataset == "teams":
            rows = self._teams(season)
        elif dataset == "player_season_stats":
            rows = self._season_totals(season)
        else:
            raise LakeError(
                f"stats.nba.com has no dataset '{dataset}'",
                f"use one of: {', '.join(NBA_DATASETS)}",
            )
        return self._pages(rows)

    def fetch_days(self, dataset: str, season: int, window: DayWindow | None) -> Iterator[Page]:
        """Game log rows of a season (both season types) played in `window`: team rows for
        `games` (two per game), player rows for `player_game_stats`."""
        if dataset not in DATED_DATASETS:
            raise LakeError(f"stats.nba.com has no days of '{dataset}'", "ask for games")
        grain = "T" if dataset == "games" else "P"
        rows: list[Record] = []
        for season_type, _ in SEASON_TYPES:
            params = _game_log_params(season, season_type, grain, window)
            found = self._rows("leaguegamelog", params, "LeagueGameLog")
            rows += [r for r in found if window is None or _day(r) in window]
        return self._pages(rows)

    # -- endpoints ------------------------------------------------------------------------

    def _teams(self, season: int) -> list[Record]:
        """Current franchises (commonteamyears) with city, name, conference and division
        from the season's standings (the only list endpoint that has them)."""
        teams = [
            r
            for r in self._rows("commonteamyears", {"LeagueID": "00"}, "TeamYears")
            if r.get("ABBREVIATION")
        ]
        standings = self._rows("leaguestandingsv3", _standings_params(season), "Standings")
        by_id = {row.get("TeamID"): row for row in standings}
        wanted = ("TeamCity", "TeamName", "Conference", "Division")
        for team in teams:
            extra = by_id.get(team.get("TEAM_ID"), {})
            team.update({key: extra.get(key) for key in wanted})
        return teams

    def _season_totals(self, season: int) -> list[Record]:
        """Season totals per season type; rows carry no season, so SEASON_ID is added in the
        game log's own form ("22023": regular season 2023-24)."""
        rows: list[Record] = []
        for season_type, prefix in SEASON_TYPES:
            params = _dash_params(season, season_type)
            for row in self._rows("leaguedashplayerstats", params, "LeagueDashPlayerStats"):
                rows.append({"SEASON_ID": f"{prefix}{season - 1}", **row})
        return rows

    def _pages(self, rows: list[Record]) -> Iterator[Page]:
        for start in range(0, len(rows), self.page_size):
            yield rows[start : start + self.page_size]

    def _rows(self, endpoint: str, params: dict[str, str], result_set: str) -> list[Record]:
        """One endpoint's rows as records (`headers` as keys, values as sent)."""
        body = self._get(endpoint, params)
        return _records(body, result_set, f"{safe_url(self.base_url)}/{endpoint}")

    def _get(self, endpoint: str, params: dict[str, str]) -> Any:
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise LakeError(
                f"the stats.nba.com base URL '{safe_url(self.base_url)}' is not an http(s) URL",
                f"set {BASE_URL_ENV_VAR} to a URL like {DEFAULT_BASE_URL}, or unset it",
            )
        if self._session is None:
            self._session = build_session(
                attempts=self.attempts,
                backoff_factor=self.backoff_factor,
                read_timeout=self.timeout,
                min_interval=self.delay,
            )
        url = f"{self.base_url}/{endpoint}"
        ordered = dict(sorted(params.items()))  # nba_api sorts them: some endpoints care
        try:
            return get_json(
                self._session, url, headers=BROWSER_HEADERS, params=ordered, what="stats.nba.com"
            )
        except ApiTimeoutError:
            raise LakeError(
                f"stats.nba.com did not answer {endpoint} within {self.timeout:g} s",
                "it lets requests hang when it refuses them (too many requests, cloud IPs); "
                f"wait a few minutes and retry, or raise {DELAY_ENV_VAR} / {TIMEOUT_ENV_VAR}",
            ) from None
        except ApiStatusError as err:
            raise _status_error(err, endpoint) from None


def _status_error(err: ApiStatusError, endpoint: str) -> LakeError:
    if err.status in (401, 403):
        return LakeError(
            f"stats.nba.com refused the request for {endpoint} (HTTP {err.status})",
            "it answers only browser-like requests and blocks some networks (cloud hosts); "
            f"wait and retry, or raise {DELAY_ENV_VAR}",
        )
    if err.status == 400:
        return LakeError(
            f"stats.nba.com refused the parameters of {endpoint} (HTTP 400)",
            f"check the season (it exists on nba.com?) and that {BASE_URL_ENV_VAR} is the API",
        )
    if err.status == 404:
        return LakeError(
            f"stats.nba.com has no endpoint {endpoint} (HTTP 404)",
            f"check {BASE_URL_ENV_VAR} (it should end in /stats)",
        )
    return err


def _records(body: Any, wanted: str, where: str) -> list[Record]:
    """Rows of the result set named `wanted` (else the first), keyed by its headers."""
    hint = f"check {BASE_URL_ENV_VAR} points at the stats API (.../stats)"
    sets = body.get("resultSets", body.get("resultSet")) if isinstance(body, dict) else None
    if isinstance(sets, dict):
        sets = [sets]
    if not isinstance(sets, list) or not sets or not all(isinstance(s, dict) for s in sets):
        raise LakeError(f"stats.nba.com answered {where} without result sets", hint)
    found = next((s for s in sets if s.get("name") == wanted), sets[0])
    headers, rows = found.get("headers"), found.get("rowSet")
    if not isinstance(headers, list) or not isinstance(rows, list):
        raise LakeError(f"stats.nba.com answered {where} with a result set without rows", hint)
    records = []
    for number, row in enumerate(rows):
        if not isinstance(row, list) or len(row) != len(headers):
            raise LakeError(
                f"stats.nba.com answered {where} with row {number} not matching its headers",
                "the API changed shape; report it (and use another source meanwhile)",
            )
        records.append(dict(zip(headers, row, strict=True)))
    return records


def _day(record: Record) -> date | None:
    try:
        return date.fromisoformat(str(record.get("GAME_DATE", ""))[:10])
    except ValueError:
        return None


def _game_log_params(
    season: int, season_type: str, grain: str, window: DayWindow | None
) -> dict[str, str]:
    def us(day: date) -> str:  # the format the API takes (ISO dates are ignored)
        return f"{day.month:02d}/{day.day:02d}/{day.year}"

    return {
        "Counter": "0",
        "DateFrom": us(window.first) if window else "",
        "DateTo": us(window.last) if window else "",
        "Direction": "ASC",
        "LeagueID": "00",
        "PlayerOrTeam": grain,
        "Season": nba_season(season),
        "SeasonType": season_type,
        "Sorter": "DATE",
    }


def _players_params(season: int) -> dict[str, str]:
    # every player in history, so every statistics row joins one
    return {"IsOnlyCurrentSeason": "0", "LeagueID": "00", "Season": nba_season(season)}


def _standings_params(season: int) -> dict[str, str]:
    return {
        "LeagueID": "00",
        "Season": nba_season(season),
        "SeasonType": "Regular Season",
        "SeasonYear": "",
    }


def _dash_params(season: int, season_type: str) -> dict[str, str]:
    params = dict.fromkeys(_DASH_EMPTY.split(), "")
    params.update(
        {
            "LastNGames": "0",
            "LeagueID": "00",
            "MeasureType": "Base",
            "Month": "0",
            "OpponentTeamID": "0",
            "PaceAdjust": "N",
            "PerMode": "Totals",
            "Period": "0",
            "PlusMinus": "N",
            "Rank": "N",
            "Season": nba_season(season),
            "SeasonType": season_type,
        }
    )
    return params
