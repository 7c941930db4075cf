"""The data model on a loaded lake: one row per player and team, joins that never multiply
rows, box scores that add up (the README's check), and the README's queries running."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from ingest.errors import LakeError
from ingest.lake import Lake
from ingest.pipeline.plan import IngestOptions, plan_ingest, plan_source
from ingest.pipeline.run import run_ingest
from ingest.query.engine import QueryEngine
from ingest.sources.sample import SampleSource
from tests.pipeline.fakes import DayListSource
from tests.support.lake_view import after_grace, object_listing
from tui.examples import consistency_check

README = Path(__file__).resolve().parents[2] / "README.md"
CHECK = consistency_check("player_season_stats", "player_game_stats").sql


def rows(engine: QueryEngine, sql: str) -> list[dict[str, object]]:
    result: list[dict[str, object]] = engine.execute(sql).table.to_pylist()
    return result


@pytest.fixture(scope="module")
def engine(sample_lake_home: Path) -> QueryEngine:
    from ingest.settings import Settings
    from ingest.targets import open_lake

    lake = open_lake(Settings.from_env(target="local", lake_home=sample_lake_home, env={}))
    return lake.target.query_engine(lake)


def test_players_and_teams_hold_one_row_each(engine: QueryEngine) -> None:
    [players] = rows(engine, "SELECT count(*) AS n, count(DISTINCT player_id) AS d FROM players")
    assert players["n"] == players["d"] > 450
    [teams] = rows(engine, "SELECT count(*) AS n, count(DISTINCT team_id) AS d FROM teams")
    assert teams["n"] == teams["d"] == 30


def test_joins_return_exactly_the_statistics_rows(engine: QueryEngine) -> None:
    [counts] = rows(
        engine,
        "SELECT (SELECT count(*) FROM player_season_stats) AS season_rows, "
        "(SELECT count(*) FROM player_season_stats s JOIN players p "
        " ON p.player_id = s.player_id) AS joined, "
        "(SELECT count(*) FROM player_season_stats s JOIN teams t "
        " ON t.team_id = s.team_id) AS with_teams",
    )
    assert counts["season_rows"] == counts["joined"] == counts["with_teams"] == 5 * 450
    [box] = rows(
        engine,
        "SELECT count(*) AS n, count_if(p.player_id IS NOT NULL) AS joined "
        "FROM player_game_stats g LEFT JOIN players p ON p.player_id = g.player_id",
    )
    assert box["n"] == box["joined"] > 100_000


def test_the_box_scores_add_up_for_every_player_season(engine: QueryEngine) -> None:
    found = rows(engine, CHECK)
    assert [(r["season"], r["season_type"]) for r in found] == [(s, 1) for s in range(2021, 2026)]
    assert all(r["mismatched"] == 0 and r["player_seasons"] == 450 for r in found)


def test_the_check_catches_a_line_that_does_not_add_up(local_lake: Lake) -> None:
    """Load a small season, then correct one box-score line at the source only."""
    source = SampleSource(season_range=(2025, 2025), as_of=date(2024, 11, 5))
    options = IngestOptions(dataset="player_season_stats,player_game_stats")
    run_ingest(local_lake, plan_source(local_lake, source, options, today=date(2024, 11, 5)))
    engine = local_lake.target.query_engine(local_lake)
    try:
        assert [r["mismatched"] for r in rows(engine, CHECK)] == [0]
        day = [r for page in source.fetch("player_game_stats", 2025) for r in page]
        day = [r for r in day if r["Day"].startswith("2024-11-05")]
        day[0]["Points"] += 3.0
        tampered = DayListSource({"player_game_stats": day})
        again = IngestOptions(dataset="player_game_stats", since="2024-11-05", until="2024-11-05")
        run_ingest(local_lake, plan_source(local_lake, tampered, again, today=date(2024, 11, 5)))
        assert [r["mismatched"] for r in rows(engine, CHECK)] == [1]
    finally:
        engine.close()


def test_the_readme_check_is_the_examples_check() -> None:
    assert CHECK.strip() in README.read_text(encoding="utf-8")


def test_every_sql_block_of_the_readme_runs_on_the_sample_lake(engine: QueryEngine) -> None:
    blocks = re.findall(r"```sql\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 6
    for sql in blocks:
        assert engine.execute(sql).row_count > 0, sql


def test_a_second_load_replaces_players_in_one_step(local_lake: Lake) -> None:
    options = IngestOptions(dataset="players,teams", season="2023")
    run_ingest(local_lake, plan_ingest(local_lake, options))
    table = local_lake.catalog.get_table(local_lake.outputs.database, "players")
    assert table is not None and not table.partition_keys
    first = table.location
    assert re.search(r"/curated/players/v=[0-9a-f]{16}/$", first)
    again = run_ingest(local_lake, plan_ingest(local_lake, options))
    assert [o.status for o in again] == ["unchanged", "unchanged"]
    bigger = IngestOptions(dataset="players", season="2025", scale=2)
    run_ingest(local_lake, plan_ingest(local_lake, bigger))
    moved = local_lake.catalog.get_table(local_lake.outputs.database, "players")
    assert moved is not None and moved.location != first
    after_grace(local_lake)  # the replaced version waits for its grace period, then goes
    kept = [k for k in object_listing(local_lake) if k.startswith("curated/players/")]
    assert kept and all(k.startswith(moved.location.split("/", 3)[3]) for k in kept)
    assert not local_lake.catalog.partitions(local_lake.outputs.database, "players")


def test_a_season_the_source_lacks_is_refused_before_anything_is_written(
    local_lake: Lake,
) -> None:
    before = object_listing(local_lake)
    for season in ("2019", "2019-2021", "2030"):
        with pytest.raises(LakeError, match="has no season"):
            plan_ingest(local_lake, IngestOptions(season=season))
    assert object_listing(local_lake) == before
    assert local_lake.catalog.partitions(local_lake.outputs.database, "players") == []


def test_a_lake_with_the_old_layout_is_told_to_apply(local_lake: Lake) -> None:
    from ingest.catalog.table_input import build_table_input
    from ingest.schema import Column

    database = local_lake.outputs.database
    table = local_lake.catalog.get_table(database, "teams")
    assert table is not None
    local_lake.catalog.put_table(
        database,
        build_table_input(
            "teams",
            "curated",
            "teams",
            table.columns,
            (Column("season", "int"),),
            table.location,
        ),
    )
    plan = plan_ingest(local_lake, IngestOptions(dataset="teams"))  # no catalog call yet
    before = object_listing(local_lake)
    with pytest.raises(LakeError, match=r"partitioned by \(season\).*make apply"):
        run_ingest(local_lake, plan)  # refused before its first job: nothing written
    assert object_listing(local_lake) == before
