"""Bad input gets one clear line that says what to do, and changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.cli import main
from ingest.settings import Settings
from tui.app import LakeApp


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert err.startswith("nba-lake: error: ")
    return err


def test_malformed_tfvars_names_the_file_and_changes_nothing(
    terraform_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["apply"])
    before = (tmp_path / "lake" / "outputs.json").read_bytes()
    (terraform_copy / "terraform.tfvars").write_text('bucket_name = "unterminated\nregion = \n')
    assert main(["apply"]) == 1
    err = _one_line_error(capsys)
    assert "terraform.tfvars" in err and "fix the HCL syntax" in err
    assert (tmp_path / "lake" / "outputs.json").read_bytes() == before


def test_tfvars_setting_an_undeclared_variable_is_refused(
    terraform_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (terraform_copy / "terraform.tfvars").write_text('bukcet_name = "typo"\n')
    assert main(["apply"]) == 1
    assert "'bukcet_name'" in _one_line_error(capsys)


def test_tfvars_overrides_the_default(
    terraform_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (terraform_copy / "terraform.tfvars").write_text('database_name = "my_nba"\n')
    assert main(["apply"]) == 0
    capsys.readouterr()
    main(["tables", "--json"])
    assert '"database": "my_nba"' in capsys.readouterr().out


def test_bad_column_type_in_the_declaration(
    terraform_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tfvars = terraform_copy / "datasets.auto.tfvars"
    tfvars.write_text(
        tfvars.read_text().replace(
            '{ name = "jersey", type = "int" }', '{ name = "jersey", type = "integer" }', 1
        )
    )
    assert main(["apply"]) == 1
    err = _one_line_error(capsys)
    assert "unknown type 'integer'" in err and "use one of" in err


def test_missing_outputs_tells_the_user_to_run_make_apply(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["tables"]) == 1
    err = _one_line_error(capsys)
    assert "no lake outputs" in err and "make apply" in err


def test_corrupt_outputs_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "lake").mkdir()
    (tmp_path / "lake" / "outputs.json").write_text("{not json")
    assert main(["tables"]) == 1
    assert "make apply" in _one_line_error(capsys)


def test_unknown_target(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["apply", "--target", "gcp"]) == 1
    err = _one_line_error(capsys)
    assert "unknown target 'gcp'" in err and "TARGET=local" in err


def test_unknown_target_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NBA_LAKE_TARGET", "azure")
    assert main(["plan"]) == 1
    assert "unknown target 'azure'" in _one_line_error(capsys)


async def test_tui_without_a_lake_says_to_run_make_apply(settings: Settings) -> None:
    app = LakeApp(settings)
    async with app.run_test() as pilot:
        await pilot.pause()
        status = str(app.query_one("#status").render())
        assert "make apply" in status


def test_outputs_with_a_broken_tables_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["apply"])
    path = tmp_path / "lake" / "outputs.json"
    document = json.loads(path.read_text())
    document["tables"]["value"] = ["not", "a", "map"]
    path.write_text(json.dumps(document))
    capsys.readouterr()
    assert main(["tables"]) == 1
    assert "`tables` entry" in _one_line_error(capsys)
