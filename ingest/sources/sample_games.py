"""The sample league's games and box-score lines as SportsData.io records.

`games` records follow SportsData's `Game` (`scores/json/Games/{season}`) and box-score
lines its `PlayerGame` (`stats/json/PlayerGameStatsByDate/{date}`), in the API's field
order and JSON types (statistics are decimals, `HomeOrAway` is HOME or AWAY). A subset of
the fields, like the sample's other datasets.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ingest.sources.base import Record
from ingest.sources.calendar import DayWindow
from ingest.sources.sample_boxscores import (
    AST,
    BLK,
    DRB,
    GS,
    ORB,
    STL,
    Line,
    SeasonBox,
    counting_fields,
    points,
)
from ingest.sources.sample_schedule import Game

#: Tip-off times by home team index (Eastern time, as SportsData writes them).
_TIP_OFFS = ("19:00:00", "19:30:00", "20:00:00", "22:00:00", "19:30:00", "20:30:00")


def game_id(season: int, game: Game) -> int:
    return (season % 100) * 10_000 + game.number


def _day(day: date) -> str:
    return f"{day.isoformat()}T00:00:00"


def _tip_off(game: Game) -> str:
    return f"{game.day.isoformat()}T{_TIP_OFFS[game.home % len(_TIP_OFFS)]}"


def _updated(game: Game) -> str:
    return f"{game.day.isoformat()}T23:58:00"


def _revealed(box: SeasonBox, window: DayWindow | None, as_of: date | None) -> Iterator[int]:
    """Indexes of the games in the window that were played by `as_of`, in date order."""
    for index, game in enumerate(box.schedule.games):
        if as_of is not None and game.day > as_of:
            return
        if window is None or game.day in window:
            yield index


def game_records(
    box: SeasonBox, teams: list[str], window: DayWindow | None, as_of: date | None
) -> Iterator[Record]:
    """One record per game played (all are final: the sample reveals only what was played)."""
    season = box.schedule.season
    for index in _revealed(box, window, as_of):
        game = box.schedule.games[index]
        home_score, away_score = box.scores[index]
        gid = game_id(season, game)
        yield {
            "GameID": gid,
            "Season": season,
            "SeasonType": 1,
            "Status": "Final",
            "Day": _day(game.day),
            "DateTime": _tip_off(game),
            "AwayTeam": teams[game.away],
            "HomeTeam": teams[game.home],
            "AwayTeamID": game.away + 1,
            "HomeTeamID": game.home + 1,
            "StadiumID": game.home + 1,
            "Channel": None,
            "Attendance": 15_000 + (gid * 7919) % 5_000,
            "AwayTeamScore": away_score,
            "HomeTeamScore": home_score,
            "Updated": _updated(game),
            "Quarter": None,
            "GlobalGameID": 20_000_000 + gid,
            "GlobalAwayTeamID": 20_000_001 + game.away,
            "GlobalHomeTeamID": 20_000_001 + game.home,
            "IsClosed": True,
            "NeutralVenue": False,
            "DateTimeUTC": _tip_off(game),
            "InseasonTournament": False,
            "SeriesInfo": None,
            "Quarters": [],
        }


def player_game_records(
    box: SeasonBox, teams: list[str], window: DayWindow | None, as_of: date | None
) -> Iterator[Record]:
    """One record per player per game played, game by game."""
    season = box.schedule.season
    first_row = [0]
    for rows in box.by_game:  # a line's StatID is its place in the whole season
        first_row.append(first_row[-1] + len(rows))
    stat_base = (season % 100) * 10_000_000
    for index in _revealed(box, window, as_of):
        game = box.schedule.games[index]
        gid = game_id(season, game)
        day, tip_off, updated = _day(game.day), _tip_off(game), _updated(game)
        for position, (player_index, line) in enumerate(box.by_game[index], 1):
            player = box.players[player_index]
            home = player.team == game.home
            opponent = game.away if home else game.home
            yield _player_game(
                line,
                {
                    "StatID": stat_base + first_row[index] + position,
                    "TeamID": player.team + 1,
                    "PlayerID": player.player_id,
                    "SeasonType": 1,
                    "Season": season,
                    "Name": player.name,
                    "Team": teams[player.team],
                    "Position": player.position,
                    "Started": line[GS],
                    "GlobalTeamID": 20_000_001 + player.team,
                    "GameID": gid,
                    "OpponentID": opponent + 1,
                    "Opponent": teams[opponent],
                    "Day": day,
                    "DateTime": tip_off,
                    "HomeOrAway": "HOME" if home else "AWAY",
                    "IsGameOver": True,
                    "GlobalGameID": 20_000_000 + gid,
                    "GlobalOpponentID": 20_000_001 + opponent,
                    "Updated": updated,
                    "Games": 1,
                },
            )


def _player_game(line: Line, record: Record) -> Record:
    rebounds, pts = line[ORB] + line[DRB], points(line)
    tens = sum(value >= 10 for value in (pts, rebounds, line[AST], line[STL], line[BLK]))
    record.update(
        {
            **counting_fields(line),
            "DoubleDoubles": 1.0 if tens >= 2 else 0.0,
            "TripleDoubles": 1.0 if tens >= 3 else 0.0,
            "IsClosed": True,
        }
    )
    return record
