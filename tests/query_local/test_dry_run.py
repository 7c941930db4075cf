"""`--dry-run`: what a query will scan, from the catalog and the files, as an upper bound on
what it does scan (checked over the whole 54-query corpus), and the CLI around it."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.cli import main
from ingest.lake import Lake
from ingest.query.local_engine import DuckDbEngine
from ingest.query.scan_estimate import estimate_scan
from tests.query_local.test_corpus import CASES, Case


def estimate(lake: Lake, sql: str) -> int:
    return estimate_scan(sql, lake.catalog, lake.storage, lake.outputs.database).bytes


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_estimate_bounds_the_bytes_scanned(
    engine: DuckDbEngine, query_lake: Lake, case: Case
) -> None:
    measured = engine.execute(case.sql).stats.bytes_scanned
    assert estimate(query_lake, case.sql) >= measured


def test_filters_on_partitions_and_named_columns_shrink_the_estimate(
    engine: DuckDbEngine, query_lake: Lake
) -> None:
    every = estimate(query_lake, "SELECT * FROM player_season_stats")
    one_column = estimate(query_lake, "SELECT sum(points) FROM player_season_stats")
    one_season = estimate(
        query_lake, "SELECT sum(points) FROM player_season_stats WHERE season = 2025"
    )
    two = estimate(
        query_lake, "SELECT sum(points) FROM player_season_stats WHERE season IN (2024, 2025)"
    )
    assert 0 < one_season < two < one_column < every
    # the estimate is what the engine then scans when no row group is skipped
    sql = (
        "SELECT team, sum(points) FROM player_season_stats "
        "WHERE season BETWEEN 2022 AND 2023 GROUP BY team"
    )
    assert estimate(query_lake, sql) == engine.execute(sql).stats.bytes_scanned
    # a self-join reads the table twice; a WITH query read twice, twice
    assert (
        estimate(
            query_lake,
            "SELECT count(a.points) FROM player_season_stats a, player_season_stats b WHERE "
            "a.season "
            "= 2025 AND b.season = 2025",
        )
        == 2 * one_season
    )
    assert (
        estimate(
            query_lake,
            "WITH s AS (SELECT points FROM player_season_stats WHERE season = 2025) SELECT "
            "sum(x.points) "
            "FROM s x, s y",
        )
        == 2 * one_season
    )
    # a filter under an outer join does not prune: the bound stays a bound
    assert (
        estimate(
            query_lake,
            "SELECT sum(s.points) FROM players p LEFT JOIN player_season_stats s ON p.player_id "
            "= s.player_id WHERE s.season = 2025",
        )
        >= one_column
    )


def test_raw_tables_count_whole_files(engine: DuckDbEngine, query_lake: Lake) -> None:
    sql = "SELECT count(*) FROM nba_player_season_stats_data"
    assert estimate(query_lake, sql) == engine.execute(sql).stats.bytes_scanned > 0


def test_dry_run_prints_the_estimate_and_runs_nothing(
    query_lake_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = str(query_lake_home)
    sql = "SELECT sum(points) FROM player_season_stats WHERE season = 2025; SHOW TABLES"
    assert main(["--lake-home", home, "query", "--dry-run", sql]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 2
    assert out[0].startswith("≤ ") and "(≤ ~$0.000048)" in out[0]
    assert "player_season_stats: 1 of 5 partitions, 1 file" in out[0]
    assert out[1] == "≤ 0 B scanned (≤ ~$0)"


def test_a_run_shows_the_estimate_beside_what_it_scanned(
    query_lake_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sql = "SELECT sum(points) FROM player_season_stats WHERE season = 2025"
    assert main(["--lake-home", str(query_lake_home), "query", sql, "--format", "csv"]) == 0
    err = capsys.readouterr().err
    assert "estimated ≤ " in err and ", scanned " in err


def test_explain_scans_nothing_and_explain_analyze_its_statement(query_lake: Lake) -> None:
    direct = estimate(query_lake, "SELECT * FROM players")
    assert estimate(query_lake, "EXPLAIN SELECT * FROM players") == 0
    assert estimate(query_lake, "EXPLAIN ANALYZE SELECT * FROM players") == direct > 0


def test_explain_with_options_prints_no_parser_warning(
    query_lake_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sql = "EXPLAIN (TYPE VALIDATE) SELECT 1"
    assert main(["--lake-home", str(query_lake_home), "query", sql, "--format", "csv"]) == 0
    captured = capsys.readouterr()
    assert captured.out.split() == ['"Valid"', "true"]
    assert "unsupported syntax" not in captured.err and len(captured.err.splitlines()) == 1
