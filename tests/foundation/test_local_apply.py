"""`nba-lake apply/plan/destroy/tables` on the local target, through the real CLI entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.cli import main
from ingest.outputs import REQUIRED_OUTPUTS, load_outputs

DECLARED_TABLES = {
    "nba_player_data",
    "players",
    "nba_team_data",
    "teams",
    "nba_player_season_stats_data",
    "player_season_stats",
    "nba_game_data",
    "games",
    "nba_player_game_stats_data",
    "player_game_stats",
}


def test_apply_creates_the_lake_and_writes_outputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["apply", "--target", "local"]) == 0
    out = capsys.readouterr().out
    assert "Apply complete! Resources: 14 added" in out
    lake_home = tmp_path / "lake"
    document = json.loads((lake_home / "outputs.json").read_text())
    assert set(REQUIRED_OUTPUTS) <= set(document)
    assert all(set(entry) == {"value", "type", "sensitive"} for entry in document.values())
    outputs = load_outputs(lake_home / "outputs.json")
    assert outputs.target == "local"
    assert outputs.bucket == "sports-data-lake"
    assert outputs.database == "glue_nba_data_lake"
    assert set(outputs.table_names()) == DECLARED_TABLES
    assert outputs.results_location == "s3://sports-data-lake/athena-results/"
    assert (lake_home / "s3" / "sports-data-lake").is_dir()
    workgroup = json.loads((lake_home / "workgroups" / "nba-data-lake.json").read_text())
    assert workgroup["Configuration"]["EnforceWorkGroupConfiguration"] is True


def test_second_apply_reports_no_changes_and_rewrites_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["apply"])
    files = {p: p.stat().st_mtime_ns for p in (tmp_path / "lake").rglob("*") if p.is_file()}
    capsys.readouterr()
    assert main(["apply"]) == 0
    assert "No changes." in capsys.readouterr().out
    assert files == {p: p.stat().st_mtime_ns for p in (tmp_path / "lake").rglob("*") if p.is_file()}


def test_plan_shows_changes_without_making_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan"]) == 0
    assert "Plan: 14 to add, 0 to change, 0 to destroy." in capsys.readouterr().out
    assert not (tmp_path / "lake" / "outputs.json").exists()


def test_tables_lists_the_declared_tables_with_columns(capsys: pytest.CaptureFixture[str]) -> None:
    main(["apply"])
    capsys.readouterr()
    assert main(["tables", "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert {t["name"] for t in listing["tables"]} == DECLARED_TABLES
    stats = next(t for t in listing["tables"] if t["name"] == "player_season_stats")
    names = [c["name"] for c in stats["columns"]]
    for column in (
        "player_id",
        "team",
        "games",
        "points",
        "points_per_game",
        "rebounds_per_game",
        "assists_per_game",
        "minutes_per_game",
    ):
        assert column in names
    assert stats["partition_keys"] == [{"name": "season", "type": "int"}]
    raw = next(t for t in listing["tables"] if t["name"] == "nba_player_data")
    assert raw["layer"] == "raw" and raw["partition_keys"] == [
        {"name": "ingest_date", "type": "string"}
    ]
    assert main(["tables"]) == 0
    assert "points_per_game" in capsys.readouterr().out


def test_changed_declaration_updates_only_that_table(
    terraform_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["apply"])
    tfvars = terraform_copy / "datasets.auto.tfvars"
    tfvars.write_text(
        tfvars.read_text().replace(
            '{ name = "head_coach", type = "string" },',
            '{ name = "head_coach", type = "string" },\n'
            '        { name = "arena", type = "string" },',
        )
    )
    capsys.readouterr()
    main(["apply"])
    out = capsys.readouterr().out
    assert "~ table teams" in out
    assert "Apply complete! Resources: 0 added, 1 changed, 0 destroyed." in out


def test_dataset_removed_from_declarations_loses_its_tables(
    terraform_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["apply"])
    tfvars = terraform_copy / "datasets.auto.tfvars"
    text = tfvars.read_text()
    start, end = text.index("  teams = {"), text.index("  player_season_stats = {")
    tfvars.write_text(text[:start] + text[end:])
    capsys.readouterr()
    main(["apply"])
    out = capsys.readouterr().out
    assert "- table nba_team_data" in out and "- table teams" in out
    outputs = json.loads((tmp_path / "lake" / "outputs.json").read_text())
    assert "teams" not in outputs["tables"]["value"]


def test_destroy_asks_and_never_deletes_without_confirmation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["apply"])
    (tmp_path / "lake" / "s3" / "sports-data-lake" / "raw").mkdir()
    (tmp_path / "lake" / "s3" / "sports-data-lake" / "raw" / "data.json").write_text("{}\n")
    assert main(["destroy"]) == 1  # no terminal to ask on, no --yes
    assert "run it again with --yes" in capsys.readouterr().err
    assert (tmp_path / "lake" / "s3" / "sports-data-lake" / "raw" / "data.json").exists()
    assert main(["destroy", "--yes"]) == 0
    assert not (tmp_path / "lake" / "s3" / "sports-data-lake").exists()
    assert not (tmp_path / "lake" / "outputs.json").exists()
    assert not list((tmp_path / "lake" / "catalog").rglob("*.json"))


def test_destroy_keeps_what_apply_did_not_create(tmp_path: Path) -> None:
    main(["apply"])
    foreign = tmp_path / "lake" / "catalog" / "someone_elses_db" / "database.json"
    foreign.parent.mkdir(parents=True)
    foreign.write_text('{"Name": "someone_elses_db"}')
    main(["destroy", "--yes"])
    assert foreign.exists()


def test_apply_refuses_to_mix_targets_in_one_lake_home(capsys: pytest.CaptureFixture[str]) -> None:
    main(["apply"])
    capsys.readouterr()
    assert main(["apply", "--target", "aws"]) == 1
    err = capsys.readouterr().err.strip()
    assert "already holds a local lake" in err and "LAKE_HOME" in err
    assert len(err.splitlines()) == 1
