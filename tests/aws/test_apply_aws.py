"""`nba-lake apply --target aws` end to end: the real CLI, real terraform, the moto server.

Also the parity check: the local catalog that `nba-lake apply` writes from the HCL
declarations holds the same tables, columns, types, formats and partition keys as Glue
holds after `terraform apply`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ingest.catalog.local import LocalCatalog
from ingest.outputs import REQUIRED_OUTPUTS, load_outputs
from ingest.settings import Settings
from tests.support.emulator import MotoServer, prepare_terraform_workdir, terraform_env
from tests.support.lakes import layout, provision_local

pytestmark = [pytest.mark.terraform, pytest.mark.aws, pytest.mark.slow]


def _cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ingest.cli", *args],
        env=env,
        text=True,
        capture_output=True,
        timeout=900,
        check=False,
    )


@pytest.fixture(scope="module")
def aws_apply(
    moto_server: MotoServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    """Provision through the CLI once; destroy through the CLI at the end (checked there)."""
    moto_server.reset()
    root = tmp_path_factory.mktemp("apply-aws")
    workdir = prepare_terraform_workdir(root / "terraform", moto_server.endpoint)
    env = terraform_env(moto_server.endpoint, moto_server.region)
    env.update(
        NBA_LAKE_TERRAFORM_DIR=str(workdir),
        LAKE_HOME=str(root / "lake"),
        TF_VAR_force_destroy="true",
        PYTHONPATH=str(Path(__file__).resolve().parents[2]),
    )
    first = _cli(["apply", "--target", "aws", "--yes"], env)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    state: dict[str, Any] = {"env": env, "root": root, "first": first}
    yield state
    destroyed = _cli(["destroy", "--target", "aws", "--yes"], env)
    assert destroyed.returncode == 0, destroyed.stderr[-3000:]
    assert not (root / "lake" / "outputs.json").exists()


def test_apply_writes_the_outputs_contract(aws_apply: dict[str, Any]) -> None:
    outputs_path = aws_apply["root"] / "lake" / "outputs.json"
    document = json.loads(outputs_path.read_text())
    assert set(REQUIRED_OUTPUTS) <= set(document)
    outputs = load_outputs(outputs_path)
    assert outputs.target == "aws"
    assert outputs.bucket == "sports-data-lake-123456789012-us-east-1"
    assert outputs.results_location == f"s3://{outputs.bucket}/athena-results/"
    assert outputs.tables["players"].raw == "nba_player_data"


def test_second_apply_changes_nothing(aws_apply: dict[str, Any]) -> None:
    again = _cli(["apply", "--target", "aws", "--yes"], aws_apply["env"])
    assert again.returncode == 0, again.stderr[-2000:]
    assert "No changes." in again.stdout


def test_tables_lists_glue_tables(aws_apply: dict[str, Any]) -> None:
    listing = _cli(["tables", "--json"], aws_apply["env"])
    assert listing.returncode == 0, listing.stderr
    document = json.loads(listing.stdout)
    assert document["target"] == "aws"
    assert len(document["tables"]) == 6


def _shape(table: dict[str, Any]) -> dict[str, Any]:
    descriptor = table["StorageDescriptor"]
    return {
        "columns": [(c["Name"], c["Type"]) for c in descriptor["Columns"]],
        "partition_keys": [(c["Name"], c["Type"]) for c in table.get("PartitionKeys", [])],
        "serde": descriptor["SerdeInfo"]["SerializationLibrary"],
        "serde_parameters": descriptor["SerdeInfo"].get("Parameters", {}),
        "input_format": descriptor["InputFormat"],
        "output_format": descriptor["OutputFormat"],
        "location_suffix": descriptor["Location"].split("/", 3)[3],
        "dataset": table["Parameters"]["dataset"],
        "layer": table["Parameters"]["layer"],
        "classification": table["Parameters"]["classification"],
        "table_type": table["TableType"],
    }


def test_local_catalog_matches_glue(
    aws_apply: dict[str, Any], moto_server: MotoServer, tmp_path: Path
) -> None:
    outputs = load_outputs(aws_apply["root"] / "lake" / "outputs.json")
    glue = moto_server.client("glue")
    glue_tables = {
        t["Name"]: _shape(t) for t in glue.get_tables(DatabaseName=outputs.database)["TableList"]
    }
    settings = Settings.from_env(target="local", lake_home=tmp_path / "local", env={})
    provision_local(settings)
    local = LocalCatalog(layout(settings).catalog_root)
    local_tables = {t["Name"]: _shape(t) for t in local.table_inputs(outputs.database)}
    assert set(local_tables) == set(glue_tables)
    for name, shape in local_tables.items():
        assert shape == glue_tables[name], name
