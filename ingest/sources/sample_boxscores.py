"""Box scores for the sample league that add up to its season statistics.

Each player-season's totals (minutes, shots, rebounds, ...) are spread over the games he
played, as whole numbers that sum exactly to the totals, with made never above attempted
in any game; points follow from the shots (2 * 2PM + 3 * 3PM + FTM), so they add up too.
How a line splits is drawn from a generator seeded by its key (the same line spreads the
same way, which keeps `--scale` cheap); which of his team's 82 games a player played is
chosen so that every game of a team has about as many players as the others (scores then
look like basketball). A game the spreading leaves tied is settled by moving one free
throw of a player between two of his own games: no game ends level, no total changes.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ingest.sources.sample_schedule import Schedule

#: Per-game figures, in this order, in every `Line`.
FIELDS = (
    "minutes",
    "two_made",
    "two_attempted",
    "three_made",
    "three_attempted",
    "ft_made",
    "ft_attempted",
    "offensive_rebounds",
    "defensive_rebounds",
    "assists",
    "steals",
    "blocks",
    "turnovers",
    "fouls",
    "plus_minus",
    "started",
)
MIN, TWO_M, TWO_A, THREE_M, THREE_A, FT_M, FT_A, ORB, DRB, AST, STL, BLK, TOV, PF, PM, GS = range(
    len(FIELDS)
)
Line = tuple[int, ...]


def points(line: Sequence[int]) -> int:
    return 2 * line[TWO_M] + 3 * line[THREE_M] + line[FT_M]


def _pct(made: int, attempted: int) -> float:
    return round(100.0 * made / attempted, 1) if attempted else 0.0


def counting_fields(line: Sequence[int]) -> dict[str, float | int]:
    """The figures of a game line, or of a season's sum of them, as SportsData.io names
    them: one function, so a season's totals are the sums of its games' by construction."""
    two_m, two_a, three_m, three_a = line[TWO_M], line[TWO_A], line[THREE_M], line[THREE_A]
    fgm, fga, rebounds, pts = two_m + three_m, two_a + three_a, line[ORB] + line[DRB], points(line)
    fantasy = pts + 1.2 * rebounds + 1.5 * line[AST] + 3.0 * (line[STL] + line[BLK]) - line[TOV]
    return {
        "Minutes": line[MIN],
        "Seconds": 0,
        "FantasyPoints": round(fantasy, 1),
        "FieldGoalsMade": float(fgm),
        "FieldGoalsAttempted": float(fga),
        "FieldGoalsPercentage": _pct(fgm, fga),
        "TwoPointersMade": float(two_m),
        "TwoPointersAttempted": float(two_a),
        "TwoPointersPercentage": _pct(two_m, two_a),
        "ThreePointersMade": float(three_m),
        "ThreePointersAttempted": float(three_a),
        "ThreePointersPercentage": _pct(three_m, three_a),
        "FreeThrowsMade": float(line[FT_M]),
        "FreeThrowsAttempted": float(line[FT_A]),
        "FreeThrowsPercentage": _pct(line[FT_M], line[FT_A]),
        "OffensiveRebounds": float(line[ORB]),
        "DefensiveRebounds": float(line[DRB]),
        "Rebounds": float(rebounds),
        "Assists": float(line[AST]),
        "Steals": float(line[STL]),
        "BlockedShots": float(line[BLK]),
        "Turnovers": float(line[TOV]),
        "PersonalFouls": float(line[PF]),
        "Points": float(pts),
        "PlusMinus": float(line[PM]),
    }


@dataclass(frozen=True)
class PlayerSeason:
    """One player's season as the season statistics give it."""

    player_id: int
    name: str
    team: int  # team index
    position: str
    key: int  # players with the same key have the same stat line (see `SampleSource`)
    totals: dict[str, Any]  # the season stat line, SportsData field names


@dataclass
class SeasonBox:
    """A season's box scores: per game, the (player index, line) of everyone who played."""

    schedule: Schedule
    players: list[PlayerSeason]
    by_game: list[list[list[Any]]]  # game index -> [[player index, Line], ...]
    scores: list[list[int]] = field(default_factory=list)  # game index -> [home, away]

    @property
    def rows(self) -> int:
        return sum(len(rows) for rows in self.by_game)

    def totals_until(self, day: date) -> list[list[int]]:
        """Each player's summed lines over the games played on or before `day`, with the
        number of games last."""
        sums = [[0] * (len(FIELDS) + 1) for _ in self.players]
        for game, rows in zip(self.schedule.games, self.by_game, strict=True):
            if game.day > day:
                break
            for player, line in rows:
                total = sums[player]
                for index, value in enumerate(line):
                    total[index] += value
                total[-1] += 1
        return sums


def _spread(total: int, weights: Sequence[float]) -> list[int]:
    """`total` split in proportion to `weights` as whole numbers that sum to it exactly
    (largest remainders get the leftover units); a zero weight gets nothing."""
    weight = sum(weights)
    if total <= 0 or weight <= 0:
        return [0] * len(weights)
    scale = total / weight
    exact = [w * scale for w in weights]
    shares = [int(x) for x in exact]
    left = total - sum(shares)
    if left:
        order: Callable[[int], float] = lambda i: exact[i] - shares[i]  # noqa: E731
        for i in heapq.nlargest(left, range(len(exact)), key=order):
            shares[i] += 1
    return shares


def _weights(draw: Callable[[], float], form: list[float], low: float, span: float) -> list[float]:
    return [f * (low + span * draw()) for f in form]


def _signed(total: int, form: list[float], draw: Callable[[], float]) -> list[int]:
    """A signed total (plus-minus) over the games, with game-to-game swings that cancel."""
    base = _spread(abs(total), form)
    if total < 0:
        base = [-value for value in base]
    swing = [int(12 * draw()) - 6 for _ in form]
    return [b + swing[k] - swing[k - 1] for k, b in enumerate(base)]


def spread_line(totals: dict[str, Any], seed: str) -> tuple[Line, ...]:
    """A player's line in each of the games he played, in order."""
    games = int(totals["Games"])
    if games <= 0:
        return ()
    rng = random.Random(seed)
    draw = rng.random
    form = [0.7 + 0.6 * draw() for _ in range(games)]

    def total(name: str) -> int:
        return round(float(totals[name]))

    two_attempted = _spread(total("TwoPointersAttempted"), _weights(draw, form, 0.6, 0.8))
    three_attempted = _spread(total("ThreePointersAttempted"), _weights(draw, form, 0.6, 0.8))
    ft_attempted = _spread(total("FreeThrowsAttempted"), _weights(draw, form, 0.4, 1.2))
    columns = [
        _spread(total("Minutes"), form),
        _spread(total("TwoPointersMade"), two_attempted),
        two_attempted,
        _spread(total("ThreePointersMade"), three_attempted),
        three_attempted,
        _spread(total("FreeThrowsMade"), ft_attempted),
        ft_attempted,
    ]
    for name in (
        "OffensiveRebounds",
        "DefensiveRebounds",
        "Assists",
        "Steals",
        "BlockedShots",
        "Turnovers",
        "PersonalFouls",
    ):
        columns.append(_spread(total(name), _weights(draw, form, 0.5, 1.0)))
    columns.append(_signed(total("PlusMinus"), form, draw))
    starts = set(rng.sample(range(games), min(int(totals["Started"]), games)))
    columns.append([1 if k in starts else 0 for k in range(games)])
    return tuple(zip(*columns, strict=True))


def _choose_games(counts: list[int], games: int, draw: Callable[[], float]) -> list[int]:
    """The `games` of a team's games with the fewest players so far (ties drawn at random),
    in date order; `counts` is updated."""
    order = sorted(range(len(counts)), key=lambda i: (counts[i], draw()))
    chosen = sorted(order[:games])
    for index in chosen:
        counts[index] += 1
    return chosen


def build_season_box(
    schedule: Schedule, players: list[PlayerSeason], seed: str, max_cached: int = 50_000
) -> SeasonBox:
    """Every player-season's lines placed in the team's games, scored, ties settled."""
    by_game: list[list[list[Any]]] = [[] for _ in schedule.games]
    spreads: dict[int, tuple[Line, ...]] = {}
    counts = [[0] * len(games) for games in schedule.team_games]
    draw = random.Random(f"{seed}/rosters").random
    for index, player in enumerate(players):
        lines = spreads.get(player.key)
        if lines is None:
            lines = spread_line(player.totals, f"{seed}/{player.key}")
            if len(spreads) < max_cached:
                spreads[player.key] = lines
        if not lines:
            continue
        team_games = schedule.team_games[player.team]
        for slot, line in zip(
            _choose_games(counts[player.team], len(lines), draw), lines, strict=True
        ):
            by_game[team_games[slot]].append([index, line])
    box = SeasonBox(schedule, players, by_game)
    box.scores = [_score(box, g) for g in range(len(schedule.games))]
    _settle_ties(box)
    return box


def _score(box: SeasonBox, game: int) -> list[int]:
    home = box.schedule.games[game].home
    score = [0, 0]
    for player, line in box.by_game[game]:
        score[0 if box.players[player].team == home else 1] += points(line)
    return score


def _settle_ties(box: SeasonBox) -> None:
    """Give a tied game one more free throw of a player, taken from another of his games
    (one that stays untied); his season totals do not change."""
    where: dict[int, list[tuple[int, list[Any]]]] = {}
    for game, rows in enumerate(box.by_game):
        for row in rows:
            where.setdefault(row[0], []).append((game, row))
    for game, score in enumerate(box.scores):
        if score[0] != score[1]:
            continue
        for row in box.by_game[game]:
            if _move_free_throw(box, where[row[0]], game, row):
                break


def _move_free_throw(
    box: SeasonBox, games: list[tuple[int, list[Any]]], to_game: int, to_row: list[Any]
) -> bool:
    team = box.players[to_row[0]].team
    schedule = box.schedule.games
    for from_game, from_row in games:
        if from_game == to_game or from_row[1][FT_M] < 1:
            continue
        after = list(box.scores[from_game])
        after[0 if schedule[from_game].home == team else 1] -= 1
        if after[0] == after[1]:
            continue
        from_row[1] = _add_free_throw(from_row[1], -1)
        to_row[1] = _add_free_throw(to_row[1], +1)
        box.scores[from_game] = after
        box.scores[to_game][0 if schedule[to_game].home == team else 1] += 1
        return True
    return False


def _add_free_throw(line: Line, change: int) -> Line:
    values = list(line)
    values[FT_M] += change
    values[FT_A] += change
    return tuple(values)
