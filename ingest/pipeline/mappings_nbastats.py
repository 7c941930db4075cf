"""Curated columns from stats.nba.com's records (rows of `resultSets`, keyed by `headers`).

Raw column names are the API's headers in lower case. Its rows carry the season only as
SEASON_ID ("22023": type 2 = regular season, starting 2023, so the lake's season 2024);
the `nbastats` source adds SEASON_ID to the rows of endpoints that lack it. A game comes as
two team rows (MATCHUP "DEN vs. LAL" at home, "LAL @ DEN" away): `games` keeps the home
row, whose PLUS_MINUS gives the visitors' score.
"""

from __future__ import annotations

import pyarrow as pa

from ingest.pipeline.curate import CuratedMapping, per_game
from ingest.pipeline.derive import (
    blank_to_null,
    constant,
    day_of,
    difference,
    matchup_home,
    matchup_opponent,
    name_part,
    nba_season,
    nba_season_type,
    roster_status,
    rounded,
)

_SEASON = nba_season()
_SEASON_TYPE = nba_season_type()

NBASTATS_MAPPINGS: dict[str, CuratedMapping] = {
    "players": CuratedMapping(
        required=("person_id",),
        sources={"player_id": "person_id", "team_id": "team_id"},
        derived={
            "first_name": name_part("display_last_comma_first", "first"),
            "last_name": name_part("display_last_comma_first", "last"),
            "status": roster_status(),
            "team": blank_to_null("team_abbreviation"),
        },
    ),
    "teams": CuratedMapping(
        required=("team_id", "abbreviation"),
        sources={
            "team_id": "team_id",
            "team_key": "abbreviation",
            "city": "teamcity",
            "name": "teamname",
            "conference": "conference",
            "division": "division",
        },
        derived={"active": constant(True, pa.bool_())},
    ),
    "player_season_stats": CuratedMapping(
        required=("player_id", "season_id", "gp"),
        sources={
            "player_id": "player_id",
            "name": "player_name",
            "team_id": "team_id",
            "team": "team_abbreviation",
            "games": "gp",
            "points": "pts",
            "rebounds": "reb",
            "assists": "ast",
            "steals": "stl",
            "blocks": "blk",
            "turnovers": "tov",
            "field_goals_made": "fgm",
            "field_goals_attempted": "fga",
            "three_pointers_made": "fg3m",
            "free_throws_made": "ftm",
        },
        derived={
            "season_type": _SEASON_TYPE,
            "minutes": rounded("min"),
            "points_per_game": per_game("pts", games="gp"),
            "rebounds_per_game": per_game("reb", games="gp"),
            "assists_per_game": per_game("ast", games="gp"),
            "minutes_per_game": per_game("min", games="gp"),
        },
        season=_SEASON,
    ),
    "games": CuratedMapping(
        required=("game_id", "season_id", "game_date", "matchup"),
        sources={
            "game_id": "game_id",
            "game_date": "game_date",
            "home_team": "team_abbreviation",
            "home_score": "pts",
        },
        derived={
            "season_type": _SEASON_TYPE,
            "status": constant("Final", pa.string()),  # the game log lists finished games
            "away_team": matchup_opponent(),
            "away_score": difference("pts", "plus_minus"),
        },
        season=_SEASON,
        day=day_of("game_date"),
        keep=matchup_home(),
    ),
    "player_game_stats": CuratedMapping(
        required=("player_id", "game_id", "season_id", "game_date"),
        sources={
            "player_id": "player_id",
            "name": "player_name",
            "game_id": "game_id",
            "game_date": "game_date",
            "team": "team_abbreviation",
            "points": "pts",
            "rebounds": "reb",
            "offensive_rebounds": "oreb",
            "defensive_rebounds": "dreb",
            "assists": "ast",
            "steals": "stl",
            "blocks": "blk",
            "turnovers": "tov",
            "fouls": "pf",
            "field_goals_made": "fgm",
            "field_goals_attempted": "fga",
            "three_pointers_made": "fg3m",
            "three_pointers_attempted": "fg3a",
            "free_throws_made": "ftm",
            "free_throws_attempted": "fta",
            "plus_minus": "plus_minus",
        },
        derived={
            "season_type": _SEASON_TYPE,
            "opponent": matchup_opponent(),
            "home": matchup_home(),
            "minutes": rounded("min"),
        },
        season=_SEASON,
        day=day_of("game_date"),
    ),
}
