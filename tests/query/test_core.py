"""UI-free query helpers: statement splitting, export, history, Athena cost."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from ingest.errors import LakeError
from ingest.query.export import export_table
from ingest.query.history import HistoryEntry, QueryHistory
from ingest.query.result import MIN_BILLED_BYTES, athena_cost_usd
from ingest.query.statements import split_statements, statement_at

BUFFER = """SELECT 1;
-- a comment; with a semicolon
SELECT 'a;b' AS x ;
/* block; */ SELECT "odd;name" FROM t;;
"""


def test_split_ignores_semicolons_in_strings_and_comments() -> None:
    texts = [s.text for s in split_statements(BUFFER)]
    assert texts == [
        "SELECT 1",
        "-- a comment; with a semicolon\nSELECT 'a;b' AS x",
        '/* block; */ SELECT "odd;name" FROM t',
    ]


def test_statement_under_the_cursor() -> None:
    offset = BUFFER.index("'a;b'")
    found = statement_at(BUFFER, offset)
    assert found is not None and "SELECT 'a;b'" in found.text
    assert statement_at(BUFFER, len(BUFFER)) == split_statements(BUFFER)[-1]
    assert statement_at("   ", 1) is None


def test_half_typed_sql_never_fails() -> None:
    assert [s.text for s in split_statements("SELECT 'unterminated; still")] == [
        "SELECT 'unterminated; still"
    ]


RESULT = pa.table({"team": ["BOS", "LAL", None], "ppg": [12.5, 9.0, None]})


@pytest.mark.parametrize("name", ["out.csv", "out.parquet", "out.json"])
def test_export_round_trips(tmp_path: Path, name: str) -> None:
    path, rows = export_table(RESULT, tmp_path / name)
    assert rows == 3 and path.exists()
    if name.endswith(".csv"):
        # null is an empty unquoted field, "" a quoted one (Athena's convention too)
        back = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(strings_can_be_null=True))
        assert back.column("team").to_pylist() == ["BOS", "LAL", None]
    elif name.endswith(".parquet"):
        assert pq.read_table(path).equals(RESULT)
    else:
        lines = [json.loads(line) for line in path.read_text().splitlines()]
        assert lines == RESULT.to_pylist()


def test_export_errors_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(LakeError, match="export format"):
        export_table(RESULT, tmp_path / "out.xlsx")
    with pytest.raises(LakeError, match="does not exist"):
        export_table(RESULT, tmp_path / "missing" / "out.csv")
    (tmp_path / "out.csv").write_text("keep me")
    with pytest.raises(LakeError):
        export_table(RESULT, tmp_path / "out.csv", "xml")
    assert (tmp_path / "out.csv").read_text() == "keep me"


def test_history_is_newest_first_and_searchable(tmp_path: Path) -> None:
    history = QueryHistory(tmp_path / "history.ndjson")
    history.add(HistoryEntry("SELECT 1", 1.0, 0.1, 1, "SUCCEEDED", "duckdb"))
    history.add(HistoryEntry("SELECT * FROM teams", 2.0, 0.2, 30, "SUCCEEDED", "duckdb"))
    history.add(HistoryEntry("SELEC oops", 3.0, 0.0, 0, "FAILED", "duckdb", error="syntax error"))
    with (tmp_path / "history.ndjson").open("a") as handle:
        handle.write('{"torn": ')  # a crash mid-write loses only that line
    assert [e.sql for e in history.entries()] == ["SELEC oops", "SELECT * FROM teams", "SELECT 1"]
    assert [e.sql for e in history.entries("TEAMS")] == ["SELECT * FROM teams"]
    assert [e.sql for e in history.entries("syntax")] == ["SELEC oops"]


def test_athena_cost_has_a_ten_megabyte_minimum() -> None:
    assert athena_cost_usd(0) == 0.0
    assert athena_cost_usd(1) == athena_cost_usd(MIN_BILLED_BYTES)
    assert athena_cost_usd(1024**4) == pytest.approx(5.0)


def test_costs_read_well_at_any_size() -> None:
    from ingest.query.result import format_usd

    assert format_usd(0) == "$0"
    assert format_usd(athena_cost_usd(1)) == "$0.000048"
    assert format_usd(12.345) == "$12.35"
