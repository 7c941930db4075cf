"""The UI-free parts of the TUI: completion, buffers, formatting, examples, status text."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest

from ingest.catalog.model import CatalogTable
from ingest.errors import LakeError
from ingest.lake import Lake
from ingest.outputs import DatasetTables
from ingest.query.result import ColumnInfo, QueryResult, QueryStats, human_bytes
from ingest.schema import Column
from tui.buffers import Buffer, SavedBuffers, load_buffers, save_buffers
from tui.completion import CompletionSource, aliases, context_at
from tui.examples import examples_for
from tui.formatting import format_sql


def table(name: str, layer: str, *columns: str, partition: str | None = None) -> CatalogTable:
    return CatalogTable(
        database="db",
        name=name,
        columns=tuple(Column(c, "string") for c in columns),
        partition_keys=(Column(partition, "int"),) if partition else (),
        location="",
        layer=layer,
        dataset=name,
        classification="",
    )


@pytest.fixture
def source() -> CompletionSource:
    words = CompletionSource()
    words.update(
        [
            table("players", "curated", "player_id", "first_name", "team", partition="season"),
            table("teams", "curated", "team_id", "name", "conference", partition="season"),
            table("nba_player_data", "raw", "playerid", "firstname"),
        ]
    )
    return words


def test_context_is_the_word_at_the_cursor() -> None:
    assert context_at("SELECT fir").prefix == "fir"
    assert context_at("SELECT p.fir") == type(context_at(""))("fir", "p")
    assert context_at("SELECT p.").qualifier == "p" and context_at("SELECT p.").prefix == ""
    assert context_at("SELECT 1 + ").prefix == ""


def test_aliases_map_to_tables() -> None:
    sql = "SELECT * FROM players p JOIN teams AS t ON p.team = t.name WHERE x"
    assert aliases(sql) == {"players": "players", "p": "players", "teams": "teams", "t": "teams"}
    assert aliases("SELECT * FROM players WHERE 1 = 1")["players"] == "players"


def test_columns_tables_and_keywords_are_offered(source: CompletionSource) -> None:
    offers = source.suggest(context_at("SELECT fir"))
    assert [(o.label, o.kind) for o in offers[:2]] == [
        ("first_name", "column"),
        ("firstname", "column"),
    ]
    assert offers[0].detail == "string · players"
    assert [o.label for o in source.suggest(context_at("SELECT * FROM te"))][:1] == ["teams"]
    assert "season" in [o.label for o in source.suggest(context_at("WHERE sea"))]
    keyword = source.suggest(context_at("sel"))[0]
    assert (keyword.label, keyword.kind) == ("select", "keyword")  # in the case typed
    assert source.suggest(context_at("SEL"))[0].label == "SELECT"
    assert source.suggest(context_at("SELECT cou"))[0].insert == "count("


def test_columns_of_the_tables_in_the_buffer_come_first(source: CompletionSource) -> None:
    offers = source.suggest(context_at("SELECT na"), "SELECT na FROM teams")
    assert offers[0].label == "name" and offers[0].detail.endswith("teams")


def test_qualified_names_offer_that_table_only(source: CompletionSource) -> None:
    sql = "SELECT t. FROM teams t"
    assert [o.label for o in source.suggest(context_at("SELECT t."), sql)] == [
        "team_id",
        "name",
        "conference",
        "season",
    ]
    assert source.suggest(context_at("SELECT zz.a"), sql) == []


def test_asking_with_nothing_typed_offers_columns_then_tables(source: CompletionSource) -> None:
    assert source.suggest(context_at("SELECT ")) == []
    offers = source.suggest(context_at("SELECT "), "SELECT  FROM teams", asked=True)
    assert [o.label for o in offers][:4] == ["team_id", "name", "conference", "season"]
    assert [o.label for o in offers if o.kind == "table"] == [
        "players",
        "teams",
        "nba_player_data",
    ]


def test_an_exact_match_is_not_offered(source: CompletionSource) -> None:
    assert "teams" not in [o.label for o in source.suggest(context_at("FROM teams"))]


def test_buffers_round_trip_and_survive_a_damaged_file(tmp_path: Path) -> None:
    path = tmp_path / "tui" / "buffers.json"
    saved = SavedBuffers([Buffer("Query 1", "SELECT 1", (0, 8)), Buffer("B", "", (0, 0))], 1)
    save_buffers(path, saved)
    assert load_buffers(path) == saved
    path.write_text("{not json")
    assert load_buffers(path) == SavedBuffers([])
    path.write_text(json.dumps({"buffers": [{"title": "x"}]}))
    assert load_buffers(path) == SavedBuffers([])
    assert load_buffers(tmp_path / "missing.json") == SavedBuffers([])


def test_format_keeps_every_statement_and_refuses_broken_sql() -> None:
    assert format_sql("select a from t where b=1;select 2") == (
        "SELECT\n  a\nFROM t\nWHERE\n  b = 1;\n\nSELECT\n  2;\n"
    )
    assert format_sql("  -- only a comment\n") == ""
    with pytest.raises(LakeError, match="cannot format"):
        format_sql("select from where (")


def test_examples_use_the_table_names_from_the_outputs(sample_lake: Lake) -> None:
    outputs = sample_lake.outputs
    examples = examples_for(outputs)
    titles = [e.title for e in examples]
    assert titles[:3] == [
        "Top scorers per team",
        "Points per game by position",
        "Season-over-season comparison",
    ]
    renamed = dict(outputs.tables)
    renamed["player_season_stats"] = DatasetTables("raw_stats", "my_stats")
    moved = type(outputs)(**{**outputs.__dict__, "tables": renamed})
    for example in examples_for(moved)[:3]:
        assert "my_stats" in example.sql and "player_season_stats" not in example.sql
    assert examples_for(type(outputs)(**{**outputs.__dict__, "tables": {}})) == []


def test_the_status_line_says_rows_time_bytes_cost_and_id() -> None:
    result = QueryResult(
        (ColumnInfo("n", "bigint"),),
        pa.table({"n": [1, 2]}),
        QueryStats("q-123", "SUCCEEDED", "athena", 1.5, 3 * 1024**3),
    )
    text = result.stats_line()  # the CLI prints the same line
    assert text == "2 rows · 1.50s · 3.0 GB scanned · ~$0.01 · id q-123"
    assert human_bytes(512) == "512 B" and human_bytes(1536) == "1.5 KB"


def test_completion_knows_where_the_cursor_is(source: CompletionSource) -> None:
    # a statement's start: the keywords that begin one, SELECT first for a single letter
    offers = source.suggest(context_at("S"))
    assert offers[0].label == "SELECT" and {o.kind for o in offers} == {"keyword"}
    assert [o.label for o in source.suggest(context_at("SELECT 1;\nwi"))] == ["with"]
    # after FROM or JOIN (or a comma in FROM): tables only
    for before in ("SELECT * FROM ", "SELECT * FROM teams t JOIN ", "SELECT * FROM teams, "):
        offers = source.suggest(context_at(before), asked=True)
        assert {o.kind for o in offers} == {"table"}, before
    assert [o.label for o in source.suggest(context_at("SELECT * FROM p"))] == ["players"]
    # an alias being typed after a table opens nothing; a clause word from two letters
    assert source.suggest(context_at("SELECT * FROM teams t")) == []
    assert source.suggest(context_at("SELECT * FROM teams WH"))[0].label == "WHERE"
    # after `alias.`: that table's columns only
    sql = "SELECT p. FROM players p"
    assert {o.detail.split(" · ")[1] for o in source.suggest(context_at("SELECT p."), sql)} == {
        "players"
    }
    # a string or a comment that says FROM does not count
    assert source.suggest(context_at("SELECT 'FROM ' || na")) != []
    assert {o.kind for o in source.suggest(context_at("SELECT 'FROM ' || na"))} != {"table"}
