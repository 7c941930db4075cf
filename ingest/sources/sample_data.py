"""The sample league's fixed facts and stat lines: invented names, teams and places.

Everything here is SYNTHETIC: made-up names, invented team nicknames. `stat_line` draws a
season stat line that adds up (points from shots, rebounds from both ends, made <= attempted).
"""

from __future__ import annotations

import random
from typing import Final

from ingest.sources.base import Record


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# (key, city, invented nickname, conference, division)
TEAMS: Final = (
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
FIRST_NAMES: Final = _words(
    "Aldo Amari Bastian Bram Caius Cole Dario Deon Elias Emeka Fenn Finley Gage Hollis "
    "Idris Jalen Jory Kael Kenji Lazlo Linus Malik Marlo Nico Niall Oren Otis Pax Quill "
    "Rafe Remy Rowan Sefu Silas Tavi Teo Ulric Vance Wes Xander Yuri Zane Ansel Brio "
    "Corin Dax Ezra Florian Gideon Hale"
)
LAST_NAMES: Final = _words(
    "Ambersley Ashcombe Blackwood Brightwater Calderon-Vey Caskwell Dunmarrow Elderkin "
    "Fairbanks Farrowgate Glimmerton Greaves Hallowell Hartsong Ironsides Jessamy "
    "Kettlewell Kingsmere Larkspur Loxley Marchbank Merriweather Nightingale Northcott "
    "Oakhurst Okonkwo-Reyes Pemberton Quickfall Ravensworth Redgrave Saltonstall "
    "Silverthorn Stormcrow Tallgrass Thistlewood Underhill Valcourt Wexley Whitlock "
    "Wyndham Yarborough Zellweger-Ode Abernathy-Sol Blythe Coldwater Drummond Esterhaz "
    "Fenwick Goldspire Holloway Ingleby Juniper Kestrel Lindqvist Moonridge Novak-Aru "
    "Ondaatje Pryce Quenby Rookwood Sunderby Tamberlane Umberfield Vasquez-Lind"
)
BIRTHPLACES: Final[tuple[tuple[str, str | None, str], ...]] = (
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
COLLEGES: Final = (
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
COLORS: Final = _words(
    "0B2240 C8102E 007A33 FDB927 552583 1D428A CE1141 00788C E56020 000000 FFFFFF BEC0C2 "
    "0C2340 85714D 236192 F9A01B"
)
N_NAMES: Final = len(FIRST_NAMES) * len(LAST_NAMES)
FULL_NAMES: Final = tuple(f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES)
# A slot's team cycles fastest, then its position: (position index, team index) by slot.
SLOT_CYCLE: Final = 5 * len(TEAMS)
SLOT_POS_TEAM: Final = tuple(((i // len(TEAMS)) % 5, i % len(TEAMS)) for i in range(SLOT_CYCLE))
POSITIONS: Final = ("PG", "SG", "SF", "PF", "C")
CATEGORIES: Final = ("G", "G", "F", "F", "C")
HEIGHT_MIN: Final = (72, 75, 77, 79, 81)  # inches, plus 0-5
# per-36-minute rates by position index (PG, SG, SF, PF, C)
_THREE_SHARE: Final = (0.46, 0.45, 0.40, 0.30, 0.10)
_TWO_PCT: Final = (0.48, 0.49, 0.51, 0.53, 0.59)
_ORB36: Final = (0.6, 0.8, 1.4, 2.4, 3.6)
_DRB36: Final = (3.4, 3.8, 5.2, 6.8, 8.6)
_AST36: Final = (7.5, 4.2, 3.2, 2.6, 2.2)
_BLK36: Final = (0.3, 0.4, 0.7, 1.1, 1.9)
_PF36: Final = (2.4, 2.7, 3.0, 3.4, 3.9)


class Cores:
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
        return int(a * N_NAMES), b * b, int(16.0 * c * c), int(d * N_NAMES), e * e


SKILL_BUCKETS: Final = 10


def stat_line(rng: random.Random, pos: int, level: float) -> Record:
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
        "Position": POSITIONS[pos],
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
