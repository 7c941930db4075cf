"""DuckDbEngine behaviour: results CSV, bytes scanned, cancel, views that follow the catalog."""

from __future__ import annotations

import contextlib
import csv
import io
import threading
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ingest.catalog.model import Partition
from ingest.lake import Lake
from ingest.query.local_engine import DuckDbEngine
from ingest.query.result import QueryCancelled, QueryError
from ingest.sources.sample import SampleSource
from ingest.storage.base import split_s3_uri
from tests.query_local.reference import Reference

STATS = "player_season_stats"
DB = "glue_nba_data_lake"


def scalar(engine: DuckDbEngine, sql: str) -> object:
    return engine.execute(sql).table.column(0).to_pylist()[0]


def test_result_is_written_as_csv_like_athena(engine: DuckDbEngine, query_lake: Lake) -> None:
    result = engine.execute(
        "SELECT team_key, city, active, NULL AS nothing, ARRAY[1, 2] AS a "
        "FROM teams ORDER BY team_key LIMIT 2"
    )
    location = result.stats.results_location
    assert location == f"{query_lake.outputs.results_location}{result.stats.query_id}.csv"
    engine.flush()
    text = query_lake.storage.get_bytes(split_s3_uri(location or "")[1]).decode()
    lines = text.splitlines()
    assert lines[0] == '"team_key","city","active","nothing","a"'
    assert lines[1].endswith(',"true",,"[1, 2]"')
    parsed = list(csv.reader(io.StringIO(text)))
    assert [row[0] for row in parsed[1:]] == [r["team_key"] for r in result.table.to_pylist()]
    shown = engine.execute("SHOW TABLES")
    engine.flush()
    shown_text = query_lake.storage.get_bytes(split_s3_uri(shown.stats.results_location or "")[1])
    assert shown_text.decode().splitlines()[0] == '"tab_name"'


def test_stats(engine: DuckDbEngine) -> None:
    result = engine.execute("SELECT count(*) FROM player_season_stats")
    stats = result.stats
    assert stats.engine == "duckdb" and stats.state == "SUCCEEDED"
    assert len(stats.query_id) == 36 and stats.elapsed_seconds > 0
    assert stats.estimated_cost_usd >= 0


def test_bytes_scanned_drop_with_partition_pruning(engine: DuckDbEngine) -> None:
    every = engine.execute("SELECT sum(points) FROM player_season_stats").stats.bytes_scanned
    one = engine.execute(
        "SELECT sum(points) FROM player_season_stats WHERE season = 2025"
    ).stats.bytes_scanned
    two = engine.execute(
        "SELECT sum(points) FROM player_season_stats WHERE season IN (2021, 2022)"
    ).stats.bytes_scanned
    assert 0 < one < two < every
    assert one < every / 3
    none = engine.execute(
        "SELECT count(*) FROM nba_player_season_stats_data WHERE ingest_date = '1999-01-01'"
    )
    assert none.stats.bytes_scanned == 0


def test_curated_scans_far_less_than_raw(
    engine: DuckDbEngine, ref: Reference, query_lake: Lake
) -> None:
    curated = engine.execute("SELECT season, sum(points) FROM player_season_stats GROUP BY season")
    raw = engine.execute(
        "SELECT season, sum(points) FROM nba_player_season_stats_data GROUP BY season"
    )
    assert raw.stats.bytes_scanned >= 10 * curated.stats.bytes_scanned > 0
    raw_files = sum(
        path.stat().st_size
        for values, folder in ref._folders("nba_player_season_stats_data")
        for path in folder.glob("[!._]*")
    )
    assert raw.stats.bytes_scanned == raw_files  # a row format is read whole, as Athena bills it


CROSS_JOIN = (
    "SELECT sum(a.points * b.points * c.points) FROM player_season_stats a "
    "CROSS JOIN player_season_stats b CROSS JOIN player_season_stats c"
)


@pytest.mark.timeout(120)
def test_cancel_from_another_thread(engine: DuckDbEngine) -> None:
    query = engine.start(CROSS_JOIN)
    timer = threading.Timer(0.5, query.cancel)
    started = time.monotonic()
    timer.start()
    with pytest.raises(QueryCancelled):
        query.result()
    assert time.monotonic() - started < 30
    timer.join()
    assert scalar(engine, "SELECT count(*) FROM teams") == 30
    query.cancel()  # it has ended: a no-op that must not cancel the next query
    assert scalar(engine, "SELECT 1") == 1


@pytest.mark.timeout(60)
def test_a_cancel_for_one_statement_never_lands_on_the_next(engine: DuckDbEngine) -> None:
    """A cancel goes to its statement's handle: the statement queued behind it is not hit,
    whether the cancel lands while the first runs or just after it has ended."""
    first = engine.start(CROSS_JOIN)
    second = engine.start("SELECT count(*) FROM teams a, teams b, teams c")
    time.sleep(0.3)
    first.cancel()
    with pytest.raises(QueryCancelled):
        first.result(30)
    assert second.result(30).table.column(0).to_pylist() == [27000]

    for _ in range(20):  # a cancel racing the end of its statement
        quick = engine.start("SELECT 1")
        after = engine.start("SELECT count(*) FROM teams a, teams b")
        threading.Thread(target=quick.cancel).start()
        with contextlib.suppress(QueryCancelled):
            quick.result(30)
        assert after.result(30).table.column(0).to_pylist() == [900]
    assert scalar(engine, "SELECT 1") == 1


def test_errors_are_one_line_and_leave_engine_usable(engine: DuckDbEngine) -> None:
    for sql in (
        "SELECT no_such_column FROM teams",
        "SELEC 1",
        "SELECT 1/0",
        "SELECT word_stem('runs')",
    ):
        with pytest.raises(QueryError) as caught:
            engine.execute(sql)
        assert "\n" not in str(caught.value)
        assert caught.value.query_id
    assert scalar(engine, "SELECT count(*) FROM players") == len(
        [p for page in SampleSource().fetch("players", 2025) for p in page]
    )


# -- views over the catalog, on a lake this test may change -----------------------------------


def _put_parquet(lake: Lake, key: str, table: pa.Table) -> None:
    sink = io.BytesIO()
    pq.write_table(table, sink)
    lake.storage.put_bytes(key, sink.getvalue())


def _stats_table(lake: Lake, rows: int) -> pa.Table:
    """Rows for the season-partitioned `player_season_stats` (ids 0..rows-1 as team ids)."""
    table = lake.catalog.get_table(DB, STATS)
    assert table is not None
    from ingest.pipeline.curate import HIVE_TO_ARROW

    columns = {c.name: pa.array([None] * rows, HIVE_TO_ARROW[c.type]) for c in table.columns}
    columns["team_id"] = pa.array(range(rows), pa.int32())
    columns["team"] = pa.array([f"T{i}" for i in range(rows)])
    return pa.table(columns)


def duck(lake: Lake) -> DuckDbEngine:
    """The lake's own local engine, as the CLI and the TUI build it."""
    engine = lake.target.query_engine(lake)
    assert isinstance(engine, DuckDbEngine)
    return engine


def test_empty_tables_exist_with_their_columns(local_lake: Lake) -> None:
    engine = duck(local_lake)
    try:
        assert scalar(engine, "SELECT count(*) FROM player_season_stats") == 0
        result = engine.execute("SELECT * FROM nba_player_data")
        table = local_lake.catalog.get_table(DB, "nba_player_data")
        assert table is not None and result.row_count == 0
        assert [c.name for c in result.columns] == [
            c.name for c in (*table.columns, *table.partition_keys)
        ]
        assert result.columns[0].type == "integer" and result.columns[-1].type == "varchar"
    finally:
        engine.close()


def test_views_follow_the_catalog_without_refresh(local_lake: Lake) -> None:
    engine = duck(local_lake)
    try:
        assert scalar(engine, "SELECT count(*) FROM player_season_stats") == 0
        _put_parquet(
            local_lake,
            "curated/player_season_stats/season=2030/v=a/part-0.parquet",
            _stats_table(local_lake, 4),
        )
        local_lake.catalog.put_partition(
            DB,
            STATS,
            Partition(
                ("2030",), "s3://sports-data-lake/curated/player_season_stats/season=2030/v=a/"
            ),
        )
        assert scalar(engine, "SELECT count(*) FROM player_season_stats WHERE season = 2030") == 4
        local_lake.catalog.delete_partition(DB, STATS, ("2030",))
        assert (
            scalar(engine, "SELECT count(*) FROM player_season_stats") == 0
        )  # unregistered: invisible
    finally:
        engine.close()


def test_partitions_outside_hive_layout_still_read(local_lake: Lake) -> None:
    _put_parquet(
        local_lake,
        "curated/player_season_stats/season=2030/v=a/part-0.parquet",
        _stats_table(local_lake, 4),
    )
    _put_parquet(
        local_lake,
        "curated/player_season_stats/custom-folder/data.parquet",
        _stats_table(local_lake, 2),
    )
    bucket = "s3://sports-data-lake"
    local_lake.catalog.put_partition(
        DB, STATS, Partition(("2030",), f"{bucket}/curated/player_season_stats/season=2030/v=a/")
    )
    local_lake.catalog.put_partition(
        DB, STATS, Partition(("2031",), f"{bucket}/curated/player_season_stats/custom-folder/")
    )
    engine = duck(local_lake)
    try:
        counts = engine.execute(
            "SELECT season, count(*) FROM player_season_stats GROUP BY season ORDER BY season"
        )
        assert [tuple(r.values()) for r in counts.table.to_pylist()] == [(2030, 4), (2031, 2)]
        both = engine.execute("SELECT sum(team_id) FROM player_season_stats").stats.bytes_scanned
        one = engine.execute(
            "SELECT sum(team_id) FROM player_season_stats WHERE season = 2031"
        ).stats.bytes_scanned
        assert 0 < one < both
    finally:
        engine.close()


def test_partition_outside_the_lake_is_refused(local_lake: Lake) -> None:
    local_lake.catalog.put_partition(DB, STATS, Partition(("2030",), "s3://another-bucket/stats/"))
    engine = duck(local_lake)
    try:
        with pytest.raises(QueryError, match="outside the lake"):
            engine.execute("SELECT count(*) FROM player_season_stats")
        assert scalar(engine, "SELECT count(*) FROM teams") == 0
    finally:
        engine.close()


def test_raw_keys_match_case_insensitively(local_lake: Lake) -> None:
    lines = [
        '{"TeamID": 1, "Key": "AAA", "City": "Alpha", "Extra": 5}',
        '{"teamid": 2, "KEY": "BBB", "active": true}',
        '{"teamId": 3}',
    ]
    local_lake.storage.put_bytes(
        "raw/nba_team_data/ingest_date=2020-01-01/a.ndjson", "\n".join(lines).encode()
    )
    local_lake.catalog.put_partition(
        DB,
        "nba_team_data",
        Partition(
            ("2020-01-01",), "s3://sports-data-lake/raw/nba_team_data/ingest_date=2020-01-01/"
        ),
    )
    engine = duck(local_lake)
    try:
        result = engine.execute(
            "SELECT teamid, key, city, active, ingest_date FROM nba_team_data ORDER BY teamid"
        )
        assert [tuple(r.values()) for r in result.table.to_pylist()] == [
            (1, "AAA", "Alpha", None, "2020-01-01"),
            (2, "BBB", None, True, "2020-01-01"),
            (3, None, None, None, "2020-01-01"),
        ]
    finally:
        engine.close()


def test_views_are_lazy(local_lake: Lake, tmp_path: Path) -> None:
    """A broken file does not stop the engine opening: nothing is read until a query runs."""
    local_lake.storage.put_bytes(
        "raw/nba_team_data/ingest_date=2020-01-02/bad.ndjson", b'{"TeamID": "x"\n'
    )
    local_lake.catalog.put_partition(
        DB,
        "nba_team_data",
        Partition(
            ("2020-01-02",), "s3://sports-data-lake/raw/nba_team_data/ingest_date=2020-01-02/"
        ),
    )
    engine = duck(local_lake)
    try:
        with pytest.raises(QueryError):
            engine.execute("SELECT * FROM nba_team_data")
        assert scalar(engine, "SELECT count(*) FROM teams") == 0
    finally:
        engine.close()
