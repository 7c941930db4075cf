"""The sample league's calendar: a full regular season, 82 games per team, 1,230 games.

Synthetic, deterministic (seed and season fix every game), and valid as a schedule:
every team plays every other team two or three times, exactly 41 games at home and 41
away, and never twice on one day. The 82 games per team come from 82 *rounds* in which
each team plays once (a round-robin twice, home and away swapped, then 24 rounds of a
third one whose home sides are balanced with an Euler circuit); each round is spread
over two consecutive game days, which gives 164 game days from late October to April,
with the usual breaks (Thanksgiving, Christmas Eve, the All-Star week).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

N_TEAMS = 30
GAMES_PER_TEAM = 82
EXTRA_ROUNDS = GAMES_PER_TEAM - 2 * (N_TEAMS - 1)  # 24 rounds of a third round-robin

Pair = tuple[int, int]  # (home, away) team indexes


@dataclass(frozen=True)
class Game:
    """One scheduled game: its number in the season (1-based, in date order), day, sides."""

    number: int
    day: date
    home: int
    away: int


@dataclass(frozen=True)
class Schedule:
    """A season's games in date order, and each team's games (indexes into `games`)."""

    season: int
    games: tuple[Game, ...]
    team_games: tuple[tuple[int, ...], ...]

    @property
    def first_day(self) -> date:
        return self.games[0].day

    @property
    def last_day(self) -> date:
        return self.games[-1].day


def _round_robin(teams: list[int]) -> list[list[Pair]]:
    """The circle method: len(teams) - 1 rounds in which everyone plays once."""
    n = len(teams)
    circle = teams[:]
    rounds = []
    for r in range(n - 1):
        pairs = []
        for i in range(n // 2):
            a, b = circle[i], circle[n - 1 - i]
            pairs.append((a, b) if (r + i) % 2 == 0 else (b, a))
        rounds.append(pairs)
        circle = [circle[0], circle[-1], *circle[1:-1]]
    return rounds


def _balanced(rounds: list[list[Pair]]) -> list[list[Pair]]:
    """Re-orient the games so that every team is at home in exactly half of them.

    The games form a graph in which every team has the same even degree, so it has an
    Euler circuit; walking it and making each game's home side the team the walk leaves
    gives every team as many home games as away games (Hierholzer's algorithm).
    """
    edges = [pair for pairs in rounds for pair in pairs]
    adjacent: dict[int, list[int]] = {}
    for index, (a, b) in enumerate(edges):
        adjacent.setdefault(a, []).append(index)
        adjacent.setdefault(b, []).append(index)
    used = [False] * len(edges)
    home_of = [0] * len(edges)
    for start in sorted(adjacent):
        stack = [start]
        while stack:
            team = stack[-1]
            options = adjacent[team]
            while options and used[options[-1]]:
                options.pop()
            if not options:
                stack.pop()
                continue
            edge = options.pop()
            used[edge] = True
            a, b = edges[edge]
            home_of[edge] = team
            stack.append(b if team == a else a)
    oriented: list[list[Pair]] = []
    index = 0
    for pairs in rounds:
        out = []
        for a, b in pairs:
            home = home_of[index]
            out.append((home, b if home == a else a))
            index += 1
        oriented.append(out)
    return oriented


def _game_days(season: int) -> list[date]:
    """Playable days from the opening Tuesday on, skipping the league's breaks."""
    opening = date(season - 1, 10, 20)
    opening += timedelta(days=(1 - opening.weekday()) % 7)  # the Tuesday on or after
    november = date(season - 1, 11, 1)
    thanksgiving = november + timedelta(days=(3 - november.weekday()) % 7 + 21)
    february = date(season, 2, 1)
    all_star_friday = february + timedelta(days=(4 - february.weekday()) % 7 + 14)
    breaks = {thanksgiving, date(season - 1, 12, 24)}
    breaks |= {all_star_friday + timedelta(days=d) for d in range(-1, 6)}
    days: list[date] = []
    day = opening
    while len(days) < 2 * GAMES_PER_TEAM:
        if day not in breaks:
            days.append(day)
        day += timedelta(days=1)
    return days


@lru_cache(maxsize=64)
def season_schedule(seed: int, season: int) -> Schedule:
    """The season's schedule (cached: it is pure and a few milliseconds to build)."""
    rng = random.Random(f"nba-data-lake/sample/{seed}/schedule/{season}")
    teams = list(range(N_TEAMS))
    rng.shuffle(teams)
    first = _round_robin(teams)
    rounds = first + [[(b, a) for a, b in pairs] for pairs in first]
    rng.shuffle(teams)
    rounds += _balanced(_round_robin(teams)[:EXTRA_ROUNDS])
    rng.shuffle(rounds)
    days = _game_days(season)
    dated: list[tuple[date, int, int]] = []
    for index, pairs in enumerate(rounds):
        split = rng.randint(5, 10)  # games on the round's first day; the rest the next day
        for position, (home, away) in enumerate(pairs):
            day = days[2 * index] if position < split else days[2 * index + 1]
            dated.append((day, home, away))
    dated.sort()
    games = tuple(Game(n, day, home, away) for n, (day, home, away) in enumerate(dated, 1))
    by_team: list[list[int]] = [[] for _ in range(N_TEAMS)]
    for index, game in enumerate(games):
        by_team[game.home].append(index)
        by_team[game.away].append(index)
    return Schedule(season, games, tuple(tuple(found) for found in by_team))
