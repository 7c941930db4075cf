"""Athena result pages and result CSVs as typed Arrow tables (no emulator needed)."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import pyarrow as pa
import pytest

from ingest.query.athena_results import (
    arrow_type,
    is_header,
    result_columns,
    row_values,
    table_from_csv,
    table_from_rows,
    type_name,
)
from ingest.query.result import ColumnInfo
from tests.support.athena_answers import column_info

info = column_info


def athena_csv(rows: list[list[str | None]]) -> bytes:
    """A CSV the way Athena writes one: every value quoted, quotes doubled, NULL bare."""
    lines = [
        ",".join("" if v is None else '"' + v.replace('"', '""') + '"' for v in row) for row in rows
    ]
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize(
    ("athena_type", "precision", "scale", "expected_arrow", "expected_name"),
    [
        ("varchar", 2147483647, 0, pa.string(), "varchar"),
        ("char", 3, 0, pa.string(), "char"),
        ("string", 0, 0, pa.string(), "varchar"),  # Hive name in DDL/SHOW results
        ("tinyint", 3, 0, pa.int8(), "tinyint"),
        ("smallint", 5, 0, pa.int16(), "smallint"),
        ("integer", 10, 0, pa.int32(), "integer"),
        ("int", 10, 0, pa.int32(), "integer"),
        ("bigint", 19, 0, pa.int64(), "bigint"),
        ("double", 17, 0, pa.float64(), "double"),
        ("float", 17, 0, pa.float32(), "real"),
        ("real", 17, 0, pa.float32(), "real"),
        ("decimal", 12, 2, pa.decimal128(12, 2), "decimal(12,2)"),
        ("boolean", 0, 0, pa.bool_(), "boolean"),
        ("date", 0, 0, pa.date32(), "date"),
        ("timestamp", 3, 0, pa.timestamp("us"), "timestamp"),
        ("json", 0, 0, pa.string(), "json"),
        ("array", 0, 0, pa.string(), "array"),
        ("map", 0, 0, pa.string(), "map"),
        ("row", 0, 0, pa.string(), "row"),
        ("timestamp with time zone", 3, 0, pa.string(), "timestamp with time zone"),
        ("varbinary", 0, 0, pa.string(), "varbinary"),
    ],
)
def test_athena_types_map_to_arrow(
    athena_type: str, precision: int, scale: int, expected_arrow: pa.DataType, expected_name: str
) -> None:
    column = info("c", athena_type, precision, scale)
    assert arrow_type(column) == expected_arrow
    assert type_name(column) == expected_name


def test_rows_convert_to_typed_columns() -> None:
    infos = [
        info("id", "integer", 10),
        info("name", "varchar", 2147483647),
        info("ppg", "double", 17),
        info("active", "boolean"),
        info("born", "date"),
        info("seen", "timestamp", 3),
        info("salary", "decimal", 12, 2),
        info("tags", "array"),
    ]
    rows = [
        [
            "1",
            "LeBron",
            "27.1",
            "true",
            "1984-12-30",
            "2024-01-15 10:30:00.123",
            "47607350.00",
            "[a, b]",
        ],
        [None, "", "NaN", "false", None, None, None, None],
        ["3", None, "-Infinity", None, "2001-02-03", "2024-02-29 00:00:00.000", "0.50", "[]"],
    ]
    table = table_from_rows(rows, infos)
    assert table.schema.types == [arrow_type(i) for i in infos]
    first, second, third = table.to_pylist()
    assert first == {
        "id": 1,
        "name": "LeBron",
        "ppg": 27.1,
        "active": True,
        "born": dt.date(1984, 12, 30),
        "seen": dt.datetime(2024, 1, 15, 10, 30, 0, 123000),
        "salary": Decimal("47607350.00"),
        "tags": "[a, b]",
    }
    assert second["id"] is None and second["name"] == "" and math.isnan(second["ppg"])
    assert (
        third["name"] is None and third["ppg"] == -math.inf and third["salary"] == Decimal("0.50")
    )
    assert result_columns(infos)[6] == ColumnInfo("salary", "decimal(12,2)")


def test_a_value_that_does_not_fit_its_type_names_the_column() -> None:
    with pytest.raises(ValueError, match=r"column id \(integer\)"):
        table_from_rows([["twelve"]], [info("id", "integer")])


def test_header_detection_compares_with_the_labels() -> None:
    infos = [info("team", "varchar"), info("wins", "integer")]
    assert is_header(["team", "wins"], infos)
    assert not is_header(["BOS", "64"], infos)
    assert not is_header(["team"], infos)
    assert not is_header([None, "wins"], infos)
    assert row_values({"Data": [{"VarCharValue": "x"}, {}]}) == ["x", None]


def test_csv_keeps_empty_strings_apart_from_nulls_and_values_with_quotes_and_newlines() -> None:
    infos = [info("name", "varchar"), info("note", "varchar"), info("pts", "integer")]
    rows: list[list[str | None]] = [
        ["name", "note", "pts"],
        ["Tatum", 'said "hi", then left', "30"],
        ["", "line one\nline two", None],
        [None, None, "7"],
    ]
    table = table_from_csv(athena_csv(rows), infos, header=True)
    assert table.to_pylist() == [
        {"name": "Tatum", "note": 'said "hi", then left', "pts": 30},
        {"name": "", "note": "line one\nline two", "pts": None},
        {"name": None, "note": None, "pts": 7},
    ]
    assert table.equals(table_from_rows(rows[1:], infos))


def test_csv_single_column_null_is_an_empty_line() -> None:
    table = table_from_csv(b'"n"\n"1"\n\n"3"\n', [info("n", "bigint")], header=True)
    assert table.column("n").to_pylist() == [1, None, 3]


def test_csv_and_pages_agree_on_every_type() -> None:
    infos = [
        info("i", "tinyint"),
        info("s", "smallint"),
        info("b", "bigint"),
        info("r", "real"),
        info("d", "double"),
        info("m", "decimal", 38, 10),
        info("ok", "boolean"),
        info("day", "date"),
        info("at", "timestamp", 3),
        info("j", "json"),
        info("a", "varchar"),
        info("a", "varchar"),  # a repeated name: SELECT x AS a, y AS a
    ]
    rows: list[list[str | None]] = [
        [
            "-8",
            "300",
            "9007199254740993",
            "1.5",
            "1.0E10",
            "1234567890.0123456789",
            "false",
            "2024-10-22",
            "2024-10-22 19:30:00.000",
            '{"k": [1, 2]}',
            "x",
            "y",
        ],
        [None] * 12,
    ]
    from_csv = table_from_csv(athena_csv(rows), infos, header=False)
    assert from_csv.equals(table_from_rows(rows, infos))
    assert from_csv.column_names == ["i", "s", "b", "r", "d", "m", "ok", "day", "at", "j", "a", "a"]
    assert from_csv.column(2).to_pylist()[0] == 9007199254740993
