"""SportsData.io's game endpoints on loopback, as they are on a given morning: they know the
games (and box-score lines) played up to `through`, and answer only with the API key.

The games and the 2024-12-01 lines are the recorded-shape fixtures of tests/sources; the two
lines of the 2024-11-30 game are made from them (other game, teams and players), so that
each of the two game days has box scores.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from ingest.sources.sportsdata import KEY_HEADER

BASE = "/v3/nba"
SEASON = 2025
FIXTURES = Path(__file__).parent.parent / "sources" / "fixtures" / "sportsdata"
GAMES_PATH = f"{BASE}/scores/json/Games/{SEASON}"
LINES_PATH = f"{BASE}/stats/json/PlayerGameStatsByDate/"


def _fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def _day(record: dict[str, Any]) -> date:
    return date.fromisoformat(str(record["Day"])[:10])


def _lines_of_november_30() -> list[dict[str, Any]]:
    """Game 21281 (GS at MIA): two lines shaped like the recorded ones."""
    made = []
    for line, (team, team_id, opponent, opponent_id, player) in zip(
        _fixture("PlayerGameStatsByDate_2024-DEC-01.json"),
        (("GS", 26, "MIA", 4, 20009001), ("MIA", 4, "GS", 26, 20009002)),
        strict=False,
    ):
        made.append(
            line
            | {
                "GameID": 21281,
                "GlobalGameID": 20021281,
                "StatID": line["StatID"] + 100_000,
                "PlayerID": player,
                "Team": team,
                "TeamID": team_id,
                "Opponent": opponent,
                "OpponentID": opponent_id,
                "Day": "2024-11-30T00:00:00",
                "DateTime": "2024-11-30T18:00:00",
            }
        )
    return made


class GameDaysApi:
    """The stand-in: `through` is the last game day it knows; `broken` makes it answer
    with an HTML error page (status 200: a proxy's, not JSON) instead."""

    def __init__(self, server: HTTPServer, key: str) -> None:
        self.server, self.key = server, key
        self.through = date(2024, 11, 30)
        self.broken = False
        self.games = _fixture(f"Games_{SEASON}.json")
        self.lines = _lines_of_november_30() + _fixture("PlayerGameStatsByDate_2024-DEC-01.json")
        server.expect_request(GAMES_PATH, headers={KEY_HEADER: key}).respond_with_handler(
            self._games
        )
        server.expect_request(f"{GAMES_PATH}POST", headers={KEY_HEADER: key}).respond_with_handler(
            lambda request: self._answer([])
        )
        for day in ("2024-NOV-30", "2024-DEC-01"):
            server.expect_request(LINES_PATH + day, headers={KEY_HEADER: key}).respond_with_handler(
                self._lines
            )

    @property
    def url(self) -> str:
        return self.server.url_for(BASE)

    def requested(self) -> list[str]:
        """The paths asked for so far (then forgotten)."""
        paths = [request.path.removeprefix(BASE) for request, _ in self.server.log]
        self.server.clear_log()
        return paths

    def _answer(self, records: list[dict[str, Any]]) -> Response:
        if self.broken:
            return Response("<html>Service Unavailable</html>", content_type="text/html")
        return Response(json.dumps(records), content_type="application/json")

    def _games(self, request: Request) -> Response:
        return self._answer([g for g in self.games if _day(g) <= self.through])

    def _lines(self, request: Request) -> Response:
        asked = request.path.rsplit("/", 1)[1]
        return self._answer(
            [
                line
                for line in self.lines
                if _day(line) <= self.through and _day(line).strftime("%Y-%b-%d").upper() == asked
            ]
        )
