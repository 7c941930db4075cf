"""The file source: awkward CSV/JSON/NDJSON from disk and from a loopback HTTP server,
schema inference, and the registry that builds sources by name."""

from __future__ import annotations

import csv
import gzip
import io
import re
from itertools import chain
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from ingest.errors import LakeError
from ingest.sources.base import InferredColumn, Record, Source
from ingest.sources.file import FileSource, SchemaInference, infer_columns, to_snake_case
from ingest.sources.http import build_session
from ingest.sources.registry import SOURCE_NAMES, default_table, make_source
from ingest.sources.sample import SampleSource
from ingest.sources.sportsdata import SportsDataSource

HIVE_TYPES = {"int", "bigint", "double", "boolean", "string", "date", "timestamp"}

# BOM, CRLF, a quoted comma, a quoted line break, unicode, empty cells, a short row,
# a column of ints and words, and headers that need snake_casing.
AWKWARD_CSV = (
    "\ufeffPlayerID,Player Name,Points Per Game,Active,Birth Date,Updated,Mixed,3PM,FG%,Empty\r\n"
    '1,"O\'Neal, Shaq",28.7,true,1972-03-06,2025-04-14T03:12:45,12,3,55.1,\r\n'
    '2,"Nikola Jokić",,FALSE,1995-02-19,2025-04-14 03:12:45,twelve,,,\r\n'
    '3,"Multi\r\nLine 名前 🏀",7,,,,,0,49.9,\r\n'
    "4,Short\r\n"
)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    return path


def read_all(location: str | Path, table: str = "t", **kwargs: Any) -> list[Record]:
    source = FileSource(str(location), table, **kwargs)
    return list(chain.from_iterable(source.fetch(table, 0)))


def types_of(columns: list[InferredColumn]) -> dict[str, str]:
    return {c.name: c.type for c in columns}


def one_line_error(location: str | Path, table: str = "t") -> str:
    with pytest.raises(LakeError) as err:
        read_all(location, table)
    message = str(err.value)
    assert "\n" not in message and ": " in message, "problem: what to do"
    return message


# --- reading ----------------------------------------------------------------------------


def test_awkward_csv_keeps_values_exactly(tmp_path: Path) -> None:
    rows = read_all(write(tmp_path, "players.csv", AWKWARD_CSV))
    assert len(rows) == 4
    first, second, third, short = rows
    assert list(first) == [
        "PlayerID", "Player Name", "Points Per Game", "Active", "Birth Date", "Updated",
        "Mixed", "3PM", "FG%", "Empty",
    ]  # fmt: skip
    assert first["Player Name"] == "O'Neal, Shaq"
    assert first["Empty"] == "" and second["Points Per Game"] == ""
    assert second["Player Name"] == "Nikola Jokić"
    assert third["Player Name"] == "Multi\r\nLine 名前 🏀"
    assert all(isinstance(v, str) for row in rows for v in row.values())
    assert short == {**dict.fromkeys(first, ""), "PlayerID": "4", "Player Name": "Short"}


def test_awkward_csv_inference(tmp_path: Path) -> None:
    columns = infer_columns(read_all(write(tmp_path, "players.csv", AWKWARD_CSV)))
    assert [(c.name, c.source_key, c.type) for c in columns] == [
        ("player_id", "PlayerID", "int"),
        ("player_name", "Player Name", "string"),
        ("points_per_game", "Points Per Game", "double"),
        ("active", "Active", "boolean"),
        ("birth_date", "Birth Date", "date"),
        ("updated", "Updated", "timestamp"),
        ("mixed", "Mixed", "string"),
        ("col_3pm", "3PM", "int"),
        ("fg_pct", "FG%", "double"),
        ("empty", "Empty", "string"),
    ]


def test_semicolon_and_tab_delimited(tmp_path: Path) -> None:
    rows = read_all(write(tmp_path, "eu.csv", "a;b\n1,5;x\n"))
    assert rows == [{"a": "1,5", "b": "x"}]
    assert read_all(write(tmp_path, "t.tsv", "a\tb\n1\t2\n")) == [{"a": "1", "b": "2"}]


def test_duplicate_and_blank_headers_keep_every_value(tmp_path: Path) -> None:
    rows = read_all(write(tmp_path, "d.csv", "Name,Name,,x\n1,2,3,4\n"))
    assert rows == [{"Name": "1", "Name_2": "2", "column_3": "3", "x": "4"}]


def test_json_array_values_as_parsed(tmp_path: Path) -> None:
    data = [
        {"PlayerID": 1, "Name": "Zoë", "Salary": 45_000_000_000, "PPG": 27, "Active": True,
         "Tags": ["a", "b"], "Born": "1998-03-14T00:00:00", "Note": None},
        {"PlayerID": 2, "Name": "Bo, Jr.", "Salary": None, "PPG": 11.5, "Active": False,
         "Tags": [], "Born": "2001-11-02T00:00:00", "Note": ""},
    ]  # fmt: skip
    path = write(tmp_path, "p.json", b"\xef\xbb\xbf" + orjson.dumps(data))
    rows = read_all(path)
    assert rows == data
    assert types_of(infer_columns(rows)) == {
        "player_id": "int",
        "name": "string",
        "salary": "bigint",
        "ppg": "double",
        "active": "boolean",
        "tags": "string",
        "born": "timestamp",
        "note": "string",
    }


def test_ndjson_with_bom_crlf_and_blank_lines(tmp_path: Path) -> None:
    text = '\ufeff{"a": 1, "b": "x"}\r\n\r\n{"a": 2, "c": "ü"}\r\n   \n{"a": 3}\n'
    for name in ("r.ndjson", "r.jsonl", "r.json"):  # a .json file holding NDJSON works too
        rows = read_all(write(tmp_path, name, text))
        assert rows == [{"a": 1, "b": "x"}, {"a": 2, "c": "ü"}, {"a": 3}]


def test_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    assert read_all(write(tmp_path, "export.dat", '[{"a": 1}]')) == [{"a": 1}]
    assert read_all(write(tmp_path, "export", '{"a": 1}\n{"a": 2}\n')) == [{"a": 1}, {"a": 2}]
    assert read_all(write(tmp_path, "export.out", "a,b\n1,2\n")) == [{"a": "1", "b": "2"}]


def test_pages(tmp_path: Path) -> None:
    path = write(tmp_path, "n.csv", "n\n" + "".join(f"{i}\n" for i in range(10)))
    pages = list(FileSource(str(path), "t", page_size=4).fetch("t", 0))
    assert [len(p) for p in pages] == [4, 4, 2]


def test_header_only_csv_says_it_has_columns_but_no_rows(tmp_path: Path) -> None:
    message = one_line_error(write(tmp_path, "h.csv", "a,b\r\n"))
    assert "has a header row (a, b) but no rows" in message
    assert "no columns" not in message


def test_is_a_source_for_its_own_table_only(tmp_path: Path) -> None:
    source: Source = FileSource(str(write(tmp_path, "x.csv", "a\n1\n")), "my_table")
    assert source.name == "file"
    with pytest.raises(LakeError, match="holds table 'my_table', not 'players'"):
        list(source.fetch("players", 2025))


def test_bad_table_name_suggests_one() -> None:
    with pytest.raises(LakeError, match="--table my_stats"):
        FileSource("x.csv", "My Stats")


# --- over HTTP --------------------------------------------------------------------------


def test_csv_from_a_url(server: HTTPServer, tmp_path: Path) -> None:
    server.expect_request("/files/players.csv").respond_with_data(
        AWKWARD_CSV.encode(), content_type="text/csv"
    )
    url = server.url_for("/files/players.csv") + "?sig=TOKEN"
    from_url = read_all(url, session=build_session(attempts=1))
    assert from_url == read_all(write(tmp_path, "players.csv", AWKWARD_CSV))
    assert "TOKEN" not in repr(FileSource(url, "t"))


def test_json_and_ndjson_from_urls_without_extension(server: HTTPServer) -> None:
    server.expect_request("/export").respond_with_data('[{"a": 1.5}]')
    server.expect_request("/stream").respond_with_data('{"a": 1}\n{"a": "x"}\n')
    assert read_all(server.url_for("/export")) == [{"a": 1.5}]
    rows = read_all(server.url_for("/stream"))
    assert types_of(infer_columns(rows)) == {"a": "string"}


def test_url_errors(server: HTTPServer) -> None:
    server.expect_request("/missing.csv").respond_with_data("nope", status=404)
    message = one_line_error(server.url_for("/missing.csv") + "?token=SECRET")
    assert "404" in message and "/missing.csv" in message and "SECRET" not in message
    gone = HTTPServer(host="127.0.0.1")
    gone.start()
    url = gone.url_for("/x.csv")
    gone.stop()
    with pytest.raises(LakeError, match="cannot reach"):
        read_all(url, session=build_session(attempts=1))


# --- errors -----------------------------------------------------------------------------


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert "no file at" in one_line_error(tmp_path / "nope.csv")
    assert "is a folder" in one_line_error(tmp_path)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.csv", b"", "is empty"),
        ("blank.json", b"  \n", "is empty"),
        ("z.csv.gz", gzip.compress(b"a,b\n1,2\n", mtime=0), "binary"),
        ("latin1.csv", "name\nJokić\n".encode("cp1250"), "not UTF-8"),
        ("bad.json", b'[{"a": 1},', "not valid JSON"),
        ("obj.json", b'  {"data": [1, 2]\n}', "holds a JSON object, not an array of records"),
        ("scalar.json", b"42", "does not hold JSON records"),
        ("nonobj.json", b'[{"a": 1}, 2]', "item 1 of the array is not an object"),
        ("bad.ndjson", b'{"a": 1}\n{"a": \n', "line 2 is not JSON"),
        ("list.ndjson", b'{"a": 1}\n[1]\n', "line 2 is not a JSON object"),
        ("wide.csv", b"a,b\n1,2,3\n", "line 2 has 3 fields, the header 2"),
    ],
)
def test_unreadable_files_are_one_line_errors(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    assert expected in one_line_error(write(tmp_path, name, content))


def test_ndjson_line_that_is_not_an_object(tmp_path: Path) -> None:
    assert "line 2 is not a JSON object" in one_line_error(
        write(tmp_path, "x.ndjson", b'{"a": 1}\n"text"\n')
    )


def test_json_object_instead_of_array(tmp_path: Path) -> None:
    pretty = b'{\n  "meta": {"n": 1},\n  "data": [{"a": 1}]\n}\n'
    message = one_line_error(write(tmp_path, "o.json", pretty))
    assert "holds a JSON object, not an array of records" in message
    assert "under 'data'" in message
    # one object on one line is one NDJSON record
    assert read_all(write(tmp_path, "o2.json", b'{"data": [1]}')) == [{"data": [1]}]


# --- names and types --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "snake"),
    [
        ("Points Per Game", "points_per_game"),
        ("PlayerID", "player_id"),
        ("playerId", "player_id"),
        ("FieldGoalsPercentage", "field_goals_percentage"),
        ("HTTPResponseCode", "http_response_code"),
        ("Top5Players", "top5_players"),
        ("3PM", "col_3pm"),
        ("2nd Team", "col_2nd_team"),
        ("FG%", "fg_pct"),
        ("Jersey #", "jersey_num"),
        ("  already_snake  ", "already_snake"),
        ("Année", "annee"),
        ("a--b__c", "a_b_c"),
        ("名前", ""),
        ("", ""),
    ],
)
def test_to_snake_case(raw: str, snake: str) -> None:
    assert to_snake_case(raw) == snake


def test_clashing_and_unusable_names_are_made_unique() -> None:
    columns = infer_columns([{"Points": 1, "points": 2, "POINTS": 3, "points_2": 4, "名前": "x"}])
    assert [c.name for c in columns] == ["points", "points_2", "points_3", "points_2_2", "column_5"]
    assert [c.source_key for c in columns] == ["Points", "points", "POINTS", "points_2", "名前"]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["1", "2", "-3"], "int"),
        (["1", "", None, "4"], "int"),
        (["2147483648", "1"], "bigint"),
        ([1, 2**40], "bigint"),
        ([2**70], "string"),
        (["1", "2.5"], "double"),
        ([1, 2.5], "double"),
        (["+5", "1e3", ".5"], "double"),
        (["007", "12"], "string"),  # leading zeros: an identifier
        (["true", "False", "TRUE"], "boolean"),
        ([True, False], "boolean"),
        (["1", "0", "1"], "int"),
        ([True, 1], "string"),
        (["2024-01-31", "2023-12-01"], "date"),
        (["2024-02-30"], "string"),
        (["2024-01-31", "2024-01-31T10:00:00"], "timestamp"),
        (["2024-01-31T10:00:00Z", "2024-01-31 10:00:00.123+02:00"], "timestamp"),
        (["2024-01-31T10:00"], "string"),
        (["12", "twelve"], "string"),
        ([1, "x"], "string"),
        (["", None, ""], "string"),
        ([None], "string"),
        ([{"a": 1}, {"b": 2}], "string"),
        ([[1, 2]], "string"),
        ([float("nan"), 1.0], "double"),
        (["NaN", "1.5"], "string"),
        ([" 12"], "string"),
    ],
)
def test_type_inference(values: list[Any], expected: str) -> None:
    [column] = infer_columns([{"v": value} for value in values])
    assert column.type == expected


def test_inference_is_incremental_and_tolerates_missing_keys() -> None:
    inference = SchemaInference()
    inference.update([{"a": "1"}, {"b": "x"}])
    inference.update([{"a": "2.5", "c": ""}])
    assert types_of(inference.columns()) == {"a": "double", "b": "string", "c": "string"}
    assert FileSource.infer_columns([{"a": 1}]) == infer_columns([{"a": 1}])
    assert infer_columns([]) == []


json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["", "1", "007", "1.5", "true", "2024-02-29", "2024-01-01T00:00:00", "x"]),
)
flat_records = st.lists(
    st.dictionaries(st.text(max_size=12), json_scalars, max_size=8), max_size=20
)


@settings(max_examples=300, deadline=None)
@given(flat_records)
def test_inference_never_fails_and_covers_every_key(records: list[dict[str, Any]]) -> None:
    columns = infer_columns(records)
    keys = list(dict.fromkeys(chain.from_iterable(records)))
    assert [c.source_key for c in columns] == keys
    names = [c.name for c in columns]
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", name) for name in names)
    assert all(c.type in HIVE_TYPES for c in columns)


cells = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
    max_size=10,
)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.fixed_dictionaries({"a": cells, "b": cells, "c": cells}), min_size=1, max_size=10)
)
def test_csv_cells_roundtrip_exactly(
    tmp_path_factory: pytest.TempPathFactory, rows: list[dict[str, str]]
) -> None:
    """Whatever the cells hold (commas, quotes, line breaks, unicode), they come back exact."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["a", "b", "c"], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path = write(tmp_path_factory.mktemp("csv"), "x.csv", buffer.getvalue())
    assert read_all(path) == rows


# --- registry ---------------------------------------------------------------------------


def test_registry_builds_each_source(tmp_path: Path) -> None:
    assert SOURCE_NAMES == ("sample", "nbastats", "sportsdata", "file")
    sample = make_source("sample", scale=2)
    assert isinstance(sample, SampleSource) and sample.scale == 2
    assert isinstance(make_source(" SportsData "), SportsDataSource)
    file_source = make_source("file", location=str(tmp_path / "My Stats 2024.csv"))
    assert isinstance(file_source, FileSource) and file_source.table == "my_stats_2024"
    named = make_source("file", location="x.csv", table="custom")
    assert isinstance(named, FileSource) and named.table == "custom"


def test_registry_errors() -> None:
    with pytest.raises(LakeError, match="use one of: sample, nbastats, sportsdata, file"):
        make_source("nba_api")
    with pytest.raises(LakeError, match="needs a file"):
        make_source("file")
    with pytest.raises(LakeError, match="needs a file"):
        make_source("file", location="  ")


def test_default_table_names() -> None:
    assert default_table("https://h.example/dl/Player%20Stats.csv?x=1") == "player_stats"
    assert default_table("data/players.ndjson") == "players"
    assert default_table("données.json") == "donnees"
    assert default_table("名前.csv") == "file_records"
