"""The offline sample league: synthetic demo data, not real NBA statistics.

Every team, player and number here is SYNTHETIC (generated): player names come from made-up
name lists, team nicknames are invented. The records have exactly the field names and JSON types of
SportsData.io NBA v3 responses, so the pipeline treats them like the real API, and the
generator is deterministic (same seed, scale and season give identical records in identical
order) and fast enough for benchmarks.

Size: 30 teams; `ROWS_PER_SCALE` (450) players per unit of `scale`, so `players` and each
season of `player_season_stats` hold exactly `450 * scale` records (scale=2223 gives
1,000,350 rows per season). Scale N starts with the same records as scale 1, in order.
Players who had not debuted yet in an earlier season are replaced in that season by a
former player (ids from `FORMER_PLAYER_ID_BASE`), who no longer appears in `players`.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from itertools import islice
from typing import Final

from ingest.errors import LakeError
from ingest.sources.base import NBA_DATASETS, Page, Record

SEASONS: Final = (2021, 2022, 2023, 2024, 2025)
PLAYERS_PER_TEAM: Final = 15
ROWS_PER_SCALE: Final = 30 * PLAYERS_PER_TEAM
MAX_SCALE: Final = 20_000  # keeps every id inside a 32-bit int
PLAYER_ID_BASE: Final = 20_000_001
FORMER_PLAYER_ID_BASE: Final = 30_000_001
DESCRIPTION: Final = "synthetic demo data, not real NBA statistics"


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# (key, city, invented nickname, conference, division)
_TEAMS: Final = (
    ("BOS", "Boston", "Harbormen", "Eastern", "Atlantic"),
    ("BKN", "Brooklyn", "Bridgers", "Eastern", "Atlantic"),
    ("NYK", "New York", "Skyliners", "Eastern", "Atlantic"),
    ("PHI", "Philadelphia", "Bellringers", "Eastern", "Atlantic"),
    ("TOR", "Toronto", "Lynx", "Eastern", "Atlantic"),
    ("CHI", "Chicago", "Gales", "Eastern", "Central"),
    ("CLE", "Cleveland", "Foundrymen", "Eastern", "Central"),
    ("DET", "Detroit", "Gearheads", "Eastern", "Central"),
    ("IND", "Indianapolis", "Racers", "Eastern", "Central"),
    ("MIL", "Milwaukee", "Brewmasters", "Eastern", "Central"),
    ("ATL", "Atlanta", "Peachtrees", "Eastern", "Southeast"),
    ("CHA", "Charlotte", "Queens", "Eastern", "Southeast"),
    ("MIA", "Miami", "Tides", "Eastern", "Southeast"),
    ("ORL", "Orlando", "Comets", "Eastern", "Southeast"),
    ("WAS", "Washington", "Monuments", "Eastern", "Southeast"),
    ("DEN", "Denver", "Summits", "Western", "Northwest"),
    ("MIN", "Minneapolis", "Loons", "Western", "Northwest"),
    ("OKC", "Oklahoma City", "Twisters", "Western", "Northwest"),
    ("POR", "Portland", "Rosebuds", "Western", "Northwest"),
    ("SLC", "Salt Lake City", "Saltflats", "Western", "Northwest"),
    ("SFF", "San Francisco", "Fog", "Western", "Pacific"),
    ("LAS", "Los Angeles", "Stars", "Western", "Pacific"),
    ("LAW", "Los Angeles", "Waves", "Western", "Pacific"),
    ("PHX", "Phoenix", "Scorchers", "Western", "Pacific"),
    ("SAC", "Sacramento", "Goldminers", "Western", "Pacific"),
    ("DAL", "Dallas", "Wranglers", "Western", "Southwest"),
    ("HOU", "Houston", "Orbiters", "Western", "Southwest"),
    ("MEM", "Memphis", "Bluesmen", "Western", "Southwest"),
    ("NOR", "New Orleans", "Brass", "Western", "Southwest"),
    ("SAN", "San Antonio", "Missions", "Western", "Southwest"),
)
_FIRST_NAMES: Final = _words(
    "Aldo Amari Bastian Bram Caius Cole Dario Deon Elias Emeka Fenn Finley Gage Hollis "
    "Idris Jalen Jory Kael Kenji Lazlo Linus Malik Marlo Nico Niall Oren Otis Pax Quill "
    "Rafe Remy Rowan Sefu Silas Tavi Teo Ulric Vance Wes Xander Yuri Zane Ansel Brio "
    "Corin Dax Ezra Florian Gideon Hale"
)
_LAST_NAMES: Final = _words(
    "Ambersley Ashcombe Blackwood Brightwater Calderon-Vey Caskwell Dunmarrow Elderkin "
    "Fairbanks Farrowgate Glimmerton Greaves Hallowell Hartsong Ironsides Jessamy "
    "Kettlewell Kingsmere Larkspur Loxley Marchbank Merriweather Nightingale Northcott "
    "Oakhurst Okonkwo-Reyes Pemberton Quickfall Ravensworth Redgrave Saltonstall "
    "Silverthorn Stormcrow Tallgrass Thistlewood Underhill Valcourt Wexley Whitlock "
    "Wyndham Yarborough Zellweger-Ode Abernathy-Sol Blythe Coldwater Drummond Esterhaz "
    "Fenwick Goldspire Holloway Ingleby Juniper Kestrel Lindqvist Moonridge Novak-Aru "
    "Ondaatje Pryce Quenby Rookwood Sunderby Tamberlane Umberfield Vasquez-Lind"
)
_BIRTHPLACES: Final[tuple[tuple[str, str | None, str], ...]] = (
    ("Springfield", "IL", "USA"),
    ("Riverside", "CA", "USA"),
    ("Franklin", "TN", "USA"),
    ("Greenville", "SC", "USA"),
    ("Fairview", "OR", "USA"),
    ("Madison", "WI", "USA"),
    ("Clinton", "MS", "USA"),
    ("Georgetown", "KY", "USA"),
    ("Salem", "MA", "USA"),
    ("Arlington", "TX", "USA"),
    ("Dover", "DE", "USA"),
    ("Auburn", "AL", "USA"),
    ("Bristol", "CT", "USA"),
    ("Oxford", "OH", "USA"),
    ("Jackson", "MI", "USA"),
    ("Lagos", None, "Nigeria"),
    ("Belgrade", None, "Serbia"),
    ("Melbourne", None, "Australia"),
    ("Montreal", None, "Canada"),
    ("Paris", None, "France"),
    ("Madrid", None, "Spain"),
)
_COLLEGES: Final = (
    "Lakeshore State",
    "Northern Plains",
    "Coastal Tech",
    "Riverbend University",
    "Mesa A&M",
    "Pinecrest College",
    "Granite Valley",
    "Bayview University",
    "Prairie State",
    "Summit Ridge",
    "Highland Tech",
    "Redwood University",
    "Eastbrook College",
    "Sandstone University",
    "None",
)
_COLORS: Final = _words(
    "0B2240 C8102E 007A33 FDB927 552583 1D428A CE1141 00788C E56020 000000 FFFFFF BEC0C2 "
    "0C2340 85714D 236192 F9A01B"
)
_N_NAMES: Final = len(_FIRST_NAMES) * len(_LAST_NAMES)
_FULL_NAMES: Final = tuple(f"{first} {last}" for first in _FIRST_NAMES for last in _LAST_NAMES)
# A slot's team cycles fastest, then its position: (position index, team index) by slot.
_SLOT_CYCLE: Final = 5 * len(_TEAMS)
_SLOT_POS_TEAM: Final = tuple(((i // len(_TEAMS)) % 5, i % len(_TEAMS)) for i in range(_SLOT_CYCLE))
_POSITIONS: Final = ("PG", "SG", "SF", "PF", "C")
_CATEGORIES: Final = ("G", "G", "F", "F", "C")
_HEIGHT_MIN: Final = (72, 75, 77, 79, 81)  # inches, plus 0-5
# per-36-minute rates by position index (PG, SG, SF, PF, C)
_THREE_SHARE: Final = (0.46, 0.45, 0.40, 0.30, 0.10)
_TWO_PCT: Final = (0.48, 0.49, 0.51, 0.53, 0.59)
_ORB36: Final = (0.6, 0.8, 1.4, 2.4, 3.6)
_DRB36: Final = (3.4, 3.8, 5.2, 6.8, 8.6)
_AST36: Final = (7.5, 4.2, 3.2, 2.6, 2.2)
_BLK36: Final = (0.3, 0.4, 0.7, 1.1, 1.9)
_PF36: Final = (2.4, 2.7, 3.0, 3.4, 3.9)


def _check_scale(scale: int) -> int:
    if isinstance(scale, bool) or not isinstance(scale, int) or not 1 <= scale <= MAX_SCALE:
        raise LakeError(
            f"sample scale must be a whole number from 1 to {MAX_SCALE}, not {scale!r}",
            f"each unit of scale adds {ROWS_PER_SCALE} players and rows per season",
        )
    return scale


class _Cores:
    """Per-slot facts shared by `players` and `player_season_stats`, drawn in slot order.

    Both datasets draw from this one stream so a player's name, skill and experience agree
    between them; every slot consumes the same number of draws, which keeps scale N a prefix
    of scale N+1.
    """

    def __init__(self, seed: int) -> None:
        self._random = random.Random(f"nba-data-lake/sample/{seed}/cores").random

    def next(self) -> tuple[int, float, int, int, float]:
        """Name index, skill (0..1, most players low), experience, former name, former skill."""
        r = self._random
        a, b, c, d, e = r(), r(), r(), r(), r()
        return int(a * _N_NAMES), b * b, int(16.0 * c * c), int(d * _N_NAMES), e * e


class SampleSource:
    """A synthetic league (synthetic demo data, not real NBA statistics) shaped like the API."""

    name = "sample"
    description = f"sample league: {DESCRIPTION}"
    datasets: tuple[str, ...] = NBA_DATASETS
    seasons: tuple[int, ...] = SEASONS
    infers_schema = False

    def __init__(self, scale: int = 1, seed: int = 2025, *, page_size: int = 50_000) -> None:
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        self.scale = _check_scale(scale)
        self.seed = seed
        self.page_size = page_size

    def __repr__(self) -> str:
        return f"SampleSource(scale={self.scale}, seed={self.seed})"

    def row_count(self, dataset: str) -> int:
        """Records `fetch` yields for a dataset (the same for every season)."""
        self._check_dataset(dataset)
        return len(_TEAMS) if dataset == "teams" else ROWS_PER_SCALE * self.scale

    def fetch(self, dataset: str, season: int) -> Iterator[Page]:
        """Yield pages of at most `page_size` records; `season` matters for stats only."""
        self._check_dataset(dataset)
        if dataset == "player_season_stats":
            rows = self._season_stats(self._check_season(season))
        else:
            rows = iter(self._teams()) if dataset == "teams" else self._players()
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
        if season not in SEASONS:
            raise LakeError(
                f"the sample league has no season {season}",
                f"use one of: {', '.join(map(str, SEASONS))}",
            )
        return season

    def _teams(self) -> list[Record]:
        rng = random.Random(f"nba-data-lake/sample/{self.seed}/teams")
        teams: list[Record] = []
        for index, (key, city, nickname, conference, division) in enumerate(_TEAMS):
            team_id = index + 1
            colors = rng.sample(_COLORS, 4)
            coach = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}"
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
        cores = _Cores(self.seed)
        r = random.Random(f"nba-data-lake/sample/{self.seed}/players").random
        n_places, n_colleges = len(_BIRTHPLACES), len(_COLLEGES)
        for slot in range(ROWS_PER_SCALE * self.scale):
            name_index, skill, experience, _, _ = cores.next()
            first, last = divmod(name_index, len(_LAST_NAMES))
            pos, team = _SLOT_POS_TEAM[slot % _SLOT_CYCLE]
            r_jersey, r_place, r_college, r_height = r(), r(), r(), r()
            r_weight, r_age, r_day, r_salary = r(), r(), r(), r()
            city, state, country = _BIRTHPLACES[int(r_place * n_places)]
            college = "None" if country != "USA" else _COLLEGES[int(r_college * (n_colleges - 1))]
            height = _HEIGHT_MIN[pos] + int(r_height * 6)
            birth_year = 2025 - 19 - experience - int(r_age * 4)
            day_of_year = int(r_day * 336)
            salary = None if r_salary < 0.04 else 1_100_000 + int(r_salary * skill * 50_000_000)
            yield {
                "PlayerID": PLAYER_ID_BASE + slot,
                "SportsDataID": "",
                "Status": "Active",
                "TeamID": team + 1,
                "Team": _TEAMS[team][0],
                "Jersey": None if r_jersey < 0.02 else int(r_jersey * 100),
                "PositionCategory": _CATEGORIES[pos],
                "Position": _POSITIONS[pos],
                "FirstName": _FIRST_NAMES[first],
                "LastName": _LAST_NAMES[last],
                "BirthDate": (
                    f"{birth_year}-{day_of_year // 28 + 1:02d}-{day_of_year % 28 + 1:02d}T00:00:00"
                ),
                "BirthCity": city,
                "BirthState": state,
                "BirthCountry": country,
                "College": college,
                "Height": height,
                "Weight": 160 + (height - 72) * 6 + int(r_weight * 30),
                "Salary": salary,
                "Experience": experience,
            }

    def _season_stats(self, season: int) -> Iterator[Record]:
        """One row per slot: its current player, or a former one before the debut season.

        A row is a copy of a cached stat line for its (slot within the scale unit, skill
        bucket) with the player's own ids and team set: a million rows then cost a dict copy
        each rather than a hundred float operations (see `_stat_line`). Scale units past the
        first reuse those lines, which is fine for benchmarks and keeps 1M rows near 2 s.
        """
        next_core = _Cores(self.seed).next
        r = random.Random(f"nba-data-lake/sample/{self.seed}/stats/{season}").random
        lines: dict[int, Record] = {}
        line_seed = f"nba-data-lake/sample/{self.seed}/lines/{season}"
        updated = f"{season}-04-14T03:12:45"
        stat_base = 1 + (season - SEASONS[0])
        n_seasons, n_teams = len(SEASONS), len(_TEAMS)
        team_fields = [(i + 1, t[0], 20_000_001 + i) for i, t in enumerate(_TEAMS)]
        for slot in range(ROWS_PER_SCALE * self.scale):
            name_index, skill, experience, former_index, former_skill = next_core()
            r_trade = r()
            pos, team = _SLOT_POS_TEAM[slot % _SLOT_CYCLE]
            if 2025 - experience > season:  # not in the league yet: a former player's slot
                player_id = FORMER_PLAYER_ID_BASE + slot
                name_index, skill = former_index, former_skill
            else:
                player_id = PLAYER_ID_BASE + slot
                if season != 2025 and r_trade < 0.15:  # played elsewhere that season
                    team = (team + 1 + int(r_trade * 193)) % n_teams
            # keyed by the slot within its scale unit, so one unit never repeats a stat line,
            # and few enough (4,500) to stay in the CPU cache at any scale
            key = (slot % ROWS_PER_SCALE) * _SKILL_BUCKETS + int(skill * _SKILL_BUCKETS)
            line = lines.get(key)
            if line is None:
                line = lines[key] = _stat_line(random.Random(f"{line_seed}/{key}"), pos, skill)
                line["Season"], line["Updated"] = season, updated
            row = line.copy()
            row["StatID"] = slot * n_seasons + stat_base
            row["PlayerID"] = player_id
            row["Name"] = _FULL_NAMES[name_index]
            row["TeamID"], row["Team"], row["GlobalTeamID"] = team_fields[team]
            yield row


_SKILL_BUCKETS: Final = 10


def _stat_line(rng: random.Random, pos: int, level: float) -> Record:
    """A season stat line that adds up: Points = 2*FGM + 3PM + FTM, made <= attempted, ...

    Totals are floats like the API's (1534.0). The per-player keys hold placeholders that
    `_season_stats` overwrites; they are here so every row keeps the API's key order.
    """
    r = rng.random
    r_games, r_min, r_start, r_fga, r_3pa, r_3p, r_2p = r(), r(), r(), r(), r(), r(), r()
    r_ft, r_reb, r_ast, r_def, r_pm = r(), r(), r(), r(), r()
    games = 0 if r_games < 0.04 else 1 + int(81 * ((r_games - 0.04) / 0.96) ** 0.35)
    total = games * (10.0 + 28.0 * level + 4.0 * (r_min - 0.5))
    minutes = int(total)
    per36 = total / 36.0
    fga = float(round(per36 * (9.0 + 12.0 * level) * (0.85 + 0.3 * r_fga)))
    tpa = float(round(fga * _THREE_SHARE[pos] * (0.6 + 0.8 * r_3pa)))
    tpm = float(round(tpa * (0.28 + 0.14 * r_3p)))
    twa = fga - tpa
    twm = float(round(twa * (_TWO_PCT[pos] + 0.08 * (r_2p - 0.5))))
    fgm = twm + tpm
    fta = float(round(fga * (0.18 + 0.2 * r_ft)))
    ftm = float(round(fta * (0.62 + 0.3 * r_3p)))
    orb = float(round(per36 * _ORB36[pos] * (0.6 + 0.8 * r_reb)))
    drb = float(round(per36 * _DRB36[pos] * (0.7 + 0.6 * r_reb)))
    ast = float(round(per36 * _AST36[pos] * (0.5 + level) * (0.7 + 0.6 * r_ast)))
    stl = float(round(per36 * (0.7 + 0.8 * r_def)))
    blk = float(round(per36 * _BLK36[pos] * (0.6 + 0.8 * r_def)))
    tov = float(round(per36 * (1.0 + 0.25 * _AST36[pos] * (0.6 + 0.8 * r_ast))))
    pts = 2.0 * fgm + tpm + ftm
    reb = orb + drb
    doubles = triples = 0.0
    if games:
        ppg, rpg, apg = pts / games, reb / games, ast / games
        doubles = float(int(games * min(1.0, max(0.0, (min(ppg, max(rpg, apg)) - 6.0) / 8.0))))
        triples = float(int(doubles * min(1.0, max(0.0, (min(rpg, apg) - 6.0) / 6.0))))
    return {
        "StatID": 0,
        "TeamID": 0,
        "PlayerID": 0,
        "SeasonType": 1,
        "Season": 0,
        "Name": "",
        "Team": "",
        "Position": _POSITIONS[pos],
        "Started": int(games * min(1.0, max(0.0, 2.5 * (level - 0.3) + 0.3 * (r_start - 0.5)))),
        "GlobalTeamID": 0,
        "Updated": "",
        "Games": games,
        "FantasyPoints": round(pts + 1.2 * reb + 1.5 * ast + 3.0 * (stl + blk) - tov, 1),
        "Minutes": minutes,
        "Seconds": int((total - minutes) * 60.0),
        "FieldGoalsMade": fgm,
        "FieldGoalsAttempted": fga,
        "FieldGoalsPercentage": _pct(fgm, fga),
        "TwoPointersMade": twm,
        "TwoPointersAttempted": twa,
        "TwoPointersPercentage": _pct(twm, twa),
        "ThreePointersMade": tpm,
        "ThreePointersAttempted": tpa,
        "ThreePointersPercentage": _pct(tpm, tpa),
        "FreeThrowsMade": ftm,
        "FreeThrowsAttempted": fta,
        "FreeThrowsPercentage": _pct(ftm, fta),
        "OffensiveRebounds": orb,
        "DefensiveRebounds": drb,
        "Rebounds": reb,
        "Assists": ast,
        "Steals": stl,
        "BlockedShots": blk,
        "Turnovers": tov,
        "PersonalFouls": float(round(per36 * _PF36[pos] * (0.8 + 0.4 * r_fga))),
        "Points": pts,
        "PlusMinus": float(int((level - 0.35) * games * 5.0 + (r_pm - 0.5) * games * 4.0)),
        "DoubleDoubles": doubles,
        "TripleDoubles": triples,
    }


def _pct(made: float, attempted: float) -> float:
    """A shooting percentage as the API gives it: 47.3, and 0.0 with no attempts."""
    return round(100.0 * made / attempted, 1) if attempted else 0.0
