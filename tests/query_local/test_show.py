"""SHOW / DESCRIBE answered from the catalog in Athena's shapes."""

from __future__ import annotations

import pytest

from ingest.lake import Lake
from ingest.query.local_engine import DuckDbEngine
from ingest.query.result import QueryError

DB = "glue_nba_data_lake"


def column(engine: DuckDbEngine, sql: str) -> tuple[list[str], list[str]]:
    result = engine.execute(sql)
    assert all(c.type == "varchar" for c in result.columns)
    assert result.stats.bytes_scanned == 0
    names = [c.name for c in result.columns]
    return names, [str(row[names[0]]) for row in result.table.to_pylist()]


def test_show_tables(engine: DuckDbEngine, query_lake: Lake) -> None:
    names, rows = column(engine, "SHOW TABLES")
    assert names == ["tab_name"]
    assert rows == sorted(t.name for t in query_lake.catalog.tables(DB))
    assert column(engine, f"SHOW TABLES IN {DB} LIKE 'nba*'")[1] == [
        "nba_game_data",
        "nba_player_data",
        "nba_player_game_stats_data",
        "nba_player_season_stats_data",
        "nba_team_data",
    ]
    assert column(engine, "show tables from glue_nba_data_lake 'player*|teams'")[1] == [
        "player_game_stats",
        "player_season_stats",
        "players",
        "teams",
    ]
    assert column(engine, "SHOW TABLES LIKE 'nba%data'")[1] == [
        "nba_game_data",
        "nba_player_data",
        "nba_player_game_stats_data",
        "nba_player_season_stats_data",
        "nba_team_data",
    ]


def test_show_databases_and_schemas(engine: DuckDbEngine) -> None:
    assert column(engine, "SHOW DATABASES") == (["database_name"], [DB])
    assert column(engine, "SHOW SCHEMAS LIKE 'glue*'") == (["database_name"], [DB])
    assert column(engine, "SHOW SCHEMAS LIKE 'nope*'") == (["database_name"], [])


def test_show_columns(engine: DuckDbEngine, query_lake: Lake) -> None:
    table = query_lake.catalog.get_table(DB, "player_season_stats")
    assert table is not None
    expected = [c.name for c in (*table.columns, *table.partition_keys)]
    assert column(engine, "SHOW COLUMNS FROM player_season_stats") == (["field"], expected)
    assert column(engine, f"SHOW COLUMNS IN player_season_stats IN {DB}")[1] == expected
    assert column(engine, f"show columns in {DB}.player_season_stats;")[1] == expected


def test_describe_lists_columns_and_partition_information(engine: DuckDbEngine) -> None:
    teams = [tuple(r.values()) for r in engine.execute("DESCRIBE teams").table.to_pylist()]
    assert teams[:2] == [("team_id", "int", ""), ("team_key", "string", "")]
    assert ("active", "boolean", "") in teams and ("# Partition Information", "", "") not in teams
    result = engine.execute("DESCRIBE player_season_stats")
    assert [c.name for c in result.columns] == ["col_name", "data_type", "comment"]
    rows = [tuple(r.values()) for r in result.table.to_pylist()]
    assert rows[:2] == [("player_id", "int", ""), ("name", "string", "")]
    assert rows[-6:] == [
        ("season", "int", ""),
        ("", "", ""),
        ("# Partition Information", "", ""),
        ("# col_name", "data_type", "comment"),
        ("", "", ""),
        ("season", "int", ""),
    ]
    raw = [
        tuple(r.values()) for r in engine.execute(f"DESCRIBE {DB}.nba_team_data").table.to_pylist()
    ]
    assert raw[-1] == ("ingest_date", "string", "")


def test_show_partitions(engine: DuckDbEngine) -> None:
    assert column(engine, "SHOW PARTITIONS player_season_stats") == (
        ["partition"],
        [f"season={s}" for s in range(2021, 2026)],
    )
    names, rows = column(engine, "SHOW PARTITIONS nba_player_data")
    assert names == ["partition"] and len(rows) == 1 and rows[0].startswith("ingest_date=")


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("DESCRIBE no_such_table", "TABLE_NOT_FOUND"),
        ("SHOW COLUMNS FROM nope.teams", "SCHEMA_NOT_FOUND"),
        ("SHOW TABLES IN nope", "SCHEMA_NOT_FOUND"),
        ("SHOW CREATE VIEW teams", "NOT_SUPPORTED"),
        ("SHOW CREATE TABLE no_such_table", "TABLE_NOT_FOUND"),
    ],
)
def test_show_errors(engine: DuckDbEngine, sql: str, message: str) -> None:
    with pytest.raises(QueryError, match=message) as caught:
        engine.execute(sql)
    assert "\n" not in str(caught.value)
