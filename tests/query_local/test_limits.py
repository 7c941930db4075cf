"""Queries that must not hang, crash or allocate without bound (issue 10, items 8-11):
Ctrl-C and the time limit, SHOW patterns, CSV of nested values, sequence's cap."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingest.cli import main
from ingest.errors import LakeError
from ingest.query.local_engine import DuckDbEngine
from ingest.query.result import QueryError
from ingest.query.session import QuerySession, parse_timeout, timeout_from_env

SLOW = (
    "SELECT count(*) FROM player_season_stats a CROSS JOIN player_season_stats b "
    "CROSS JOIN player_season_stats c CROSS JOIN player_season_stats d"
)


@pytest.mark.timeout(120)
def test_a_query_past_its_time_limit_is_cancelled(engine: DuckDbEngine) -> None:
    session = QuerySession(engine, None, timeout=0.5)
    outcome = session.run_one(0, SLOW)
    assert outcome.error is not None
    assert str(outcome.error).startswith(
        "EXCEEDED_TIME_LIMIT: Query exceeded the maximum execution time limit of 0.50s"
    )
    assert engine.execute("SELECT count(*) FROM teams").table.column(0).to_pylist() == [30]


def test_the_time_limit_is_athenas_unless_set() -> None:
    assert timeout_from_env({}) == 30 * 60
    assert timeout_from_env({"NBA_LAKE_QUERY_TIMEOUT": "90s"}) == 90
    assert parse_timeout("2m") == 120 and parse_timeout("1h") == 3600 and parse_timeout("15") == 15
    with pytest.raises(LakeError, match="not a query time limit"):
        parse_timeout("soon")


def _cli(lake_home: Path, sql: str) -> subprocess.Popen[bytes]:
    root = Path(__file__).resolve().parents[2]
    return subprocess.Popen(
        [sys.executable, "-m", "ingest", "--lake-home", str(lake_home), "query", sql],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _interrupted_after(lake_home: Path, seconds: float) -> tuple[int, str]:
    process = _cli(lake_home, SLOW)
    time.sleep(seconds)
    assert process.poll() is None
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    return process.returncode, err.decode().strip()


@pytest.mark.timeout(120)
def test_ctrl_c_cancels_a_cli_query_at_once(query_lake_home: Path) -> None:
    # started, running the cross join (or, on a loaded machine, still starting)
    assert _interrupted_after(query_lake_home, 6) == (130, "nba-lake: interrupted")


@pytest.mark.timeout(180)
def test_ctrl_c_at_any_moment_of_startup_ends_with_one_line(query_lake_home: Path) -> None:
    """Ctrl-C while DuckDB loads or builds the lake's views once aborted the process
    (SIGABRT: "terminate called ...", or "Critical nanobind error")."""
    clock = time.monotonic()
    quick = _cli(query_lake_home, "SELECT 1")
    assert quick.wait(timeout=60) == 0
    startup = time.monotonic() - clock
    for share in (0.4, 0.6, 0.75, 0.9):
        assert _interrupted_after(query_lake_home, share * startup) == (
            130,
            "nba-lake: interrupted",
        ), f"Ctrl-C at {share:.0%} of the startup"


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "sql",
    [
        "SHOW TABLES LIKE '" + "*" * 40 + "!'",
        "SHOW TABLES '" + "*" * 40 + "!'",
        "SHOW TABLES '" + "*a" * 30 + "!'",
        "SHOW SCHEMAS LIKE '" + "%_" * 30 + "!'",
    ],
)
def test_show_patterns_never_backtrack(engine: DuckDbEngine, sql: str) -> None:
    assert engine.execute(sql).row_count == 0


def test_show_patterns_keep_their_meaning(engine: DuckDbEngine) -> None:
    names = lambda sql: engine.execute(sql).table.column(0).to_pylist()  # noqa: E731
    assert names("SHOW TABLES '*season_stats*'") == [
        "nba_player_season_stats_data",
        "player_season_stats",
    ]
    assert names("SHOW TABLES 'TEAMS|players'") == ["players", "teams"]
    assert names("SHOW TABLES LIKE 'team_'") == ["teams"]
    assert names("SHOW TABLES LIKE '**te*ms'") == ["teams"]


def test_nested_columns_export_to_csv_as_athena_writes_them(
    query_lake_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = str(query_lake_home)
    sql = (
        "SELECT ARRAY[1, 2] AS a, MAP(ARRAY['k'], ARRAY[1.5]) AS m, "
        "CAST(ROW(1, 'x') AS ROW(n integer, s varchar)) AS r, CAST(NULL AS array(integer)) AS z"
    )
    assert main(["--lake-home", home, "query", sql, "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows == [["a", "m", "r", "z"], ["[1, 2]", "{k=1.5}", "{n=1, s=x}", ""]]
    target = tmp_path / "nested.csv"
    assert main(["--lake-home", home, "query", sql, "--output", str(target)]) == 0
    assert list(csv.reader(target.open())) == rows
    metadata = (tmp_path / "nested.csv.metadata.json").read_text()
    assert '"type": "map(varchar, decimal(2,1))"' in metadata


def test_sequence_stops_at_ten_thousand_entries(engine: DuckDbEngine) -> None:
    assert engine.execute("SELECT cardinality(sequence(1, 10000))").table.column(0).to_pylist() == [
        10000
    ]
    for sql in (
        "SELECT sequence(1, 10001)",
        "SELECT sequence(1, 1000000000)",
        "SELECT sequence(0, 1000000000, 2)",
        "SELECT sequence(DATE '2000-01-01', DATE '2100-01-01')",
        "SELECT repeat('x', 10001)",
    ):
        with pytest.raises(QueryError, match=r"^INVALID_FUNCTION_ARGUMENT: "):
            engine.execute(sql)
