"""outputs.json, the Terraform variables and the local state are checked, never trusted:
every name against the rules S3, Glue and Athena apply, every local path inside LAKE_HOME,
and a binary or garbled file is one line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ingest.cli import main

# (field, hostile value, words the error must hold)
HOSTILE_OUTPUTS: list[tuple[str, Any]] = [
    ("bucket", "../../escape"),
    ("bucket", "Upper_Case"),
    ("bucket", "192.168.0.1"),
    ("bucket", "a" * 64),
    ("database", "../escape"),
    ("database", "x; DROP TABLE y"),
    ("database", 'a"b'),
    ("workgroup", "../../escape"),
    ("region", "../escape"),
    ("results_location", "s3://../escape/"),
    ("results_location", "/tmp/escape"),
    ("raw_prefix", "../../../escape"),
    ("raw_prefix", "/absolute"),
    ("curated_prefix", "a//b"),
    ("rejected_prefix", "ok/../../escape"),
    ("manifests_prefix", "."),
    ("bytes_scanned_cutoff_per_query", "ten"),
    ("bytes_scanned_cutoff_per_query", 1.5),
    ("bytes_scanned_cutoff_per_query", True),
    ("bytes_scanned_cutoff_per_query", float("inf")),
    ("bucket", 12345),
]


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert err.startswith("nba-lake: error: ") and "Traceback" not in err
    return err


def _edit_outputs(path: Path, field: str, value: Any) -> None:
    document = json.loads(path.read_text())
    document[field]["value"] = value
    path.write_text(json.dumps(document))


def _everything_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


@pytest.mark.parametrize(("field", "value"), HOSTILE_OUTPUTS)
def test_a_hostile_name_in_outputs_is_one_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], field: str, value: Any
) -> None:
    assert main(["apply"]) == 0
    outputs = tmp_path / "lake" / "outputs.json"
    _edit_outputs(outputs, field, value)
    before = _everything_under(tmp_path)
    capsys.readouterr()
    for command in (
        ["tables"],
        ["ingest", "--dataset", "teams", "--season", "2025"],
        ["query", "SELECT 1 AS one"],
    ):
        assert main(command) == 1, command
        err = _one_line(capsys)
        assert field in err and "make apply" in err
    assert _everything_under(tmp_path) == before, "something was written"
    assert not (tmp_path / "escape").exists() and not Path("/tmp/escape").exists()


@pytest.mark.parametrize("table", ["../../escape", "Players", "a b", "x" * 256])
def test_a_hostile_table_name_in_outputs_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], table: str
) -> None:
    assert main(["apply"]) == 0
    outputs = tmp_path / "lake" / "outputs.json"
    document = json.loads(outputs.read_text())
    document["tables"]["value"]["teams"]["curated"] = table
    outputs.write_text(json.dumps(document))
    capsys.readouterr()
    assert main(["ingest", "--dataset", "teams", "--season", "2025"]) == 1
    assert "table name" in _one_line(capsys)
    assert not (tmp_path / "escape").exists()


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe\x00\x01binary\x80", b"\x1f\x8b\x08\x00gzip", b"[" * 100_000, b"", b"null"],
    ids=["binary", "gzip", "deeply nested", "empty", "null"],
)
def test_a_binary_or_garbled_outputs_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    (tmp_path / "lake").mkdir()
    (tmp_path / "lake" / "outputs.json").write_bytes(content)
    for command in (["tables"], ["query", "SELECT 1"], ["ingest", "--dataset", "teams"]):
        assert main(command) == 1
        assert "outputs.json" in _one_line(capsys)


def test_apply_repairs_a_garbled_outputs_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["apply"]) == 0
    (tmp_path / "lake" / "outputs.json").write_bytes(b"\xff\xfe\x00garbage")
    assert main(["apply"]) == 0
    capsys.readouterr()
    assert main(["tables"]) == 0


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("bucket_name", "../../escape"),
        ("database_name", "../escape"),
        ("workgroup_name", "../../escape"),
        ("raw_prefix", "../../../escape"),
        ("results_prefix", "/absolute"),
    ],
)
def test_a_hostile_terraform_variable_never_leaves_lake_home(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
    value: str,
) -> None:
    monkeypatch.setenv(f"TF_VAR_{variable}", value)
    assert main(["apply"]) == 1
    err = _one_line(capsys)
    assert variable in err and "not valid" in err
    assert not (tmp_path / "escape").exists()
    assert not (tmp_path / "lake" / "outputs.json").exists()


@pytest.mark.parametrize(
    "state",
    [
        b"not json",
        b"\xff\xfe\x00",
        b'{"bucket": "../../escape", "database": null, "tables": [], "workgroup": null}',
        b'{"bucket": null, "database": "glue_nba_data_lake", "tables": ["../../x"]}',
        b'{"unexpected": 1}',
    ],
    ids=["not json", "binary", "bucket escapes", "table escapes", "unknown field"],
)
def test_a_damaged_local_state_is_one_line_and_destroys_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], state: bytes
) -> None:
    escape = tmp_path / "escape"
    (escape / "keep").mkdir(parents=True)
    (escape / ".nba-lake-bucket").write_text("looks like a bucket\n")
    assert main(["apply"]) == 0
    (tmp_path / "lake" / "local-state.json").write_bytes(state)
    capsys.readouterr()
    assert main(["destroy", "--yes"]) == 1
    assert "local-state.json" in _one_line(capsys)
    assert (escape / "keep").is_dir()
    assert (tmp_path / "lake" / "outputs.json").exists()
