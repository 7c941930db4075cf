"""SportsData.io's game endpoints on loopback: games of a season (regular season and
playoffs, `{season}POST`) and box-score lines by date (`2024-DEC-01`)."""

from __future__ import annotations

import json
from datetime import date
from itertools import chain
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from ingest.errors import LakeError
from ingest.sources.base import DaySource
from ingest.sources.calendar import DayWindow
from ingest.sources.http import build_session
from ingest.sources.sportsdata import KEY_HEADER, SportsDataSource, api_date

KEY = "k3y-SECRET-games"
BASE = "/v3/nba"
FIXTURES = Path(__file__).parent / "fixtures" / "sportsdata"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


@pytest.fixture
def api(server: HTTPServer) -> HTTPServer:
    """The three recorded-shape answers, served only with the key in its header."""
    headers = {KEY_HEADER: KEY}
    for season in (2024, 2025):
        server.expect_request(
            f"{BASE}/scores/json/Games/{season}", headers=headers
        ).respond_with_json(fixture(f"Games_{season}.json"))
        server.expect_request(
            f"{BASE}/scores/json/Games/{season}POST", headers=headers
        ).respond_with_json([])
    server.expect_request(
        f"{BASE}/stats/json/PlayerGameStatsByDate/2024-DEC-01", headers=headers
    ).respond_with_json(fixture("PlayerGameStatsByDate_2024-DEC-01.json"))
    server.expect_request(
        f"{BASE}/stats/json/PlayerGameStatsByDate/2024-NOV-30", headers=headers
    ).respond_with_json([])
    return server


def source_for(server: HTTPServer) -> SportsDataSource:
    session = build_session(attempts=2, backoff_factor=0.01, read_timeout=2.0)
    return SportsDataSource(api_key=KEY, base_url=server.url_for(BASE), session=session)


def paths(server: HTTPServer) -> list[str]:
    return [request.path.removeprefix(BASE) for request, _ in server.log]


def test_dates_are_written_the_way_the_api_takes_them() -> None:
    assert api_date(date(2024, 12, 1)) == "2024-DEC-01"
    assert api_date(date(2015, 7, 31)) == "2015-JUL-31"
    assert [api_date(date(2025, m, 9))[5:8] for m in (1, 5, 9)] == ["JAN", "MAY", "SEP"]


def test_games_of_a_season_are_regular_season_and_playoffs(api: HTTPServer) -> None:
    source = source_for(api)
    assert isinstance(source, DaySource)
    games = list(chain.from_iterable(source.fetch("games", 2024)))
    assert [g["GameID"] for g in games] == [20041, 20263, 20488]
    assert paths(api) == ["/scores/json/Games/2024", "/scores/json/Games/2024POST"]


def test_a_window_keeps_only_its_days(api: HTTPServer) -> None:
    window = DayWindow(date(2024, 12, 1), date(2024, 12, 5))
    games = list(chain.from_iterable(source_for(api).fetch_days("games", 2025, window)))
    assert [g["GameID"] for g in games] == [21290, 21291]


def test_box_scores_are_asked_for_each_game_day_only(api: HTTPServer) -> None:
    window = DayWindow(date(2024, 11, 29), date(2024, 12, 1))
    lines = list(chain.from_iterable(source_for(api).fetch_days("player_game_stats", 2025, window)))
    assert len(lines) == 4 and {line["GameID"] for line in lines} == {21290, 21291}
    assert paths(api)[2:] == [
        "/stats/json/PlayerGameStatsByDate/2024-NOV-30",
        "/stats/json/PlayerGameStatsByDate/2024-DEC-01",
    ]  # not 2024-NOV-29: no game that day


def test_playoffs_not_published_yet_are_no_error(server: HTTPServer) -> None:
    server.expect_request(f"{BASE}/scores/json/Games/2025").respond_with_json(
        fixture("Games_2025.json")
    )
    server.expect_request(f"{BASE}/scores/json/Games/2025POST").respond_with_data(
        "not found", status=404
    )
    assert len(list(chain.from_iterable(source_for(server).fetch("games", 2025)))) == 3


def test_a_missing_season_is_still_an_error(server: HTTPServer) -> None:
    server.expect_request(f"{BASE}/scores/json/Games/2025").respond_with_data("no", status=404)
    with pytest.raises(LakeError, match="HTTP 404"):
        list(source_for(server).fetch("games", 2025))


def test_a_refused_key_on_a_game_endpoint_is_one_line(server: HTTPServer) -> None:
    server.expect_request(f"{BASE}/scores/json/Games/2025").respond_with_data("no", status=401)
    with pytest.raises(LakeError) as err:
        list(source_for(server).fetch("games", 2025))
    assert "refused the API key" in str(err.value) and KEY not in str(err.value)
