"""SportsData.io source against a real HTTP server on loopback; the key must never leak."""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Iterator
from itertools import chain

import pytest
from pytest_httpserver import HTTPServer, RequestHandler
from werkzeug import Request, Response

from ingest.errors import LakeError
from ingest.sources.base import Record, Source
from ingest.sources.http import build_session
from ingest.sources.registry import make_source
from ingest.sources.sportsdata import DEFAULT_BASE_URL, KEY_HEADER, SportsDataSource

KEY = "k3y-SECRET-0123456789abcdef"
BASE = "/v3/nba"
PLAYERS = [{"PlayerID": 1, "FirstName": "Ann"}, {"PlayerID": 2, "FirstName": "Bo"}]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("SPORTSDATA_API_KEY", "SPORTS_DATA_API_KEY", "SPORTSDATA_BASE_URL"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture(autouse=True)
def _key_never_logged(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Every test runs with DEBUG logging everywhere (urllib3 included); none may log the key."""
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="urllib3")
    yield
    for phase in ("setup", "call"):
        for record in caplog.get_records(phase):
            assert KEY not in record.getMessage(), f"{record.name} logged the key"


def source_for(server: HTTPServer, **kwargs: object) -> SportsDataSource:
    session = build_session(attempts=3, backoff_factor=0.01, read_timeout=2.0)
    options: dict[str, object] = {"api_key": KEY, "session": session, **kwargs}
    return SportsDataSource(base_url=server.url_for(BASE), **options)  # type: ignore[arg-type]


def records(source: SportsDataSource, dataset: str, season: int = 2025) -> list[Record]:
    return list(chain.from_iterable(source.fetch(dataset, season)))


def key_free_error(err: pytest.ExceptionInfo[LakeError]) -> str:
    """The message is one line, and neither it nor the formatted traceback holds the key."""
    message = str(err.value)
    assert "\n" not in message
    assert KEY not in message
    assert KEY not in "".join(traceback.format_exception(err.value))
    return message


def expect(server: HTTPServer, path: str) -> RequestHandler:
    return server.expect_request(f"{BASE}/{path}", headers={KEY_HEADER: KEY})


@pytest.mark.parametrize(
    ("dataset", "path"),
    [
        ("players", "scores/json/Players"),
        ("teams", "scores/json/teams"),
        ("player_season_stats", "stats/json/PlayerSeasonStats/2024"),
    ],
)
def test_fetches_each_endpoint_with_the_key_in_the_header_only(
    server: HTTPServer, dataset: str, path: str
) -> None:
    server.expect_request(f"{BASE}/{path}", headers={KEY_HEADER: KEY}).respond_with_json(PLAYERS)
    source: Source = source_for(server)
    assert list(source.fetch(dataset, 2024)) == [PLAYERS]
    ((request, _),) = server.log
    assert request.headers[KEY_HEADER] == KEY
    assert KEY not in request.url and request.query_string == b""


def test_pages_of_page_size(server: HTTPServer) -> None:
    rows = [{"PlayerID": i} for i in range(5)]
    server.expect_request(f"{BASE}/scores/json/Players").respond_with_json(rows)
    pages = list(source_for(server, page_size=2).fetch("players", 2025))
    assert pages == [rows[:2], rows[2:4], rows[4:]]


def test_empty_array_yields_no_pages(server: HTTPServer) -> None:
    server.expect_request(f"{BASE}/stats/json/PlayerSeasonStats/1990").respond_with_json([])
    assert list(source_for(server).fetch("player_season_stats", 1990)) == []


def test_repr_hides_the_key(server: HTTPServer) -> None:
    source = source_for(server)
    assert KEY not in repr(source) and KEY not in str(source)
    assert "api_key=<set>" in repr(source)
    assert KEY not in repr(vars(source).get("base_url"))
    assert "api_key=<missing>" in repr(SportsDataSource())


def test_missing_key_is_a_one_line_error_and_sends_nothing(server: HTTPServer) -> None:
    source = SportsDataSource(base_url=server.url_for(BASE))
    with pytest.raises(LakeError) as err:
        list(source.fetch("players", 2025))
    assert str(err.value) == (
        "no SportsData.io API key: set SPORTSDATA_API_KEY=... "
        "(free trial at sportsdata.io; or use SOURCE=sample)"
    )
    assert server.log == []


def test_key_and_base_url_from_the_environment(
    server: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPORTS_DATA_API_KEY", "seed-key")  # the seed project's variable
    assert SportsDataSource()._api_key == "seed-key"
    monkeypatch.setenv("SPORTSDATA_API_KEY", KEY)  # ours wins over the seed's
    monkeypatch.setenv("SPORTSDATA_BASE_URL", server.url_for(BASE) + "/")
    source = SportsDataSource(session=build_session(attempts=1))
    assert source.base_url == server.url_for(BASE)
    expect(server, "scores/json/teams").respond_with_json([{"TeamID": 1}])
    assert records(source, "teams") == [{"TeamID": 1}]
    assert SportsDataSource(api_key="explicit")._api_key == "explicit"
    assert SportsDataSource(base_url="http://other.invalid/v3/nba").base_url.startswith("http://o")


def test_default_base_url() -> None:
    assert SportsDataSource(api_key=KEY).base_url == DEFAULT_BASE_URL
    assert DEFAULT_BASE_URL == "https://api.sportsdata.io/v3/nba"


@pytest.mark.parametrize("status", [401, 403])
def test_refused_key(server: HTTPServer, status: int) -> None:
    server.expect_request(f"{BASE}/scores/json/Players").respond_with_json(
        {"statusCode": status, "message": f"Access denied due to invalid subscription key {KEY}"},
        status=status,
    )
    with pytest.raises(LakeError) as err:
        records(source_for(server), "players")
    message = key_free_error(err)
    assert f"SportsData.io refused the API key (HTTP {status})" in message
    assert "SPORTSDATA_API_KEY=" in message
    assert len(server.log) == 1, "a refused key is not retried"


def test_body_that_is_not_json(server: HTTPServer) -> None:
    expect(server, "scores/json/Players").respond_with_data("<html>Service Unavailable</html>")
    with pytest.raises(LakeError) as err:
        records(source_for(server), "players")
    message = key_free_error(err)
    assert f"{BASE}/scores/json/Players" in message and "not JSON" in message


def test_truncated_json(server: HTTPServer) -> None:
    expect(server, "scores/json/Players").respond_with_data('[{"PlayerID": 1}, {"Play')
    with pytest.raises(LakeError, match="truncated") as err:
        records(source_for(server), "players")
    key_free_error(err)


def test_json_object_instead_of_array(server: HTTPServer) -> None:
    expect(server, "scores/json/teams").respond_with_json({"TeamID": 1})
    with pytest.raises(LakeError) as err:
        records(source_for(server), "teams")
    message = key_free_error(err)
    assert "a JSON object, not an array of records" in message


def test_array_of_non_objects(server: HTTPServer) -> None:
    expect(server, "scores/json/teams").respond_with_json([{"TeamID": 1}, 2])
    with pytest.raises(LakeError, match="item 1 is not an object") as err:
        records(source_for(server), "teams")
    key_free_error(err)


def test_429_retry_after_then_success(server: HTTPServer) -> None:
    path = f"{BASE}/scores/json/Players"
    server.expect_oneshot_request(path).respond_with_data(
        "", status=429, headers={"Retry-After": "1"}
    )
    server.expect_oneshot_request(path).respond_with_json(PLAYERS)
    started = time.monotonic()
    assert records(source_for(server), "players") == PLAYERS
    assert time.monotonic() - started >= 0.9
    assert all(request.headers[KEY_HEADER] == KEY for request, _ in server.log)


def test_500_then_success(server: HTTPServer) -> None:
    path = f"{BASE}/scores/json/teams"
    server.expect_oneshot_request(path).respond_with_data("", status=500)
    server.expect_oneshot_request(path).respond_with_json([{"TeamID": 9}])
    assert records(source_for(server), "teams") == [{"TeamID": 9}]


def test_retries_exhausted(server: HTTPServer) -> None:
    expect(server, "scores/json/teams").respond_with_data("", status=503)
    with pytest.raises(LakeError) as err:
        records(source_for(server), "teams")
    message = key_free_error(err)
    assert "kept failing with status 503 after 3 tries" in message and "try again later" in message


def test_timeout(server: HTTPServer) -> None:
    def slow(request: Request) -> Response:
        time.sleep(0.8)
        return Response("[]", content_type="application/json")

    server.expect_request(f"{BASE}/scores/json/Players").respond_with_handler(slow)
    session = build_session(attempts=1, read_timeout=0.2)
    with pytest.raises(LakeError) as err:
        records(source_for(server, session=session), "players")
    assert "did not answer in time" in key_free_error(err)


def test_key_with_a_line_break_is_refused_without_echoing_it(server: HTTPServer) -> None:
    source = source_for(server, api_key=f"{KEY}\nX-Evil: 1")
    with pytest.raises(LakeError) as err:
        records(source, "players")
    assert "spaces or control characters" in key_free_error(err)
    assert server.log == []


def test_unknown_dataset(server: HTTPServer) -> None:
    with pytest.raises(LakeError, match="no dataset 'box_scores'"):
        records(source_for(server), "box_scores")


def test_bad_base_url() -> None:
    source = SportsDataSource(api_key=KEY, base_url="ftp://example.com/v3/nba")
    with pytest.raises(LakeError, match="SPORTSDATA_BASE_URL"):
        records(source, "players")


def test_registry_builds_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPORTSDATA_API_KEY", KEY)
    source = make_source("SportsData")
    assert isinstance(source, SportsDataSource) and source.name == "sportsdata"
    assert KEY not in repr(source)
