"""Every way out of the lake folder is refused, with one line, and the engine keeps working."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from ingest.lake import Lake
from ingest.query.local_engine import DuckDbEngine
from ingest.query.result import QueryError
from tests.support.lakes import layout

ESCAPES = [
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_csv_auto('/etc/passwd')",
    "SELECT * FROM read_text('/etc/passwd')",
    "select content from READ_BLOB('/etc/hostname')",
    "SELECT * FROM glob('/*')",
    "SELECT * FROM '/etc/passwd'",
    'SELECT * FROM "/etc/passwd"',
    "SELECT * FROM 'players.csv'",
    "SELECT * FROM read_json('../../outputs.json')",
    "SELECT * FROM read_parquet('curated/teams/*/*/*.parquet')",
    "SELECT * FROM parquet_metadata('/x.parquet')",
    "SELECT * FROM query('SELECT 1')",
    "SELECT * FROM duckdb_settings()",
    "SELECT * FROM TABLE(read_csv('/etc/passwd'))",
    "SELECT * FROM teams, LATERAL read_csv('/etc/passwd')",
    "SELECT getenv('HOME')",
    "COPY (SELECT 1) TO '/tmp/escape.csv'",
    "COPY teams TO 'teams.csv'",
    "EXPORT DATABASE '/tmp/escape-db'",
    "ATTACH '/tmp/escape.db' AS x",
    "DETACH x",
    "INSTALL httpfs",
    "FORCE INSTALL httpfs",
    "LOAD httpfs",
    "SET enable_external_access = true",
    "SET threads = 1",
    "RESET threads",
    "PRAGMA version",
    "CALL pragma_version()",
    "CREATE SECRET (TYPE s3, KEY_ID 'a', SECRET 'b')",
    "INSERT INTO teams VALUES (1)",
    "UPDATE teams SET city = 'x'",
    "DELETE FROM teams",
    "CREATE TABLE x AS SELECT 1",
    "CREATE OR REPLACE VIEW glue_nba_data_lake.teams AS SELECT 1 AS x",
    "DROP VIEW glue_nba_data_lake.teams",
    "DROP TABLE teams",
    "ALTER TABLE teams ADD COLUMN x int",
    "TRUNCATE TABLE teams",
    "USE other",
    "CHECKPOINT",
    "SELECT 1; DROP TABLE teams",
    "SELECT 1; ATTACH '/tmp/escape.db'",
    "WITH x AS (SELECT 1) INSERT INTO teams SELECT * FROM x",
    "SELECT * FROM information_schema.views",
    "SELECT * FROM duckdb_tables",
    "SELECT * FROM main.teams",
    "SELECT * FROM other_db.teams",
    "SELECT * FROM system.main.teams",
    # a CTE's name is only a CTE where a WITH around the reference defines it
    "SELECT * FROM (WITH duckdb_views AS (SELECT 1 x) SELECT x FROM duckdb_views) t, duckdb_views",
    "SELECT * FROM (WITH sqlite_master AS (SELECT 1 x) SELECT x FROM sqlite_master) t, "
    "sqlite_master",
    "SELECT * FROM teams WHERE team_id IN (WITH sqlite_master AS (SELECT 1 x) SELECT x FROM "
    "sqlite_master) UNION ALL SELECT * FROM sqlite_master",
    "WITH sqlite_master AS (SELECT * FROM sqlite_master) SELECT * FROM sqlite_master",
    "WITH a AS (SELECT * FROM sqlite_master), sqlite_master AS (SELECT 1 x) SELECT * FROM a",
    "WITH RECURSIVE sqlite_master AS (SELECT * FROM sqlite_master) SELECT * FROM sqlite_master",
    "WITH RECURSIVE sqlite_master AS (SELECT 1 AS x FROM sqlite_master UNION ALL "
    "SELECT x + 1 FROM sqlite_master WHERE x < 3) SELECT * FROM sqlite_master",
    # settings and catalog introspection reveal host paths
    "SELECT current_setting('temp_directory')",
    "SELECT current_setting('allowed_directories')",
    "SELECT getvariable('x')",
    "SELECT pg_get_viewdef('teams')",
    "SELECT * FROM duckdb_views()",
    "SELECT * FROM pragma_database_list()",
]


@pytest.mark.parametrize("sql", ESCAPES)
def test_escape_is_refused_and_engine_still_answers(engine: DuckDbEngine, sql: str) -> None:
    with pytest.raises(QueryError) as caught:
        engine.execute(sql)
    message = str(caught.value)
    assert "\n" not in message and message
    assert engine.execute("SELECT count(*) FROM teams").table.column(0).to_pylist() == [30]


def test_nothing_was_written_outside_or_inside_the_lake(query_lake: Lake) -> None:
    assert not Path("/tmp/escape.csv").exists() and not Path("/tmp/escape.db").exists()
    bucket = layout(query_lake).buckets_root / query_lake.outputs.bucket
    assert not (bucket / "teams.csv").exists()


def test_ctes_still_work_where_they_are_defined(engine: DuckDbEngine) -> None:
    cases = {
        "WITH t AS (SELECT 1 AS x) SELECT x FROM t": [1],
        "WITH a AS (SELECT 1 AS x), b AS (SELECT x + 1 AS x FROM a) SELECT x FROM b": [2],
        "SELECT x FROM (WITH t AS (SELECT 3 AS x) SELECT x FROM t) s": [3],
        "WITH t AS (SELECT 4 AS x) SELECT x FROM t UNION ALL SELECT x FROM t": [4, 4],
        "WITH t AS (SELECT 5 AS x) SELECT (SELECT max(x) FROM t) AS x": [5],
        "WITH RECURSIVE r AS (SELECT 1 AS x UNION ALL SELECT x + 1 FROM r WHERE x < 3) "
        "SELECT x FROM r ORDER BY x": [1, 2, 3],
        "WITH teams AS (SELECT 6 AS x) SELECT x FROM teams": [6],
    }
    for sql, expected in cases.items():
        assert engine.execute(sql).table.column(0).to_pylist() == expected, sql


def test_python_replacement_scans_are_off(engine: DuckDbEngine) -> None:
    con = engine._con
    assert con.execute("SELECT current_setting('python_enable_replacements')").fetchone() == (
        False,
    )


def test_refusals_name_the_problem(engine: DuckDbEngine) -> None:
    cases = {
        "SELECT * FROM read_csv('/etc/passwd')": "read_csv() reads files",
        "COPY (SELECT 1) TO '/tmp/x.csv'": "COPY statements are not allowed",
        "INSERT INTO teams VALUES (1)": "INSERT statements are not allowed",
        "SELECT * FROM '/etc/passwd'": "is a file path",
        "SELECT * FROM nowhere": "TABLE_NOT_FOUND",
        "SELECT 1; SELECT 2": "2 statements",
    }
    for sql, fragment in cases.items():
        with pytest.raises(QueryError, match=re.escape(fragment)):
            engine.execute(sql)


def test_duckdb_itself_refuses_files_outside_the_lake(engine: DuckDbEngine) -> None:
    """Defence in depth: the connection's own settings hold even without the statement policy."""
    con = engine._con  # the raw connection, bypassing the policy on purpose
    with pytest.raises(duckdb.PermissionException):
        con.execute("SELECT * FROM read_csv('/etc/passwd')").fetchall()
    with pytest.raises(duckdb.PermissionException):
        con.execute(
            f"SELECT * FROM read_text('{engine.bucket_root}/../../outputs.json')"
        ).fetchall()
    with pytest.raises(duckdb.Error):
        con.execute("COPY (SELECT 1) TO '/tmp/escape-direct.csv'")
    for setting in (
        "SET enable_external_access = true",
        "SET allowed_directories = ['/']",
        "SET autoload_known_extensions = true",
        "SET lock_configuration = false",
    ):
        with pytest.raises(duckdb.Error, match="locked"):
            con.execute(setting)
    with pytest.raises(duckdb.Error):
        con.execute("INSTALL httpfs")
    assert not Path("/tmp/escape-direct.csv").exists()
    assert engine.execute("SELECT count(*) FROM players").row_count == 1
