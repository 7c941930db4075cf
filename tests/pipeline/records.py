"""Small SportsData-shaped records for pipeline tests."""

from __future__ import annotations

from typing import Any


def stat(
    player_id: int,
    season: int = 2025,
    games: int = 10,
    points: float = 100.0,
    team: str = "BOS",
    **extra: Any,
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "StatID": player_id * 10 + season % 10,
        "TeamID": 1,
        "PlayerID": player_id,
        "SeasonType": 1,
        "Season": season,
        "Name": f"Player {player_id}",
        "Team": team,
        "Position": "PG",
        "Started": games,
        "Games": games,
        "Minutes": games * 30,
        "FieldGoalsMade": 40.0,
        "FieldGoalsAttempted": 90.0,
        "ThreePointersMade": 10.0,
        "ThreePointersAttempted": 30.0,
        "FreeThrowsMade": 10.0,
        "FreeThrowsAttempted": 12.0,
        "Rebounds": 50.0,
        "Assists": 30.0,
        "Steals": 5.0,
        "BlockedShots": 2.0,
        "Turnovers": 9.0,
        "Points": points,
        "Updated": "2025-04-14T03:12:45",
        "FantasyPoints": 123.4,
    }
    record.update(extra)
    return record


def season_stats(count: int, season: int = 2025, points: float = 100.0) -> list[dict[str, Any]]:
    return [stat(i + 1, season=season, points=points + i) for i in range(count)]
