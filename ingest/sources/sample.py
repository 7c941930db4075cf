"""The offline sample league: synthetic demo data, not real NBA statistics.

Every team, player and number here is SYNTHETIC (generated): player names come from made-up
name lists, team nicknames are invented. The records have exactly the field names and JSON
types of SportsData.io NBA v3 responses, so the pipeline treats them like the real API, and
the generator is deterministic (same seed, scale and season give identical records in
identical order) and fast enough for benchmarks.

Size: 30 teams; `ROWS_PER_SCALE` (450) roster slots per unit of `scale`, so each season of
`player_season_stats` holds `450 * scale` records. Scale N starts with the same players as
scale 1. A slot whose player had not debuted yet in a season is filled that season by a
former player (ids from `FORMER_PLAYER_ID_BASE`); `players` lists the current players and
every former player of the configured seasons, so every statistics row joins one player.

Every season has a full schedule (82 games per team, 1,230 games) and a box-score line for
every player in every game he played, and the lines add up to the season statistics. There
are no playoffs. `as_of` is the league's calendar: it reveals only games played by that
day, and the season in progress then has statistics to date (still the box scores' sums).
"""

from __future__ import annotations

import random
from collections import OrderedDict
from collections.abc import Iterator
from datetime import date
from itertools import islice
from typing import Final

from ingest.errors import LakeError
from ingest.sources.base import DATED_DATASETS, NBA_DATASETS, Page, Record
from ingest.sources.calendar import FIRST_SEASON, DayWindow, season_of
from ingest.sources.sample_boxscores import (
    FIELDS,
    GS,
    PlayerSeason,
    SeasonBox,
    build_season_box,
    counting_fields,
)
from ingest.sources.sample_data import (
    BIRTHPLACES,
    CATEGORIES,
    COLLEGES,
    COLORS,
    FIRST_NAMES,
    FULL_NAMES,
    HEIGHT_MIN,
    LAST_NAMES,
    POSITIONS,
    SKILL_BUCKETS,
    SLOT_CYCLE,
    SLOT_POS_TEAM,
    TEAMS,
    Cores,
    stat_line,
)
from ingest.sources.sample_games import game_records, player_game_records
from ingest.sources.sample_schedule import season_schedule

SEASONS: Final = (2021, 2022, 2023, 2024, 2025)  # the default range
#: The league's "now": rosters, ages and experience are as of this season.
CURRENT_SEASON: Final = 2025
MAX_SEASONS: Final = 60
PLAYERS_PER_TEAM: Final = 15
ROWS_PER_SCALE: Final = 30 * PLAYERS_PER_TEAM
MAX_SCALE: Final = 20_000  # keeps every id inside a 32-bit int
PLAYER_ID_BASE: Final = 20_000_001
FORMER_PLAYER_ID_BASE: Final = 30_000_001
DESCRIPTION: Final = "synthetic demo data, not real NBA statistics"
#: Box-score lines kept in memory across fetches (a season at scale 1 is ~26,000).
_CACHED_ROWS: Final = 2_000_000
_BOXES: OrderedDict[tuple[int, int, int], SeasonBox] = OrderedDict()


def _check_scale(scale: int) -> int:
    if isinstance(scale, bool) or not isinstance(scale, int) or not 1 <= scale <= MAX_SCALE:
        raise LakeError(
            f"sample scale must be a whole number from 1 to {MAX_SCALE}, not {scale!r}",
            f"each unit of scale adds {ROWS_PER_SCALE} players and rows per season",
        )
    return scale


def _check_range(seasons: tuple[int, int]) -> tuple[int, int]:
    first, last = seasons
    if not FIRST_SEASON <= first <= last < FIRST_SEASON + 200 or last - first >= MAX_SEASONS:
        raise LakeError(
            f"sample seasons {first}-{last} are not a range the sample league can make",
            f"give at most {MAX_SEASONS} seasons from {FIRST_SEASON} on, e.g. 2016-2025",
        )
    return first, last


class SampleSource:
    """A synthetic league (synthetic demo data, not real NBA statistics) shaped like the API."""

    name = "sample"
    description = f"sample league: {DESCRIPTION}"
    datasets: tuple[str, ...] = NBA_DATASETS
    infers_schema = False

    def __init__(
        self,
        scale: int = 1,
        seed: int = 2025,
        *,
        page_size: int = 50_000,
        season_range: tuple[int, int] = (SEASONS[0], SEASONS[-1]),
        as_of: date | None = None,
    ) -> None:
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        self.scale = _check_scale(scale)
        self.seed = seed
        self.page_size = page_size
        self.season_range = _check_range(season_range)
        self.as_of = as_of

    def __repr__(self) -> str:
        first, last = self.season_range
        return (
            f"SampleSource(scale={self.scale}, seed={self.seed}, seasons={first}-{last}, "
            f"as_of={self.as_of})"
        )

    @property
    def seasons(self) -> tuple[int, ...]:
        """The configured range, without seasons that start after `as_of`."""
        first, last = self.season_range
        if self.as_of is not None:
            last = min(last, season_of(self.as_of))
        return tuple(range(first, last + 1))

    def row_count(self, dataset: str) -> int:
        """Records `fetch` yields for a season's statistics, and for teams."""
        self._check_dataset(dataset)
        return len(TEAMS) if dataset == "teams" else ROWS_PER_SCALE * self.scale

    def fetch(self, dataset: str, season: int) -> Iterator[Page]:
        """Yield pages of at most `page_size` records; players and teams ignore `season`."""
        self._check_dataset(dataset)
        if dataset in DATED_DATASETS:
            return self.fetch_days(dataset, season, None)
        if dataset == "player_season_stats":
            rows: Iterator[Record] = self._season_stats(self._check_season(season))
        else:
            rows = iter(self._teams()) if dataset == "teams" else self._players()
        return self._pages(rows)

    def fetch_days(self, dataset: str, season: int, window: DayWindow | None) -> Iterator[Page]:
        """Games or box-score lines of the season played in `window` (and by `as_of`)."""
        self._check_dataset(dataset)
        box = self.season_box(self._check_season(season))
        teams = [team[0] for team in TEAMS]
        if dataset == "games":
            return self._pages(game_records(box, teams, window, self.as_of))
        if dataset == "player_game_stats":
            return self._pages(player_game_records(box, teams, window, self.as_of))
        raise LakeError(f"the sample league has no days of '{dataset}'", "ask for games")

    def _pages(self, rows: Iterator[Record]) -> Iterator[Page]:
        size = self.page_size
        while page := list(islice(rows, size)):
            yield page

    def _check_dataset(self, dataset: str) -> None:
        if dataset not in NBA_DATASETS:
            raise LakeError(
                f"the sample league has no dataset '{dataset}'",
                f"use one of: {', '.join(NBA_DATASETS)}",
            )

    def _check_season(self, season: int) -> int:
        if season not in self.seasons:
            first, last = self.seasons[0], self.seasons[-1]
            raise LakeError(
                f"the sample league has no season {season} (it has {first}-{last})",
                "choose one of those, or set the sample's range with --sample-seasons",
            )
        return season

    # -- teams and players --------------------------------------------------------------

    def _teams(self) -> list[Record]:
        rng = random.Random(f"nba-data-lake/sample/{self.seed}/teams")
        teams: list[Record] = []
        for index, (key, city, nickname, conference, division) in enumerate(TEAMS):
            team_id = index + 1
            colors = rng.sample(COLORS, 4)
            coach = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            teams.append(
                {
                    "TeamID": team_id,
                    "Key": key,
                    "Active": True,
                    "City": city,
                    "Name": nickname,
                    "LeagueID": 3,
                    "StadiumID": 100 + team_id,
                    "Conference": conference,
                    "Division": division,
                    "PrimaryColor": colors[0],
                    "SecondaryColor": colors[1],
                    "TertiaryColor": colors[2],
                    "QuaternaryColor": colors[3],
                    "WikipediaLogoUrl": f"https://sample.invalid/logos/{key}.svg",
                    "WikipediaWordMarkUrl": f"https://sample.invalid/wordmarks/{key}.svg",
                    "GlobalTeamID": 20_000_000 + team_id,
                    "NbaDotComTeamID": 1_610_612_736 + team_id,
                    "HeadCoach": coach,
                }
            )
        return teams

    def _players(self) -> Iterator[Record]:
        """The current players, then the former players of the configured seasons."""
        cores = Cores(self.seed)
        r = random.Random(f"nba-data-lake/sample/{self.seed}/players").random
        first_season = self.season_range[0]
        formers: list[tuple[int, int, int]] = []
        for slot in range(ROWS_PER_SCALE * self.scale):
            name_index, skill, experience, former_index, _ = cores.next()
            pos, team = SLOT_POS_TEAM[slot % SLOT_CYCLE]
            draws = [r() for _ in range(8)]
            salary = 1_100_000 + int(draws[7] * skill * 50_000_000)
            yield _player(PLAYER_ID_BASE + slot, name_index, pos, team, experience, draws, salary)
            if CURRENT_SEASON - experience > first_season:
                formers.append((slot, former_index, pos))
        r = random.Random(f"nba-data-lake/sample/{self.seed}/former-players").random
        for slot, name_index, pos in formers:
            draws = [r() for _ in range(8)]
            yield _player(FORMER_PLAYER_ID_BASE + slot, name_index, pos, None, 16, draws, None)

    # -- season statistics and box scores --------------------------------------------------

    def season_players(self, season: int) -> list[tuple[PlayerSeason, Record]]:
        """Every roster slot's player that season, with his full-season statistics record.

        A record is a copy of a cached stat line for its (slot within the scale unit, skill
        bucket) with the player's own ids and team set: a million rows then cost a dict copy
        each rather than a hundred float operations (see `stat_line`). Scale units past the
        first reuse those lines, which is fine for benchmarks.
        """
        next_core = Cores(self.seed).next
        r = random.Random(f"nba-data-lake/sample/{self.seed}/stats/{season}").random
        lines: dict[int, Record] = {}
        line_seed = f"nba-data-lake/sample/{self.seed}/lines/{season}"
        updated = f"{season}-04-14T03:12:45"
        n_teams = len(TEAMS)
        team_fields = [(i + 1, t[0], 20_000_001 + i) for i, t in enumerate(TEAMS)]
        found: list[tuple[PlayerSeason, Record]] = []
        for slot in range(ROWS_PER_SCALE * self.scale):
            name_index, skill, experience, former_index, former_skill = next_core()
            r_trade = r()
            pos, team = SLOT_POS_TEAM[slot % SLOT_CYCLE]
            if CURRENT_SEASON - experience > season:  # not in the league yet: a former player
                player_id = FORMER_PLAYER_ID_BASE + slot
                name_index, skill = former_index, former_skill
            else:
                player_id = PLAYER_ID_BASE + slot
                if season != CURRENT_SEASON and r_trade < 0.15:  # played elsewhere that season
                    team = (team + 1 + int(r_trade * 193)) % n_teams
            # keyed by the slot within its scale unit, so one unit never repeats a stat line,
            # and few enough (4,500) to stay in the CPU cache at any scale
            key = (slot % ROWS_PER_SCALE) * SKILL_BUCKETS + int(skill * SKILL_BUCKETS)
            line = lines.get(key)
            if line is None:
                line = lines[key] = stat_line(random.Random(f"{line_seed}/{key}"), pos, skill)
                line["Season"], line["Updated"] = season, updated
            row = line.copy()
            row["StatID"] = slot * 100 + season % 100
            row["PlayerID"] = player_id
            row["Name"] = FULL_NAMES[name_index]
            row["TeamID"], row["Team"], row["GlobalTeamID"] = team_fields[team]
            found.append(
                (PlayerSeason(player_id, row["Name"], team, POSITIONS[pos], key, line), row)
            )
        return found

    def season_box(self, season: int) -> SeasonBox:
        """The season's box scores (built once, then kept while they fit the cache)."""
        cache_key = (self.seed, self.scale, season)
        box = _BOXES.get(cache_key)
        if box is None:
            players = [player for player, _ in self.season_players(season)]
            schedule = season_schedule(self.seed, season)
            box = build_season_box(schedule, players, f"nba-data-lake/{self.seed}/box/{season}")
            _BOXES[cache_key] = box
            while len(_BOXES) > 1 and sum(b.rows for b in _BOXES.values()) > _CACHED_ROWS:
                _BOXES.popitem(last=False)
        _BOXES.move_to_end(cache_key)
        return box

    def _season_stats(self, season: int) -> Iterator[Record]:
        """Full-season records, or, for the season `as_of` falls in, the totals to date."""
        found = self.season_players(season)
        if self.as_of is None or season_schedule(self.seed, season).last_day <= self.as_of:
            for _, row in found:
                yield row
            return
        totals = self.season_box(season).totals_until(self.as_of)
        updated = f"{self.as_of.isoformat()}T23:59:00"
        for (_, row), total in zip(found, totals, strict=True):
            yield _to_date(row, total, updated)


def _player(
    player_id: int,
    name_index: int,
    pos: int,
    team: int | None,
    experience: int,
    draws: list[float],
    salary: int | None,
) -> Record:
    r_jersey, r_place, r_college, r_height, r_weight, r_age, r_day, r_salary = draws
    first, last = divmod(name_index, len(LAST_NAMES))
    city, state, country = BIRTHPLACES[int(r_place * len(BIRTHPLACES))]
    college = "None" if country != "USA" else COLLEGES[int(r_college * (len(COLLEGES) - 1))]
    height = HEIGHT_MIN[pos] + int(r_height * 6)
    birth_year = CURRENT_SEASON - 19 - experience - int(r_age * 4)
    day_of_year = int(r_day * 336)
    birth_date = f"{birth_year}-{day_of_year // 28 + 1:02d}-{day_of_year % 28 + 1:02d}"
    return {
        "PlayerID": player_id,
        "SportsDataID": "",
        "Status": "Active" if team is not None else "Inactive",
        "TeamID": None if team is None else team + 1,
        "Team": None if team is None else TEAMS[team][0],
        "Jersey": None if r_jersey < 0.02 or team is None else int(r_jersey * 100),
        "PositionCategory": CATEGORIES[pos],
        "Position": POSITIONS[pos],
        "FirstName": FIRST_NAMES[first],
        "LastName": LAST_NAMES[last],
        "BirthDate": f"{birth_date}T00:00:00",
        "BirthCity": city,
        "BirthState": state,
        "BirthCountry": country,
        "College": college,
        "Height": height,
        "Weight": 160 + (height - 72) * 6 + int(r_weight * 30),
        "Salary": None if r_salary < 0.04 else salary,
        "Experience": experience,
    }


def _to_date(row: Record, total: list[int], updated: str) -> Record:
    """A season record with its totals replaced by the sums of the games played so far."""
    games = total[len(FIELDS)]
    full_games = int(row["Games"])
    row = row.copy()
    row.update({"Updated": updated, "Games": games, "Started": total[GS], **counting_fields(total)})
    if full_games and games < full_games:  # not counted per game: scaled to date
        share = games / full_games
        row["DoubleDoubles"] = float(int(row["DoubleDoubles"] * share))
        row["TripleDoubles"] = float(int(row["TripleDoubles"] * share))
    return row
