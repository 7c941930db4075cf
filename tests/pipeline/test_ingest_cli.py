"""`nba-lake ingest` end to end through the CLI: SportsData.io on loopback, and a user's file."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from pytest_httpserver import HTTPServer

from ingest.cli import main
from ingest.settings import Settings
from ingest.sources.sample import SampleSource
from ingest.targets import open_lake
from tests.pipeline.records import stat
from tests.sources.nbastats_standin import NbaStatsStandIn
from tests.support.lake_view import visible_curated, visible_raw

KEY = "sd-KEY-never-stored-0f1e2d3c"


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1")
    server.start()
    monkeypatch.setenv("SPORTSDATA_API_KEY", KEY)
    monkeypatch.setenv("SPORTSDATA_BASE_URL", server.url_for("/v3/nba"))
    yield server
    server.stop()


def _serve_league(api: HTTPServer, stats: list[object]) -> int:
    """Players, teams and `stats` for 2025, as SportsData.io answers them; the player count."""
    sample = SampleSource()
    players = [r for page in sample.fetch("players", 2025) for r in page]
    teams = [r for page in sample.fetch("teams", 2025) for r in page]
    headers = {"Ocp-Apim-Subscription-Key": KEY}
    api.expect_request("/v3/nba/scores/json/Players", headers=headers).respond_with_json(players)
    api.expect_request("/v3/nba/scores/json/teams", headers=headers).respond_with_json(teams)
    api.expect_request(
        "/v3/nba/stats/json/PlayerSeasonStats/2025", headers=headers
    ).respond_with_json(stats)
    return len(players)


def test_sportsdata_ingest_rejects_bad_records_and_never_stores_the_key(
    api: HTTPServer,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    good = [stat(i) for i in range(1, 60)]
    bad = [stat(100, Games="12"), {k: v for k, v in stat(101).items() if k != "Season"}]
    players = _serve_league(api, [*good, *bad])
    assert main(["apply"]) == 0
    datasets = "players,teams,player_season_stats"
    assert (
        main(["ingest", "--source", "sportsdata", "--season", "2025", "--dataset", datasets]) == 0
    )
    out = capsys.readouterr()
    lake = open_lake(Settings.from_env())
    assert visible_curated(lake, "player_season_stats").num_rows == 59
    assert len(visible_raw(lake, "nba_player_data")) == players
    assert visible_curated(lake, "players").num_rows == players
    rejected = [o.key for o in lake.storage.list("rejected/player_season_stats/")]
    reasons = [
        json.loads(line)["reason"]
        for key in rejected
        for line in lake.storage.get_bytes(key).decode().splitlines()
    ]
    assert sorted(reasons) == [
        "field 'games' = '12': expected an integer (int)",
        "missing required field 'season'",
    ]
    everything = [p.read_bytes() for p in (tmp_path / "lake").rglob("*") if p.is_file()]
    assert not any(KEY.encode() in blob for blob in everything), "the key was written to the lake"
    assert KEY not in out.out + out.err
    assert not any(KEY in record.getMessage() for record in caplog.records)


def test_refused_key_is_one_clear_line(api: HTTPServer, capsys: pytest.CaptureFixture[str]) -> None:
    api.expect_request("/v3/nba/scores/json/Players").respond_with_data("denied", status=401)
    main(["apply"])
    capsys.readouterr()
    assert main(["ingest", "--source", "sportsdata", "--dataset", "players"]) == 1
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert "SPORTSDATA_API_KEY" in err and KEY not in err


def test_file_source_with_awkward_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "Awkward Stats.csv"
    csv.write_text(
        "\ufeffPlayer Name,Team,PTS,Joined,Note\r\n"
        '"Doe, Jane",BOS,12.5,2020-01-02,héllo ☃\r\n'
        'Roe,LAL,,2021-03-04,"say ""hi"""\r\n'
        "Poe,NYK,7,,\r\n",
        encoding="utf-8",
    )
    assert main(["apply"]) == 0
    assert main(["ingest", "--source", "file", "--file", str(csv), "--table", "awkward"]) == 0
    lake = open_lake(Settings.from_env())
    table = lake.catalog.get_table(lake.outputs.database, "awkward")
    assert table is not None
    assert [(c.name, c.type) for c in table.columns] == [
        ("player_name", "string"),
        ("team", "string"),
        ("pts", "double"),
        ("joined", "date"),
        ("note", "string"),
    ]
    key = next(o.key for o in lake.storage.list("curated/awkward/") if o.key.endswith(".parquet"))
    rows = pq.read_table(lake.storage.path(key)).to_pylist()  # type: ignore[attr-defined]
    assert [r["player_name"] for r in rows] == ["Doe, Jane", "Roe", "Poe"]
    assert [r["pts"] for r in rows] == [12.5, None, 7.0]
    assert rows[0]["note"] == "héllo ☃" and rows[1]["note"] == 'say "hi"'
    raw = visible_raw(lake, "awkward_raw")
    assert raw[0]["Player Name"] == "Doe, Jane" and raw[1]["PTS"] == ""
    capsys.readouterr()
    assert main(["ingest", "--source", "file", "--file", str(csv), "--table", "awkward"]) == 0
    assert "Nothing new" in capsys.readouterr().out


def test_file_source_refuses_an_nba_table_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "x.json"
    data.write_text('[{"a": 1}]')
    main(["apply"])
    capsys.readouterr()
    assert main(["ingest", "--source", "file", "--file", str(data), "--table", "players"]) == 1
    assert "belongs to the NBA datasets" in capsys.readouterr().err


def test_file_tables_are_not_registered_while_another_ingest_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ingest.pipeline.lock import ingest_lock

    data = tmp_path / "x.json"
    data.write_text('[{"a": 1}]')
    main(["apply"])
    lake = open_lake(Settings.from_env())
    with ingest_lock(lake.storage):
        assert main(["ingest", "--source", "file", "--file", str(data), "--table", "mine"]) == 1
    assert "another ingest is running" in capsys.readouterr().err
    assert lake.catalog.get_table(lake.outputs.database, "mine") is None


def test_a_file_table_cannot_take_another_datasets_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "x.json"
    data.write_text('[{"a": 1}]')
    main(["apply"])
    assert main(["ingest", "--source", "file", "--file", str(data), "--table", "x_raw"]) == 0
    capsys.readouterr()
    assert main(["ingest", "--source", "file", "--file", str(data), "--table", "x"]) == 1
    assert "already exists for another dataset" in capsys.readouterr().err


# -- games and box scores through the CLI ------------------------------------------------------


@pytest.fixture
def nba_server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", threaded=True)
    server.start()
    yield server
    server.stop()


def test_nbastats_season_lands_every_dataset(
    nba_server: HTTPServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`nba-lake ingest --source nbastats --season 2024` against the loopback stand-in."""
    standin = NbaStatsStandIn(nba_server).install()
    monkeypatch.setenv("NBASTATS_BASE_URL", standin.base_url)
    monkeypatch.setenv("NBASTATS_DELAY_SECONDS", "0")
    assert main(["apply"]) == 0
    assert main(["ingest", "--source", "nbastats", "--season", "2024"]) == 0
    out = capsys.readouterr().out
    assert "games 2024: 2 days added (2023-10-24..2023-10-25)" in out
    lake = open_lake(Settings.from_env())
    games = visible_curated(lake, "games").sort_by("game_id").to_pylist()
    assert [(g["home_team"], g["away_team"], g["home_score"], g["away_score"]) for g in games] == [
        ("DEN", "LAL", 114, 103),
        ("GSW", "PHX", 104, 106),
        ("NYK", "BOS", 108, 112),
    ]
    assert {g["season"] for g in games} == {2024} and {g["season_type"] for g in games} == {1}
    lines = visible_curated(lake, "player_game_stats").to_pylist()
    milo = next(line for line in lines if line["player_id"] == 1641701)
    assert (milo["team"], milo["opponent"], milo["home"], milo["points"]) == (
        "DEN",
        "LAL",
        True,
        29,
    )
    stats = visible_curated(lake, "player_season_stats").to_pylist()
    assert len(stats) == 6 and {(s["season"], s["season_type"]) for s in stats} == {(2024, 1)}
    players = visible_curated(lake, "players").to_pylist()
    assert {p["last_name"] for p in players} >= {"Brandt", "Kessler"}
    assert next(p for p in players if p["player_id"] == 77991)["team"] is None
    teams = visible_curated(lake, "teams").to_pylist()
    assert len(teams) == 6 and {t["conference"] for t in teams} == {"East", "West"}
    assert len(visible_raw(lake, "nba_game_data")) == 6  # both team rows of each game, as sent
    assert all(s.headers["Referer"] == "https://www.nba.com/" for s in standin.seen)


def test_sportsdata_games_and_box_scores(
    api: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    fixtures = Path(__file__).resolve().parents[1] / "sources" / "fixtures" / "sportsdata"
    headers = {"Ocp-Apim-Subscription-Key": KEY}
    api.expect_request("/v3/nba/scores/json/Games/2025", headers=headers).respond_with_data(
        (fixtures / "Games_2025.json").read_text(), content_type="application/json"
    )
    api.expect_request("/v3/nba/scores/json/Games/2025POST", headers=headers).respond_with_json([])
    api.expect_request(
        "/v3/nba/stats/json/PlayerGameStatsByDate/2024-NOV-30", headers=headers
    ).respond_with_json([])
    api.expect_request(
        "/v3/nba/stats/json/PlayerGameStatsByDate/2024-DEC-01", headers=headers
    ).respond_with_data(
        (fixtures / "PlayerGameStatsByDate_2024-DEC-01.json").read_text(),
        content_type="application/json",
    )
    assert main(["apply"]) == 0
    datasets = "games,player_game_stats"
    assert (
        main(["ingest", "--source", "sportsdata", "--season", "2025", "--dataset", datasets]) == 0
    )
    lake = open_lake(Settings.from_env())
    games = visible_curated(lake, "games").to_pylist()
    assert sorted(g["game_id"] for g in games) == ["21281", "21290", "21291"]
    assert {g["game_month"] for g in games} == {"2024-11", "2024-12"}
    lines = visible_curated(lake, "player_game_stats").to_pylist()
    assert len(lines) == 4 and {line["game_date"].isoformat() for line in lines} == {"2024-12-01"}
    assert all(isinstance(line["points"], int) for line in lines)
    capsys.readouterr()
    assert (
        main(["ingest", "--source", "sportsdata", "--season", "2025", "--dataset", datasets]) == 0
    )
    assert "Nothing new" in capsys.readouterr().out


def test_make_ingest_with_no_arguments_brings_the_lake_up_to_date(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["apply"]) == 0
    datasets = "games,player_game_stats"
    narrow = ["--sample-seasons", "2025-2025", "--dataset", datasets]
    assert main(["ingest", *narrow, "--as-of", "2025-03-30"]) == 0
    capsys.readouterr()
    assert main(["ingest", *narrow]) == 0  # no date: today, for the sample league the season's end
    out = capsys.readouterr().out
    assert "games 2025: 13 days added (2025-03-31..2025-04-12), 4 unchanged" in out
    assert "player_game_stats 2025: 13 days added (2025-03-31..2025-04-12), 4 unchanged" in out
    capsys.readouterr()
    assert main(["ingest", *narrow]) == 0
    assert "Nothing new" in capsys.readouterr().out
