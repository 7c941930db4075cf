"""`nba-lake check` names every damaged live object, and ingest repairs what it finds
instead of answering "Nothing new"."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.cli import main
from ingest.lake import Lake
from ingest.pipeline.check import check_lake
from ingest.pipeline.jobs import JobOutcome
from ingest.pipeline.plan import IngestOptions, plan_ingest
from ingest.pipeline.run import run_ingest
from tests.support.damage import flip_a_byte, live_keys, truncate
from tests.support.lake_view import visible_curated, visible_raw

OPTIONS = IngestOptions(dataset="players,player_season_stats,games", season="2024-2025")


def _load(lake: Lake) -> list[JobOutcome]:
    return run_ingest(lake, plan_ingest(lake, OPTIONS))


@pytest.fixture
def loaded(local_lake: Lake) -> Lake:
    _load(local_lake)
    return local_lake


def _rows(lake: Lake) -> dict[str, int]:
    return {
        "player_season_stats": visible_curated(lake, "player_season_stats").num_rows,
        "games": visible_curated(lake, "games").num_rows,
        "players": visible_curated(lake, "players").num_rows,
        "raw players": len(visible_raw(lake, "nba_player_data")),
    }


def test_a_sound_lake_checks_clean(loaded: Lake, capsys: pytest.CaptureFixture[str]) -> None:
    assert check_lake(loaded) == []
    assert main(["check"]) == 0
    assert "Every live object matches its manifest." in capsys.readouterr().out


def test_check_names_each_problem_and_ingest_repairs_them(
    loaded: Lake, capsys: pytest.CaptureFixture[str]
) -> None:
    whole = _rows(loaded)
    season = live_keys(loaded, "player_season_stats", ".parquet")[0]
    month = next(k for k in live_keys(loaded, "games", ".parquet") if "2025-01" in k)
    players_raw = live_keys(loaded, "nba_player_data", ".ndjson")[0]
    players = live_keys(loaded, "players", ".parquet")[0]
    truncate(loaded, season)  # errors in a query
    loaded.storage.delete([month])  # used to make January disappear silently
    truncate(loaded, players_raw, 1000)
    flip_a_byte(loaded, players)  # same size: only the checksum tells

    assert main(["check"]) == 1
    captured = capsys.readouterr()
    lines = captured.out.strip().splitlines()
    assert len(lines) == 4, lines
    assert any(season in line and "has 100 bytes, its manifest recorded" in line for line in lines)
    assert any(month in line and "is missing" in line for line in lines)
    assert any(players_raw in line and "bytes" in line for line in lines)
    assert any(players in line and "does not match its recorded checksum" in line for line in lines)
    assert all("run `nba-lake ingest --dataset " in line for line in lines)
    assert any("run `nba-lake ingest --dataset games --season 2025`" in line for line in lines)
    [error] = captured.err.strip().splitlines()
    assert error.startswith("nba-lake: error: check found 4 damaged object(s)")

    outcomes = _load(loaded)
    assert {o.status for o in outcomes} >= {"written"}, "ingest said nothing new"
    assert check_lake(loaded) == []
    assert _rows(loaded) == whole
    assert {o.status for o in _load(loaded)} == {"unchanged"}  # repaired: nothing left to do


def test_ingest_repairs_size_damage_without_a_check_first(loaded: Lake) -> None:
    """Missing and truncated objects are found by ingest itself (from listings: cheap)."""
    whole = _rows(loaded)
    loaded.storage.delete([live_keys(loaded, "games", ".parquet")[-1]])
    truncate(loaded, live_keys(loaded, "player_season_stats", ".parquet")[-1])
    statuses = {(o.dataset, o.season): o.status for o in _load(loaded)}
    assert statuses[("games", 2025)] == "written"
    assert statuses[("player_season_stats", 2025)] == "written"
    assert check_lake(loaded) == [] and _rows(loaded) == whole


def test_a_damaged_month_is_rebuilt_from_the_whole_season(loaded: Lake) -> None:
    """A daily load fetches a few days; a damaged month is rebuilt from the source's whole
    season, never from the few days fetched (that would drop the month's other days)."""
    whole = _rows(loaded)
    month = next(k for k in live_keys(loaded, "games", ".parquet") if "2025-01" in k)
    loaded.storage.delete([month])
    options = IngestOptions(dataset="games", season="2025", since="2025-04-10")
    run_ingest(
        loaded,
        plan_ingest(
            loaded,
            options,
        ),
    )
    assert check_lake(loaded) == [] and _rows(loaded) == whole
    assert date(2025, 1, 15) in set(
        visible_curated(loaded, "games").column("game_date").to_pylist()
    )


def test_a_partition_whose_folder_is_gone_is_named(loaded: Lake) -> None:
    season = live_keys(loaded, "player_season_stats", ".parquet")[0]
    folder = season.rpartition("/")[0] + "/"
    loaded.storage.delete([o.key for o in loaded.storage.list(folder)])
    problems = check_lake(loaded)
    assert {p.key for p in problems} >= {season}
    assert all(p.table.name == "player_season_stats" for p in problems)


def test_ingest_checks_only_the_seasons_it_loads(loaded: Lake) -> None:
    """A daily load costs what the day holds: its own check reads the manifests and
    folders of the seasons it loads (raw folders too), not the whole lake's."""
    older = next(k for k in live_keys(loaded, "games", ".parquet") if "season=2024" in k)
    current = next(k for k in live_keys(loaded, "games", ".parquet") if "season=2025" in k)
    raw_2025 = next(k for k in live_keys(loaded, "nba_game_data", ".ndjson") if "-2025-" in k)
    for key in (older, current, raw_2025):
        truncate(loaded, key)
    scope = {"games": frozenset({2025}), "players": None}
    assert {p.key for p in check_lake(loaded, scope=scope, checksums=False)} == {
        current,
        raw_2025,
    }
    assert {p.key for p in check_lake(loaded, checksums=False)} == {older, current, raw_2025}
