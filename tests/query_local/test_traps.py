"""Where DuckDB and Athena differ unless the engine intervenes: each trap, its Athena answer."""

from __future__ import annotations

from datetime import date

import pyarrow as pa
import pytest

from ingest.query.local_engine import DuckDbEngine
from tests.query_local.reference import Reference

MOMENT = 1_700_000_000  # 2023-11-14 22:13:20 UTC


def one_row(engine: DuckDbEngine, sql: str) -> tuple[object, ...]:
    rows = engine.execute(sql).table.to_pylist()
    assert len(rows) == 1
    return tuple(rows[0].values())


def test_integer_division_truncates_like_trino(engine: DuckDbEngine) -> None:
    result = engine.execute(
        "SELECT 5 / 2, -7 / 2, games / 2, 5 / 2.0, points / 4 FROM player_season_stats "
        "WHERE player_id = 20000002 AND season = 2025"
    )
    row = tuple(result.table.to_pylist()[0].values())
    assert row[0] == 2 and row[1] == -3 and isinstance(row[2], int) and row[3] == 2.5
    assert [c.type for c in result.columns][:3] == ["integer", "integer", "integer"]
    assert result.columns[4].type == "double"


def test_sum_of_integers_is_bigint(engine: DuckDbEngine, ref: Reference) -> None:
    result = engine.execute(
        "SELECT sum(games), sum(CAST(games AS bigint)), sum(points) FROM player_season_stats"
    )
    assert [c.type for c in result.columns] == ["bigint", "bigint", "double"]
    assert result.table.schema.types[:2] == [pa.int64(), pa.int64()]
    assert result.table.to_pylist()[0]["_col0"] == sum(x["games"] for x in ref.stats)


def test_from_unixtime_is_utc(engine: DuckDbEngine) -> None:
    result = engine.execute(
        f"SELECT from_unixtime({MOMENT}), hour(from_unixtime({MOMENT})), "
        f"format_datetime(from_unixtime(0), 'yyyy-MM-dd HH:mm:ss'), "
        f"to_unixtime(from_unixtime({MOMENT}))"
    )
    moment, hour, epoch, back = tuple(result.table.to_pylist()[0].values())
    assert moment == "2023-11-14 22:13:20.000 UTC"  # as Athena prints a zoned timestamp
    assert (hour, epoch, back) == (22, "1970-01-01 00:00:00", MOMENT)
    assert result.columns[0].type == "timestamp(3) with time zone"


def test_time_zones_give_wall_clock_time(engine: DuckDbEngine) -> None:
    row = one_row(
        engine,
        f"SELECT hour(from_unixtime({MOMENT}, 'America/New_York')), "
        f"hour(from_unixtime({MOMENT}) AT TIME ZONE 'Asia/Tokyo'), "
        f"format_datetime(from_unixtime({MOMENT}, 'Europe/Paris'), 'HH:mm'), "
        f"hour(from_unixtime({MOMENT}, 2, 30))",
    )
    assert row == (17, 7, "23:13", 0)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("yyyy-MM-dd HH:mm:ss", "2024-03-05 07:08:09"),
        ("yy/M/d H:m:s", "24/3/5 7:8:9"),
        ("EEE, d MMM yyyy h:mm a", "Tue, 5 Mar 2024 7:08 AM"),
        ("EEEE MMMM dd", "Tuesday March 05"),
        ("yyyy-MM-dd'T'HH:mm:ss.SSS", "2024-03-05T07:08:09.123"),
        ("yyyy 'week' ww, D", "2024 week 10, 65"),
        ("'It''s' HH 'o''clock'", "It's 07 o'clock"),
        ("100% yyyy", "100% 2024"),
    ],
)
def test_format_datetime_java_patterns(engine: DuckDbEngine, pattern: str, expected: str) -> None:
    quoted = pattern.replace("'", "''")
    row = one_row(
        engine, f"SELECT format_datetime(TIMESTAMP '2024-03-05 07:08:09.123', '{quoted}')"
    )
    assert row == (expected,)


def test_parse_datetime_java_pattern(engine: DuckDbEngine) -> None:
    assert one_row(engine, "SELECT parse_datetime('05/03/2024 07:08', 'dd/MM/yyyy HH:mm')") == (
        "2024-03-05 07:08:00.000 UTC",
    )


def test_map_agg_tolerates_duplicate_and_null_keys(engine: DuckDbEngine) -> None:
    result = engine.execute(
        "SELECT map_agg(k, v) FROM (VALUES ('a', 1), ('a', 2), ('b', 3), (NULL, 4)) AS t(k, v)"
    )
    value = dict(result.table.to_pylist()[0]["_col0"])
    assert set(value) == {"a", "b"} and value["a"] in (1, 2) and value["b"] == 3
    assert result.columns[0].type == "map(varchar, integer)"


def test_result_types_use_athena_names(engine: DuckDbEngine) -> None:
    result = engine.execute(
        "SELECT ARRAY[1, 2], MAP(ARRAY['a'], ARRAY[1.5e0]), "
        "CAST(ROW(1, 'x') AS ROW(a integer, b varchar)), 1.25, DATE '2024-01-01', "
        "TIMESTAMP '2024-01-01 00:00:00', true, CAST(1 AS bigint), "
        "CAST(1 AS smallint), CAST(1 AS real), 'text', count(*)"
    )
    assert [c.type for c in result.columns] == [
        "array(integer)",
        "map(varchar, double)",
        "row(a integer, b varchar)",
        "decimal(3,2)",
        "date",
        "timestamp(0)",  # a literal without a fraction has precision 0, as in Trino
        "boolean",
        "bigint",
        "smallint",
        "real",
        "varchar",
        "bigint",
    ]


def test_unnamed_columns_are_named_like_trino(engine: DuckDbEngine) -> None:
    result = engine.execute("SELECT *, 1, team AS k, upper(name) FROM player_season_stats LIMIT 1")
    names = [c.name for c in result.columns]
    width = len(names) - 3
    assert names[-3:] == [f"_col{width}", "k", f"_col{width + 2}"]
    assert names[:2] == ["player_id", "name"] and names[width - 1] == "season"
    assert result.table.column_names == names


def test_values_columns_are_named_like_trino(engine: DuckDbEngine) -> None:
    result = engine.execute("VALUES (1, 'a'), (2, 'b')")
    assert [c.name for c in result.columns] == ["_col0", "_col1"]
    assert result.table.to_pylist() == [{"_col0": 1, "_col1": "a"}, {"_col0": 2, "_col1": "b"}]


def test_date_arithmetic_stays_date(engine: DuckDbEngine) -> None:
    result = engine.execute(
        "SELECT date_add('day', 3, DATE '2024-01-30'), date_trunc('month', birth_date), "
        "birth_date - INTERVAL '1' DAY, date_add('month', 1, date_trunc('month', birth_date)), "
        "date_add('hour', 1, TIMESTAMP '2024-01-01 00:00:00') "
        "FROM players WHERE birth_date IS NOT NULL ORDER BY player_id LIMIT 1"
    )
    assert [c.type for c in result.columns] == ["date", "date", "date", "date", "timestamp(0)"]
    first = result.table.to_pylist()[0]
    assert first["_col0"] == date(2024, 2, 2)
    assert first["_col1"].day == 1
