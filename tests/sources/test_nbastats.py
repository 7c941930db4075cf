"""The stats.nba.com source against a loopback stand-in that answers like the real server."""

from __future__ import annotations

from datetime import date
from itertools import chain

import pytest
from pytest_httpserver import HTTPServer

from ingest.errors import LakeError
from ingest.sources.base import DaySource, Record, Source
from ingest.sources.calendar import DayWindow
from ingest.sources.nbastats import BROWSER_HEADERS, NbaStatsSource, nba_season
from ingest.sources.registry import make_source
from tests.sources.nbastats_standin import NbaStatsStandIn, fixture


@pytest.fixture
def nba(server: HTTPServer) -> NbaStatsStandIn:
    return NbaStatsStandIn(server).install()


def source_for(nba: NbaStatsStandIn, **options: float) -> NbaStatsSource:
    settings = {"delay": 0.0, "timeout": 5.0, "backoff_factor": 0.01, **options}
    return NbaStatsSource(base_url=nba.base_url, **settings)  # type: ignore[arg-type]


def records(source: NbaStatsSource, dataset: str, season: int = 2024) -> list[Record]:
    return list(chain.from_iterable(source.fetch(dataset, season)))


def test_is_a_day_source_with_every_dataset() -> None:
    source: Source = NbaStatsSource(base_url="http://127.0.0.1:9/stats")
    assert isinstance(source, DaySource)
    assert source.name == "nbastats" and not source.infers_schema
    assert set(source.datasets) == {
        "players",
        "teams",
        "player_season_stats",
        "games",
        "player_game_stats",
    }
    assert nba_season(2024) == "2023-24" and nba_season(2000) == "1999-00"


def test_game_log_rows_are_records_keyed_by_headers(nba: NbaStatsStandIn) -> None:
    rows = records(source_for(nba), "player_game_stats")
    expected = fixture("leaguegamelog_P.json")["resultSets"][0]
    assert rows == [dict(zip(expected["headers"], row, strict=True)) for row in expected["rowSet"]]
    logs = [s for s in nba.seen if s.endpoint == "leaguegamelog"]
    assert [s.params["SeasonType"] for s in logs] == ["Regular Season", "Playoffs"]
    assert all(s.params["Season"] == "2023-24" and s.params["PlayerOrTeam"] == "P" for s in logs)
    # nba_api's parameters, empty ones sent as Name=
    assert logs[0].params["DateFrom"] == "" and logs[0].params["LeagueID"] == "00"


def test_requests_look_like_a_browser_on_nba_com(nba: NbaStatsStandIn) -> None:
    records(source_for(nba), "games")
    headers = nba.seen[0].headers
    for name in ("User-Agent", "Referer", "Origin", "Accept"):
        assert headers[name] == BROWSER_HEADERS[name]
    assert headers["Referer"] == "https://www.nba.com/"


def test_a_window_is_sent_as_us_dates_and_kept(nba: NbaStatsStandIn) -> None:
    source = source_for(nba)
    window = DayWindow(date(2023, 10, 25), date(2023, 10, 31))
    rows = list(chain.from_iterable(source.fetch_days("games", 2024, window)))
    assert {r["GAME_DATE"] for r in rows} == {"2023-10-25"} and len(rows) == 2
    log = next(s for s in nba.seen if s.endpoint == "leaguegamelog")
    assert (log.params["DateFrom"], log.params["DateTo"]) == ("10/25/2023", "10/31/2023")


def test_season_totals_carry_the_season_they_were_asked_for(nba: NbaStatsStandIn) -> None:
    rows = records(source_for(nba), "player_season_stats")
    assert len(rows) == 6 and {r["SEASON_ID"] for r in rows} == {"22023"}
    asked = [s.params for s in nba.seen if s.endpoint == "leaguedashplayerstats"]
    assert [p["PerMode"] for p in asked] == ["Totals", "Totals"]
    assert all(p["MeasureType"] == "Base" and p["Season"] == "2023-24" for p in asked)


def test_teams_are_current_franchises_with_their_names(nba: NbaStatsStandIn) -> None:
    teams = records(source_for(nba), "teams")
    assert {t["ABBREVIATION"] for t in teams} == {"BOS", "DEN", "GSW", "LAL", "NYK", "PHX"}
    boston = next(t for t in teams if t["ABBREVIATION"] == "BOS")
    assert (boston["TeamCity"], boston["TeamName"], boston["Conference"]) == (
        "Boston",
        "Celtics",
        "East",
    )


def test_players_are_every_player_in_history(nba: NbaStatsStandIn) -> None:
    players = records(source_for(nba), "players")
    assert len(players) == 5 and {p["ROSTERSTATUS"] for p in players} == {0, 1}
    assert (
        next(s for s in nba.seen if s.endpoint == "commonallplayers").params["IsOnlyCurrentSeason"]
        == "0"
    )


def test_without_browser_headers_the_server_refuses(nba: NbaStatsStandIn) -> None:
    import requests

    plain = requests.get(f"{nba.base_url}/commonallplayers", timeout=5)
    assert plain.status_code == 403 and "Access Denied" in plain.text
    assert len(records(source_for(nba), "players")) == 5  # ours look like a browser's


def test_a_refusal_is_one_clear_line(nba: NbaStatsStandIn) -> None:
    nba.blocked = True
    with pytest.raises(LakeError) as err:
        records(source_for(nba), "players")
    message = str(err.value)
    assert "stats.nba.com refused the request for commonallplayers (HTTP 403)" in message
    assert "browser" in message and "\n" not in message


def test_a_server_that_hangs_is_one_clear_line(nba: NbaStatsStandIn) -> None:
    nba.delay = 1.5
    with pytest.raises(LakeError) as err:
        records(source_for(nba, timeout=0.3, attempts=2), "players")
    message = str(err.value)
    assert "did not answer commonallplayers within 0.3 s" in message
    assert "hang" in message and "\n" not in message
    assert len(nba.seen) == 2  # retried once, then gave up


def test_a_slow_answer_within_the_timeout_is_fine(nba: NbaStatsStandIn) -> None:
    nba.delay = 0.3
    assert len(records(source_for(nba, timeout=5.0), "players")) == 5


def test_429_is_retried_after_the_time_the_server_asks(nba: NbaStatsStandIn) -> None:
    nba.throttle, nba.retry_after = 1, 1
    assert len(records(source_for(nba), "players")) == 5
    first, second = nba.seen[0], nba.seen[1]
    assert second.at - first.at >= 0.9  # Retry-After: 1 was honoured


def test_it_paces_its_requests(nba: NbaStatsStandIn) -> None:
    records(source_for(nba, delay=0.25), "games")  # two requests: both season types
    gaps = [b.at - a.at for a, b in zip(nba.seen, nba.seen[1:], strict=False)]
    assert gaps and min(gaps) >= 0.2


def test_a_bad_season_is_refused_by_the_server_in_one_line(server: HTTPServer) -> None:
    server.expect_request("/stats/commonallplayers").respond_with_data(
        "The field Season must match the regular expression", status=400
    )
    source = NbaStatsSource(base_url=server.url_for("/stats"), delay=0, backoff_factor=0.01)
    with pytest.raises(LakeError, match="refused the parameters of commonallplayers"):
        records(source, "players")


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"resource": "x"}, "without result sets"),
        ({"resultSets": [{"name": "x", "headers": ["A"]}]}, "without rows"),
        ({"resultSets": [{"name": "x", "headers": ["A", "B"], "rowSet": [[1]]}]}, "row 0"),
    ],
)
def test_unexpected_shapes_are_one_line(server: HTTPServer, body: object, problem: str) -> None:
    server.expect_request("/stats/commonallplayers").respond_with_json(body)
    source = NbaStatsSource(base_url=server.url_for("/stats"), delay=0, backoff_factor=0.01)
    with pytest.raises(LakeError, match=problem):
        records(source, "players")


def test_result_set_in_the_singular_is_read_too(server: HTTPServer) -> None:
    server.expect_request("/stats/commonallplayers").respond_with_json(
        {"resultSet": {"name": "CommonAllPlayers", "headers": ["PERSON_ID"], "rowSet": [[7]]}}
    )
    source = NbaStatsSource(base_url=server.url_for("/stats"), delay=0)
    assert records(source, "players") == [{"PERSON_ID": 7}]


def test_configuration_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NBASTATS_BASE_URL", "http://127.0.0.1:9/stats/")
    monkeypatch.setenv("NBASTATS_DELAY_SECONDS", "2.5")
    monkeypatch.setenv("NBASTATS_TIMEOUT_SECONDS", "12")
    source = make_source("nbastats")
    assert isinstance(source, NbaStatsSource)
    assert (source.base_url, source.delay, source.timeout) == ("http://127.0.0.1:9/stats", 2.5, 12)
    monkeypatch.setenv("NBASTATS_DELAY_SECONDS", "soon")
    with pytest.raises(LakeError, match="NBASTATS_DELAY_SECONDS"):
        NbaStatsSource()


def test_polite_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NBASTATS_BASE_URL", "NBASTATS_DELAY_SECONDS", "NBASTATS_TIMEOUT_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    source = NbaStatsSource()
    assert source.base_url == "https://stats.nba.com/stats"
    assert source.delay == 1.0 and source.timeout == 30.0


def test_sample_options_are_refused_for_it() -> None:
    with pytest.raises(LakeError, match="--as-of is for the sample league"):
        make_source("nbastats", as_of=date(2025, 1, 1))
