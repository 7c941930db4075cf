"""Damaged catalog documents (by hand, by a disk): one clear line naming the file, and every
other table keeps working, for the CLI and for an engine kept open across the damage."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.cli import main
from ingest.errors import LakeError
from ingest.lake import Lake
from ingest.query.engine import QueryEngine
from ingest.sources.sample import SampleSource
from tests.support.lakes import ingest, layout

TABLE_DAMAGE = {
    "nonsense": b"nonsense",
    "empty object": b"{}",
    "binary": b"\x00\xff\xfe\x81garbage",
    "a list": b"[]",
    "another name": b'{"Name": "somebody_else"}',
    "columns not a list": b'{"Name": "teams", "StorageDescriptor": {"Columns": "abc"}}',
    "deep nesting": b"[" * 100_000 + b"]" * 100_000,
}
PARTITION_DAMAGE = {
    "nonsense": b"nonsense",
    "an object": b"{}",
    "no StorageDescriptor": b'[{"Values": ["2025"]}]',
    "values not strings": b'[{"Values": [2025], "StorageDescriptor": {"Location": "s3://x/y"}}]',
    "binary": b"\xff\xfe\x00\x00",
}


#: players hold one row each (past players too); teams and players are unpartitioned, the
#: season statistics partitioned by season
PLAYERS = str(sum(len(page) for page in SampleSource().fetch("players", 2025)))


@pytest.fixture
def lake(local_lake: Lake) -> Lake:
    source = SampleSource()
    outcomes = ingest(local_lake, source, ["players", "teams", "player_season_stats"], [2025])
    assert all(o.status == "written" for o in outcomes)
    return local_lake


def _catalog_file(lake: Lake, kind: str, table: str) -> Path:
    return layout(lake).catalog_root / lake.outputs.database / kind / f"{table}.json"


def _query(capsys: pytest.CaptureFixture[str], sql: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["query", sql, "--format", "csv"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("nba-lake: error: ")
    return lines[0]


def _count(engine: QueryEngine, table: str) -> int:
    [[count]] = [
        list(row.values())
        for row in engine.execute(f"SELECT count(*) FROM {table}").table.to_pylist()
    ]
    return int(count)


@pytest.mark.parametrize("damage", TABLE_DAMAGE, ids=list(TABLE_DAMAGE))
def test_a_damaged_table_document_is_one_line_and_spares_the_others(
    lake: Lake, damage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _catalog_file(lake, "tables", "teams")
    path.write_bytes(TABLE_DAMAGE[damage])
    code, _, err = _query(capsys, "SELECT * FROM teams")
    assert code == 1
    line = _one_line(err)
    assert str(path) in line and "damaged" in line and "Traceback" not in err
    code, out, err = _query(capsys, "SELECT count(*) AS n FROM players")
    assert (code, out.split()) == (0, ['"n"', PLAYERS]), err
    assert main(["tables"]) == 0
    capsys.readouterr()
    assert main(["ingest", "--dataset", "teams", "--season", "2025"]) == 1
    assert str(path) in _one_line(capsys.readouterr().err)


@pytest.mark.parametrize("damage", PARTITION_DAMAGE, ids=list(PARTITION_DAMAGE))
def test_a_damaged_partition_list_is_one_line_and_spares_the_others(
    lake: Lake, damage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _catalog_file(lake, "partitions", "player_season_stats")
    path.write_bytes(PARTITION_DAMAGE[damage])
    code, _, err = _query(capsys, "SELECT * FROM player_season_stats")
    assert code == 1
    line = _one_line(err)
    assert str(path) in line and "damaged" in line
    code, out, err = _query(capsys, "SELECT count(*) AS n FROM players")
    assert (code, out.split()) == (0, ['"n"', PLAYERS]), err
    code, _, err = _query(capsys, "SHOW PARTITIONS player_season_stats")
    assert code == 1 and str(path) in _one_line(err)


def test_a_long_lived_engine_keeps_serving_the_other_tables(lake: Lake) -> None:
    """The TUI keeps one engine open: damage after it started must not spread either."""
    engine = lake.target.query_engine(lake)
    try:
        assert _count(engine, "teams") == 30
        _catalog_file(lake, "tables", "teams").write_bytes(b"nonsense")
        _catalog_file(lake, "partitions", "player_season_stats").write_bytes(b"{}")
        lake.catalog.ensure_database(lake.outputs.database, "touch: the engine sees a change")
        assert _count(engine, "nba_team_data") >= 30
        for table in ("teams", "player_season_stats"):
            with pytest.raises(LakeError, match="is damaged"):
                engine.execute(f"SELECT * FROM {table}")
    finally:
        engine.close()


def test_apply_repairs_a_damaged_nba_table_document(
    lake: Lake, capsys: pytest.CaptureFixture[str]
) -> None:
    _catalog_file(lake, "tables", "teams").write_bytes(b"\x00garbage")
    _catalog_file(lake, "tables", "..").parent.joinpath("../database.json").write_bytes(b"{")
    assert main(["apply"]) == 0
    code, out, err = _query(capsys, "SELECT count(*) AS n FROM teams")
    assert (code, out.split()) == (0, ['"n"', "30"]), err


def test_a_damaged_file_table_blocks_only_its_own_ingest(
    lake: Lake, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "mine.csv"
    data.write_text("a,b\n1,2\n")
    assert main(["ingest", "--source", "file", "--file", str(data), "--table", "mine"]) == 0
    path = _catalog_file(lake, "tables", "mine")
    path.write_bytes(b"[1, 2")
    capsys.readouterr()
    assert main(["ingest", "--source", "file", "--file", str(data), "--table", "mine"]) == 1
    assert str(path) in _one_line(capsys.readouterr().err)
    code, out, _ = _query(capsys, "SELECT count(*) AS n FROM mine_raw")
    assert (code, out.split()) == (0, ['"n"', "1"])
