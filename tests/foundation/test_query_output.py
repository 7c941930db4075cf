"""`nba-lake query --output` never writes into the lake's own files, and never silently keeps
one result of several."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.cli import main


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert err.startswith("nba-lake: error: ")
    return err


@pytest.fixture
def lake_home(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["apply"]) == 0
    capsys.readouterr()
    return tmp_path / "lake"


@pytest.mark.parametrize(
    "inside", ["outputs.json", "history.ndjson", "s3/sports-data-lake/x.csv", "catalog/new.json"]
)
def test_output_into_the_lake_folder_is_refused(
    lake_home: Path, capsys: pytest.CaptureFixture[str], inside: str
) -> None:
    before = {p: p.read_bytes() for p in lake_home.rglob("*") if p.is_file()}
    assert main(["query", "SELECT 1 AS one", "--output", str(lake_home / inside)]) == 1
    err = _one_line(capsys)
    assert "inside the lake's folder" in err and "somewhere else" in err
    after = {p: p.read_bytes() for p in lake_home.rglob("*") if p.is_file()}
    assert after == before


def test_a_symlink_into_the_lake_is_seen_through(
    lake_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "innocent").symlink_to(lake_home)
    before = (lake_home / "outputs.json").read_bytes()
    target = tmp_path / "innocent" / "outputs.json"
    assert main(["query", "SELECT 1 AS one", "--output", str(target)]) == 1
    assert "inside the lake's folder" in _one_line(capsys)
    assert (lake_home / "outputs.json").read_bytes() == before


def test_output_into_the_terraform_declarations_is_refused(
    terraform_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["apply"]) == 0
    capsys.readouterr()
    before = (terraform_copy / "main.tf").read_bytes()
    assert main(["query", "SELECT 1 AS one", "--output", str(terraform_copy / "main.tf")]) == 1
    assert "Terraform declarations" in _one_line(capsys)
    assert (terraform_copy / "main.tf").read_bytes() == before


def test_one_output_for_several_statements_is_refused(
    lake_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.csv"
    assert main(["query", "SELECT 1 AS a; SELECT 2 AS b", "--output", str(target)]) == 1
    assert "2 statements" in _one_line(capsys)
    assert not target.exists()


def test_one_statement_to_a_file_outside_the_lake_is_written(
    lake_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.csv"
    assert main(["query", "SELECT 1 AS a", "--output", str(target)]) == 0
    assert target.read_text().split() == ['"a"', "1"]
