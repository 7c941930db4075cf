"""The local engine accepts, refuses and answers as Athena does on the lake's own tables:
Trino's type rules, Athena's error lines, EXPLAIN, SHOW CREATE TABLE, information_schema."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from ingest.cli import main
from ingest.query.local_engine import DuckDbEngine
from ingest.query.result import QueryError


def error_of(engine: DuckDbEngine, sql: str) -> str:
    with pytest.raises(QueryError) as caught:
        engine.execute(sql)
    return str(caught.value)


def test_an_integer_column_compared_with_text_is_a_type_mismatch(engine: DuckDbEngine) -> None:
    message = error_of(engine, "SELECT 1 FROM player_season_stats WHERE season = '2025'")
    assert message == "TYPE_MISMATCH: line 1:48: Cannot apply operator: integer = varchar(4)"


def test_the_cli_prints_athenas_line(
    query_lake_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sql = "SELECT 1 FROM player_season_stats WHERE season = '2025'"
    assert main(["--lake-home", str(query_lake_home), "query", sql]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "nba-lake: error: TYPE_MISMATCH: line 1:48: Cannot apply operator: integer = varchar(4)"
    ]


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        (
            "SELEC * FROM players",
            "SYNTAX_ERROR: line 1:1: mismatched input 'SELEC'. Expecting: 'SELECT', 'WITH', "
            "'VALUES', 'SHOW', 'DESCRIBE', 'EXPLAIN': did you mean `SELECT`?",
        ),
        (
            "SELECT nmae FROM player_season_stats",
            "COLUMN_NOT_FOUND: line 1:8: Column 'nmae' cannot be resolved: did you mean `name`?",
        ),
        (
            "SELECT lenght(name) FROM player_season_stats",
            "FUNCTION_NOT_FOUND: line 1:8: Function 'lenght' not registered: did you mean "
            "`length`?",
        ),
        (
            "SELECT * FROM plyers",
            "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.glue_nba_data_lake.plyers' does "
            "not exist: did you mean `players`?",
        ),
        (
            "SELECT team, count(*) FROM players",
            "EXPRESSION_NOT_AGGREGATE: line 1:8: 'team' must be an aggregate expression or "
            "appear in GROUP BY clause",
        ),
        (
            "SELECT length(season) FROM player_season_stats",
            "FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters (integer) for function length. "
            "Expected: length(varchar), length(varbinary)",
        ),
        (
            "EXPLAIN\nSELECT nmae FROM player_season_stats",
            "COLUMN_NOT_FOUND: line 2:8: Column 'nmae' cannot be resolved: did you mean `name`?",
        ),
    ],
)
def test_errors_read_like_athenas(engine: DuckDbEngine, sql: str, expected: str) -> None:
    assert error_of(engine, sql) == expected


BAD = [
    "SELECT",
    "SELECT * FROM",
    "SELECT (1",
    "SELECT 1 +",
    "SELECT * FROM players WHERE",
    "SELECT * FROM players GROUP BY",
    "SELECT CAST(1 AS nosuchtype)",
    "SELECT name FROM player_season_stats GROUP BY team",
    "SELECT sum(sum(points)) FROM player_season_stats",
    "SELECT * FROM players WHERE count(*) > 1",
    "SELECT 2147483647 + 1",
    "SELECT 1 / 0",
    "SELECT CAST('x' AS integer)",
    "SELECT ARRAY[1][5]",
    "SELECT a FROM (SELECT 1 AS b)",
    "SELECT * FROM players p JOIN teams t ON p.team = t.nope",
    "SELECT 'a' || 1",
    "SELECT regexp_like('a', '(?=a)')",
    "SELECT * FROM players UNION SELECT * FROM teams",
]


@pytest.mark.parametrize("sql", BAD)
def test_no_error_shows_python_or_duckdb_internals(engine: DuckDbEngine, sql: str) -> None:
    message = error_of(engine, sql)
    assert "\n" not in message
    assert re.match(r"^[A-Z][A-Z_]+: ", message), message
    for leak in ("<class", "sqlglot", "Binder Error", "Parser Error", "DuckDB", "Traceback", "__"):
        assert leak not in message, message


def test_the_translated_sql_is_kept_for_verbose_only(
    query_lake_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = str(query_lake_home)
    assert main(["--lake-home", home, "query", "SELECT CAST('x' AS bigint)"]) == 1
    plain = capsys.readouterr().err
    assert plain.strip() == "nba-lake: error: INVALID_CAST_ARGUMENT: Cannot cast 'x' to BIGINT"
    assert main(["--lake-home", home, "query", "--verbose", "SELECT CAST('x' AS bigint)"]) == 1
    assert "ran on the local engine as: SELECT" in capsys.readouterr().err


def test_types_follow_trino(engine: DuckDbEngine) -> None:
    result = engine.execute(
        "SELECT typeof(sum(games)), sum(games), avg(games), typeof('cat'), 1.5 / 3, "
        "typeof(1.5 / 3), max(updated_at), 7 / 2, CAST(3 AS decimal(5,2)) "
        "FROM player_season_stats"
    )
    row = list(result.table.to_pylist()[0].values())
    assert row[0] == "bigint" and row[3] == "varchar(3)" and row[5] == "decimal(2,1)"
    assert row[4] == Decimal("0.5") and row[7] == 3
    assert [c.type for c in result.columns] == [
        "varchar",
        "bigint",
        "double",
        "varchar",
        "decimal(2,1)",
        "varchar",
        "timestamp(3)",
        "integer",
        "decimal(5,2)",
    ]


def test_describe_keeps_hive_names(engine: DuckDbEngine) -> None:
    rows = engine.execute("DESCRIBE player_season_stats").table.to_pylist()
    types = {r["col_name"]: r["data_type"] for r in rows if r["col_name"]}
    assert types["games"] == "int" and types["name"] == "string"
    assert types["updated_at"] == "timestamp"


def test_integer_overflow_is_an_error(engine: DuckDbEngine) -> None:
    assert error_of(engine, "SELECT max(games) * 2147483647 FROM player_season_stats").startswith(
        "NUMERIC_VALUE_OUT_OF_RANGE: "
    )
    assert engine.execute("SELECT CAST(2147483647 AS bigint) + 1").table.column(0).to_pylist() == [
        2147483648
    ]


def test_grouping_marks_the_keys_left_out_of_each_grouping_set(engine: DuckDbEngine) -> None:
    # Trino: bit i is 1 when the key is not in the row's grouping set, the rightmost lowest
    result = engine.execute(
        "SELECT a, b, grouping(a, b) AS g FROM (VALUES (1, 'x'), (2, 'y')) t(a, b) "
        "GROUP BY GROUPING SETS ((a, b), (a), ()) ORDER BY g, a"
    )
    assert [c.type for c in result.columns] == ["integer", "varchar", "bigint"]
    assert [tuple(r.values()) for r in result.table.to_pylist()] == [
        (1, "x", 0),
        (2, "y", 0),
        (1, None, 1),
        (2, None, 1),
        (None, None, 3),
    ]
    assert error_of(engine, "SELECT grouping(team) FROM players") == (
        "MISSING_GROUP_BY: line 1:1: A GROUPING() operation can only be used with a "
        "corresponding GROUPING SET/CUBE/ROLLUP/GROUP BY clause"
    )


def test_order_by_expressions_name_the_select_lists_aliases(engine: DuckDbEngine) -> None:
    """Trino resolves ORDER BY names against the output first: `ORDER BY a - b` of aliases."""
    sql = (
        "SELECT team, sum(points) AS scored, count(*) AS lines FROM player_season_stats "
        "GROUP BY team ORDER BY scored / lines DESC, team LIMIT 3"
    )
    rows = engine.execute(sql).table.to_pylist()
    every = engine.execute(
        "SELECT team, sum(points) / count(*) AS ratio FROM player_season_stats GROUP BY team "
        "ORDER BY ratio DESC, team LIMIT 3"
    ).table.to_pylist()
    assert [row["team"] for row in rows] == [row["team"] for row in every]
    # an alias that shadows a column wins, as in Trino
    shadowed = (
        engine.execute(
            "SELECT -points AS points FROM player_season_stats ORDER BY points + 0 LIMIT 1"
        )
        .table.column(0)
        .to_pylist()
    )
    lowest = engine.execute("SELECT min(-points) FROM player_season_stats").table.column(0)
    assert shadowed == lowest.to_pylist()


def test_explain_shows_the_local_plan_and_says_so(engine: DuckDbEngine) -> None:
    result = engine.execute("EXPLAIN SELECT team, count(*) FROM players GROUP BY team")
    assert [(c.name, c.type) for c in result.columns] == [("Query Plan", "varchar")]
    plan = result.table.column(0).to_pylist()[0]
    assert plan.startswith("Local engine plan (DuckDB), not Athena's") and "READ_PARQUET" in plan
    valid = engine.execute("EXPLAIN (TYPE VALIDATE) SELECT * FROM teams")
    assert valid.table.to_pylist() == [{"Valid": True}]
    assert error_of(engine, "EXPLAIN SELECT nope FROM teams").startswith("COLUMN_NOT_FOUND")
    refused = error_of(engine, "EXPLAIN ANALYZE SELECT * FROM teams")
    assert refused.startswith("NOT_SUPPORTED: EXPLAIN ANALYZE")


def test_show_create_table_gives_the_declared_ddl(engine: DuckDbEngine) -> None:
    result = engine.execute("SHOW CREATE TABLE players")
    assert [c.name for c in result.columns] == ["createtab_stmt"]
    ddl = "\n".join(result.table.column(0).to_pylist())
    assert ddl.startswith("CREATE EXTERNAL TABLE `players`(\n  `player_id` int, ")
    assert "PARTITIONED BY" not in ddl  # one row per player, switched by location
    assert "'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'" in ddl
    assert "LOCATION\n  's3://sports-data-lake/curated/players/v=" in ddl
    stats = "\n".join(
        engine.execute("SHOW CREATE TABLE player_season_stats").table.column(0).to_pylist()
    )
    assert "PARTITIONED BY ( \n  `season` int)" in stats
    assert "LOCATION\n  's3://sports-data-lake/curated/player_season_stats'" in stats
    raw = "\n".join(engine.execute("SHOW CREATE TABLE nba_team_data").table.column(0).to_pylist())
    assert "'org.openx.data.jsonserde.JsonSerDe'" in raw and "WITH SERDEPROPERTIES" in raw


def test_information_schema_answers_in_athenas_columns(engine: DuckDbEngine) -> None:
    tables = engine.execute(
        "SELECT table_catalog, table_schema, table_name, table_type FROM information_schema.tables "
        "WHERE table_schema = 'glue_nba_data_lake' ORDER BY table_name"
    ).table.to_pylist()
    assert {
        "table_catalog": "awsdatacatalog",
        "table_schema": "glue_nba_data_lake",
        "table_name": "players",
        "table_type": "BASE TABLE",
    } in tables
    columns = engine.execute(
        "SELECT column_name, ordinal_position, data_type, extra_info FROM "
        "information_schema.columns "
        "WHERE table_name = 'player_season_stats' ORDER BY ordinal_position"
    ).table.to_pylist()
    assert columns[0] == {
        "column_name": "player_id",
        "ordinal_position": 1,
        "data_type": "integer",
        "extra_info": None,
    }
    assert columns[-1] == {
        "column_name": "season",
        "ordinal_position": len(columns),
        "data_type": "integer",
        "extra_info": "partition key",
    }
    assert {"column_name": "updated_at", "data_type": "timestamp(3)"}.items() <= next(
        c for c in columns if c["column_name"] == "updated_at"
    ).items()
    schemata = engine.execute("SELECT schema_name FROM information_schema.schemata").table
    assert set(schemata.column(0).to_pylist()) >= {"glue_nba_data_lake", "information_schema"}
