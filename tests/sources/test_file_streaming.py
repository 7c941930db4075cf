"""The file source under hostile input: streamed a page at a time, with clear errors that
name the line for broken quotes, wrapped JSON, huge lines, wide files and colliding names."""

from __future__ import annotations

import gc
import os
import threading
import tracemalloc
import weakref
from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.catalog.model import CatalogTable
from ingest.cli import main
from ingest.errors import LakeError
from ingest.lake import Lake
from ingest.pipeline.file_dataset import prepare_file_ingest
from ingest.schema import Column
from ingest.settings import Settings
from ingest.sources import file_json
from ingest.sources.base import Page
from ingest.sources.file import MAX_COLUMNS, FileSource
from ingest.sources.file_records import MAX_RECORD_BYTES
from ingest.sources.registry import default_table, make_source
from ingest.targets import open_lake


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def read_all(path: Path, **kwargs: Any) -> list[dict[str, Any]]:
    source = FileSource(str(path), "t", **kwargs)
    return list(chain.from_iterable(source.fetch("t", 0)))


def one_line_error(path: Path, **kwargs: Any) -> str:
    with pytest.raises(LakeError) as err:
        read_all(path, **kwargs)
    message = str(err.value)
    assert "\n" not in message and ": " in message, message
    return message


def cli_error(capsys: pytest.CaptureFixture[str]) -> str:
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


# --- item 5: broken quotes and wrapped JSON are errors that name the line ----------------


def test_an_unterminated_quote_names_its_line_instead_of_merging_rows(tmp_path: Path) -> None:
    path = write(tmp_path, "q.csv", 'a,b\n0,ok\n1,"never closed\n2,y\n3,z\n')
    message = one_line_error(path)
    assert "line 3 opens a quote that never closes" in message


def test_a_quote_that_closes_too_late_names_the_line_it_opened_on(tmp_path: Path) -> None:
    path = write(tmp_path, "q.csv", 'a,b\n1,"x\n2,"y"z\n3,4\n')
    assert "line 2: a quoted value is followed by more text" in one_line_error(path)


def test_quoted_line_breaks_and_doubled_quotes_still_read(tmp_path: Path) -> None:
    rows = read_all(write(tmp_path, "ok.csv", 'a,b\n1,"two\nlines"\n2,"say ""hi"""\n'))
    assert rows == [{"a": "1", "b": "two\nlines"}, {"a": "2", "b": 'say "hi"'}]


@pytest.mark.parametrize("name", ["players.json", "players", "players.txt.json"])
def test_a_one_line_object_wrapping_the_records_is_refused(tmp_path: Path, name: str) -> None:
    body = orjson.dumps({"players": [{"PlayerID": 1}, {"PlayerID": 2}]})
    message = one_line_error(write(tmp_path, name, body))
    assert "line 1 is one JSON object holding the records in its 'players' array" in message


def test_ndjson_lines_that_each_wrap_records_are_refused(tmp_path: Path) -> None:
    body = b'{"players": [{"id": 1}]}\n{"players": [{"id": 2}]}\n'
    assert "line 1 is one JSON object" in one_line_error(write(tmp_path, "p.ndjson", body))


def test_ndjson_records_with_nested_arrays_are_records(tmp_path: Path) -> None:
    body = b'{"id": 1, "games": [{"pts": 3}]}\n{"id": 2, "games": []}\n'
    assert [r["id"] for r in read_all(write(tmp_path, "g.json", body))] == [1, 2]
    one = b'{"id": 1, "games": [{"pts": 3}]}\n'
    assert read_all(write(tmp_path, "one.ndjson", one)) == [{"id": 1, "games": [{"pts": 3}]}]


def test_a_huge_one_line_wrapper_gets_the_same_advice(tmp_path: Path) -> None:
    item = b'{"PlayerID": 1, "Name": "' + b"x" * 1000 + b'"}'
    body = b'{"players": [' + b",".join([item] * (MAX_RECORD_BYTES // len(item) + 10)) + b"]}"
    message = one_line_error(write(tmp_path, "big.json", body))
    assert "line 1 starts a record longer than 16 MiB" in message
    assert "'players'" in message


# --- item 6: a page at a time, never the file; one huge line is refused -----------------


@pytest.mark.parametrize(
    ("name", "before", "after"),
    [
        ("long.ndjson", b'{"a": 1}\n{"a": "', b'"}\n'),
        ("long.csv", b"a,b\n", b"\n"),
        ("long.json", b'[{"a": 1},\n{"a": "', b'"}]'),
    ],
)
def test_a_record_longer_than_the_limit_is_refused_naming_its_line(
    tmp_path: Path, name: str, before: bytes, after: bytes
) -> None:
    path = write(tmp_path, name, before + b"y" * (MAX_RECORD_BYTES + 10) + after)
    assert "line 2 starts a record longer than 16 MiB" in one_line_error(path)


def test_an_open_quote_running_past_the_limit_is_named(tmp_path: Path) -> None:
    line = b"1," + b"z" * 1000 + b"\n"
    body = b'a,b\n1,2\n3,"' + line * (MAX_RECORD_BYTES // len(line) + 10)
    message = one_line_error(write(tmp_path, "open.csv", body))
    assert "line 3 " in message and "a quote opened there may never close" in message


def _peak_while_reading(path: Path, page_size: int) -> tuple[int, int]:
    """(records read, peak bytes allocated) reading `path` page by page, pages dropped."""
    gc.collect()
    tracemalloc.start()
    try:
        count = 0
        for page in FileSource(str(path), "t", page_size=page_size).fetch("t", 0):
            count += len(page)
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("suffix", [".json", ".ndjson", ".csv"])
def test_reading_holds_a_page_not_the_file(tmp_path: Path, suffix: str) -> None:
    records = 300_000
    path = tmp_path / f"big{suffix}"
    with path.open("wb") as sink:
        if suffix == ".csv":
            sink.write(b"id,name,points\n")
            sink.writelines(b"%d,player %d,%d.5\n" % (i, i, i % 40) for i in range(records))
        else:
            lines = (orjson.dumps({"id": i, "name": f"player {i}", "pts": i % 40.5})
                     for i in range(records))  # fmt: skip
            sink.write(b"[" if suffix == ".json" else b"")
            sink.write((b",\n" if suffix == ".json" else b"\n").join(lines))
            sink.write(b"]" if suffix == ".json" else b"\n")
    size = path.stat().st_size
    count, peak = _peak_while_reading(path, page_size=500)
    assert count == records
    assert peak < size / 4, f"peak {peak:,} bytes reading a {size:,}-byte file"


class _TrackedPage(list[dict[str, Any]]):
    """A page that a weak reference can watch."""


class _TrackedSource:
    """A file-like source that remembers (weakly) every page it handed out."""

    name = "file"
    datasets = ("tracked",)
    seasons = None
    infers_schema = True

    def __init__(self) -> None:
        self.handed_out: list[weakref.ref[_TrackedPage]] = []

    def fetch(self, dataset: str, season: int) -> Iterator[Page]:
        for n in range(5):
            page = _TrackedPage({"id": n * 10 + i, "name": f"p{i}"} for i in range(10))
            self.handed_out.append(weakref.ref(page))
            yield page


def test_inference_keeps_no_page_for_the_run(local_lake: Lake) -> None:
    """The run reads the file again instead of holding every page of the first read."""
    source = _TrackedSource()
    jobs, again = prepare_file_ingest(local_lake, source, "tracked")
    gc.collect()
    assert [ref() for ref in source.handed_out] == [None] * 5
    assert [c.name for c in jobs[0].curated.columns] == ["id", "name"]
    assert sum(len(page) for page in again.fetch("tracked", 0)) == 50


def test_a_file_that_changes_between_the_two_reads_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "live.csv", "a\n1\n2\n")
    source = FileSource(str(path), "t")
    assert sum(len(page) for page in source.fetch("t", 0)) == 2
    path.write_text("a\n1\n2\n3\n")
    with pytest.raises(LakeError, match="changed while it was being read"):
        list(source.fetch("t", 0))


@pytest.mark.timeout(60)
def test_a_named_pipe_is_read_once_and_ingested(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pipe = tmp_path / "stats.csv"
    os.mkfifo(pipe)
    body = b"player,points\n" + b"".join(b"p%d,%d\n" % (i, i) for i in range(20_000))

    def feed() -> None:
        with pipe.open("wb") as sink:
            sink.write(body)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    assert main(["apply"]) == 0
    assert main(["ingest", "--source", "file", "--file", str(pipe), "--table", "piped"]) == 0
    writer.join(5)
    lake = open_lake(Settings.from_env())
    engine = lake.target.query_engine(lake)
    try:
        result = engine.execute("SELECT count(*) AS n, sum(points) AS total FROM piped")
    finally:
        engine.close()
    assert result.table.to_pylist() == [{"n": 20_000, "total": sum(range(20_000))}]


@pytest.mark.timeout(30)
def test_a_device_that_never_ends_is_refused_at_once() -> None:
    with pytest.raises(LakeError, match="is binary"):
        read_all(Path("/dev/zero"))


# --- item 7: wide files are linear, and refused past the limit --------------------------


class _CountingPairs(tuple[tuple[str, str], ...]):
    """SerDe parameters that count how often they are walked through."""

    walks = 0

    def __iter__(self) -> Iterator[tuple[str, str]]:
        _CountingPairs.walks += 1
        return super().__iter__()


def test_json_key_of_does_not_rebuild_the_mapping_per_column() -> None:
    width = 2_000
    names = [f"c{i}" for i in range(width)]
    table = CatalogTable(
        "db", "t_raw", tuple(Column(n, "string") for n in names), (), "s3://b/raw/t_raw",
        "raw", "t", "json",
        serde_parameters=_CountingPairs((f"mapping.{n}", n.upper()) for n in names),
    )  # fmt: skip
    _CountingPairs.walks = 0
    assert [table.json_key_of(n) for n in names] == [n.upper() for n in names]
    assert _CountingPairs.walks <= 1, "json_key_of walks every parameter for every column"


def test_a_file_wider_than_the_limit_is_refused(tmp_path: Path) -> None:
    header = ",".join(f"c{i}" for i in range(MAX_COLUMNS + 1))
    row = "1," * MAX_COLUMNS + "1\n"
    message = one_line_error(write(tmp_path, "wide.csv", header + "\n" + row))
    assert f"line 1: the file has more than {MAX_COLUMNS:,} columns" in message
    keys = b"".join(b'{"k%d": 1}\n' % i for i in range(MAX_COLUMNS + 1))
    message = one_line_error(write(tmp_path, "wide.ndjson", keys))
    assert f"line {MAX_COLUMNS + 1}: the file has more than" in message


def test_a_file_at_the_limit_with_clashing_names_reads(tmp_path: Path) -> None:
    header = ",".join(["x"] * MAX_COLUMNS)
    [row] = read_all(write(tmp_path, "x.csv", header + "\n" + ",".join(["1"] * MAX_COLUMNS)))
    assert len(row) == MAX_COLUMNS
    assert list(row)[:3] == ["x", "x_2", "x_3"] and list(row)[-1] == f"x_{MAX_COLUMNS}"


# --- item 16: names that collide, names too long, header-only files ---------------------


def test_columns_differing_only_in_case_are_one_error_about_the_file(tmp_path: Path) -> None:
    message = one_line_error(write(tmp_path, "c.csv", "a,A\n1,2\n3,4\n"))
    assert "line 1: columns 'a' and 'A' differ only in letter case" in message
    message = one_line_error(write(tmp_path, "k.ndjson", '{"pts": 1}\n{"pts": 2}\n{"PTS": 3}\n'))
    assert "line 3: columns 'pts' and 'PTS' differ only in letter case" in message


def test_case_collision_through_the_cli_is_said_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = write(tmp_path, "c.csv", "a,A\n" + "1,2\n" * 50)
    assert main(["apply"]) == 0
    capsys.readouterr()
    assert main(["ingest", "--source", "file", "--file", str(data), "--table", "c"]) == 1
    err = cli_error(capsys)
    assert "columns 'a' and 'A' differ only in letter case" in err and "rejected" not in err


def test_a_300_character_table_name_is_refused_clearly(tmp_path: Path) -> None:
    data = write(tmp_path, "x.csv", "a\n1\n")
    with pytest.raises(LakeError, match="is 300 characters long") as err:
        make_source("file", location=str(data), table="t" * 300)
    assert "at most 128" in str(err.value)
    long_name = tmp_path / ("s" * 200 + ".csv")
    assert len(default_table(str(long_name))) <= 128


def test_a_300_character_table_name_through_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = write(tmp_path, "x.csv", "a\n1\n")
    assert main(["apply"]) == 0
    capsys.readouterr()
    assert main(["ingest", "--source", "file", "--file", str(data), "--table", "t" * 300]) == 1
    err = cli_error(capsys)
    assert "300 characters" in err and "File name too long" not in err


def test_header_only_csv_through_the_cli_says_no_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = write(tmp_path, "h.csv", "player,points\r\n")
    assert main(["apply"]) == 0
    capsys.readouterr()
    assert main(["ingest", "--source", "file", "--file", str(data), "--table", "h"]) == 1
    err = cli_error(capsys)
    assert "has a header row (player, points) but no rows" in err and "no columns" not in err


def test_a_column_named_like_the_raw_partition_key_keeps_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = write(tmp_path, "d.csv", "Ingest Date,pts\n2020-01-01,3\n")
    assert main(["apply"]) == 0
    assert main(["ingest", "--source", "file", "--file", str(data), "--table", "d"]) == 0
    lake = open_lake(Settings.from_env())
    raw = lake.catalog.get_table(lake.outputs.database, "d_raw")
    assert raw is not None
    names = [c.name for c in (*raw.columns, *raw.partition_keys)]
    assert len(names) == len(set(names)), names
    assert raw.json_key_of("ingest_date_2") == "Ingest Date"


# --- the JSON array reader, chunk by chunk ----------------------------------------------

json_leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(alphabet=st.sampled_from('ab{}[],:"\\\n\t é🏀'), max_size=8),
)
json_values = st.recursive(
    json_leaves,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)
json_records = st.lists(
    st.dictionaries(st.sampled_from(["a", "b", "c", "{", "}"]), json_values, max_size=4),
    min_size=1,
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(json_records, st.integers(min_value=1, max_value=40), st.booleans())
def test_json_arrays_read_the_same_whatever_the_chunks(
    tmp_path_factory: pytest.TempPathFactory,
    records: list[dict[str, Any]],
    chunk: int,
    pretty: bool,
) -> None:
    body = orjson.dumps(records, option=orjson.OPT_INDENT_2 if pretty else 0)
    path = write(tmp_path_factory.mktemp("json"), "r.json", body)
    saved = file_json._CHUNK
    file_json._CHUNK = chunk
    try:
        assert read_all(path, page_size=5) == orjson.loads(body)
    finally:
        file_json._CHUNK = saved


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b'[{"a": 1},\n {"a": 2},\n]', "line 3: a comma ends the JSON array"),
        (b'[{"a": 1}\n {"a": 2}]', "line 2: expected ',' or ']' after item 0"),
        (b'[{"a": 1},\n {"a": NaN}]', "line 2: item 1 of the array is not valid JSON"),
        (b'[{"a": 1},\n {"a": 1e999}]', "line 2: item 1 of the array is not valid JSON"),
        (b'[{"a": 1},\n {"a": "\\ud800"}]', "line 2: item 1 of the array is not valid JSON"),
        (b'[{"a": 1},\n\n 7]', "line 3: item 1 of the array is not an object"),
        (b'[{"a": 1}] {"b": 2}', "line 1: text follows the JSON array"),
        (b'[{"a": 1},\n {"a": 2', "ends before its array is closed"),
        (b"[]", "holds an empty JSON array"),
        (b'[{"a": 1},\n {"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}]", "line 2: item 1"),
        (b'[{"a": 1},\n{"A": 2}]', "line 2: columns 'a' and 'A' differ only in letter case"),
    ],
)
def test_broken_json_arrays_name_the_line(tmp_path: Path, body: bytes, expected: str) -> None:
    assert expected in one_line_error(write(tmp_path, "b.json", body))


@pytest.mark.parametrize("name", ["n.csv", "n.ndjson"])
def test_an_integer_too_long_for_any_type_is_text(tmp_path: Path, name: str) -> None:
    digits = "9" * 5_000  # int() refuses more than 4,300 digits
    body = f"n\n{digits}\n" if name.endswith(".csv") else f'{{"n": "{digits}"}}\n'
    source = FileSource(str(write(tmp_path, name, body)), "t")
    [page] = list(source.fetch("t", 0))
    assert [(c.name, c.type) for c in source.infer_columns(page)] == [("n", "string")]


@pytest.mark.parametrize("name", ["deep.ndjson", "deep.json"])
def test_records_nested_past_the_limit_are_refused_naming_the_line(
    tmp_path: Path, name: str
) -> None:
    deep = b'{"a": ' + b"[" * 1_000 + b"]" * 1_000 + b"}"
    wide = b'{"id": 1, "a": [' + b",".join([b'{"b": [1]}'] * 500) + b"]}"  # shallow
    body = (
        b"\n".join([wide, deep]) if name.endswith("ndjson") else b"[" + wide + b",\n" + deep + b"]"
    )
    assert "line 2 holds values nested more than 64 levels deep" in one_line_error(
        write(tmp_path, name, body)
    )
    shallow = body.replace(deep, b'{"a": ' + b"[" * 60 + b"]" * 60 + b"}")
    assert len(read_all(write(tmp_path, name, shallow))) == 2
