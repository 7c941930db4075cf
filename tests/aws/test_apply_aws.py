"""`nba-lake apply|plan|destroy --target aws` end to end: the real CLI, real terraform, the
moto server; two lakes from one checkout; a destroy that never leaves a bucket unprotected.

Two LAKE_HOMEs are applied side by side from one copy of terraform/ (one "checkout"): the
east lake in us-east-1 and the west lake in eu-west-1. Each keeps its Terraform state in
its own LAKE_HOME, so neither plans over the other. Both applies run at once: most of an
apply is the AWS provider's lifecycle waiter (see terraform/modules/storage/main.tf).

Also the parity check: the local catalog that `nba-lake apply` writes from the HCL
declarations holds the same tables, columns, types, formats and partition keys as Glue
holds after `terraform apply`.

The tests below run in file order and share the two lakes; the destroy tests come last.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ingest.catalog.local import LocalCatalog
from ingest.outputs import REQUIRED_OUTPUTS, load_outputs
from ingest.settings import Settings
from tests.support.emulator import (
    REPO_ROOT,
    MotoServer,
    prepare_terraform_workdir,
    terraform_env,
)
from tests.support.lakes import layout, provision_local

TERRAFORM_DIR = Path(__file__).resolve().parents[2] / "terraform"

pytestmark = [pytest.mark.terraform, pytest.mark.aws, pytest.mark.slow]


@dataclass
class AwsLake:
    """One LAKE_HOME provisioned through the CLI, and the environment to run it in."""

    home: Path
    region: str
    env: dict[str, str]

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "ingest.cli", *args],
            env=self.env,
            text=True,
            capture_output=True,
            timeout=900,
            check=False,
        )

    def start(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "ingest.cli", *args],
            env=self.env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )

    @property
    def outputs(self) -> Any:
        return load_outputs(self.home / "outputs.json")

    @property
    def state_path(self) -> Path:
        return self.home / "terraform" / "terraform.tfstate"

    def state_resources(self) -> list[str]:
        state = json.loads(self.state_path.read_text())
        return sorted(
            f"{r.get('module', '')}.{r['type']}.{r['name']}" for r in state.get("resources", [])
        )


@dataclass
class TwoLakes:
    checkout: Path
    east: AwsLake
    west: AwsLake


@pytest.fixture(scope="module")
def lakes(moto_server: MotoServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TwoLakes]:
    """Apply both lakes through the CLI at once; destroy what is left at the end."""
    moto_server.reset()
    root = tmp_path_factory.mktemp("apply-aws")
    checkout = prepare_terraform_workdir(root / "terraform", moto_server.endpoint)

    def lake(name: str, region: str) -> AwsLake:
        env = terraform_env(moto_server.endpoint, region)
        env.update(
            NBA_LAKE_TERRAFORM_DIR=str(checkout),
            LAKE_HOME=str(root / name),
            TF_VAR_region=region,
            PYTHONPATH=str(REPO_ROOT),
        )
        return AwsLake(root / name, region, env)

    two = TwoLakes(checkout, lake("east", "us-east-1"), lake("west", "eu-west-1"))
    applies = [
        (each, each.start("apply", "--target", "aws", "--yes")) for each in (two.east, two.west)
    ]
    for each, process in applies:
        out, err = process.communicate(timeout=900)
        assert process.returncode == 0, f"{each.home.name}: {out[-3000:]}{err[-3000:]}"
    yield two
    for each in (two.east, two.west):
        if (each.home / "outputs.json").exists():
            empty(each, moto_server)  # --delete-data is tested on east: save its extra apply
            destroyed = each.cli("destroy", "--target", "aws", "--yes")
            assert destroyed.returncode == 0, destroyed.stderr[-3000:]


def empty(lake: AwsLake, server: MotoServer) -> None:
    """Delete every object version and delete marker in a lake's bucket."""
    s3, bucket = server.client("s3", lake.region), lake.outputs.bucket
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket):
        for entry in [*page.get("Versions", []), *page.get("DeleteMarkers", [])]:
            s3.delete_object(Bucket=bucket, Key=entry["Key"], VersionId=entry["VersionId"])


def test_apply_writes_the_outputs_contract(lakes: TwoLakes) -> None:
    document = json.loads((lakes.east.home / "outputs.json").read_text())
    assert set(REQUIRED_OUTPUTS) <= set(document)
    outputs = lakes.east.outputs
    assert outputs.target == "aws"
    assert outputs.bucket == "sports-data-lake-123456789012-us-east-1"
    assert outputs.results_location == f"s3://{outputs.bucket}/athena-results/"
    assert outputs.tables["players"].raw == "nba_player_data"
    policy = json.loads(document["lake_user_policy_json"]["value"])
    assert any(f"arn:aws:s3:::{outputs.bucket}" in json.dumps(s) for s in policy["Statement"])


def test_each_lake_keeps_its_own_state(lakes: TwoLakes, moto_server: MotoServer) -> None:
    """State lives in each LAKE_HOME, none in the checkout, and each holds its own lake."""
    assert not list(lakes.checkout.glob("*.tfstate*"))
    assert not (lakes.checkout / ".terraform").exists()
    east, west = lakes.east, lakes.west
    assert west.outputs.region == "eu-west-1"
    assert west.outputs.bucket == "sports-data-lake-123456789012-eu-west-1"
    assert east.state_resources() == west.state_resources()  # the same module, twice
    for each, other in ((east, west), (west, east)):
        text = each.state_path.read_text()
        assert each.outputs.bucket in text and other.outputs.bucket not in text
    for each in (east, west):
        glue = moto_server.client("glue", each.region)
        assert each.outputs.database in {d["Name"] for d in glue.get_databases()["DatabaseList"]}


def test_a_second_apply_and_the_other_lakes_plan_change_nothing(lakes: TwoLakes) -> None:
    """With one state shared by the checkout, the west lake's plan would replace the east
    lake's bucket, database and workgroup. Both run at once: both only read."""
    apply = lakes.east.start("apply", "--target", "aws", "--yes")
    plan = lakes.west.start("plan", "--target", "aws")
    for name, process in (("east apply", apply), ("west plan", plan)):
        out, err = process.communicate(timeout=900)
        assert process.returncode == 0, f"{name}: {out[-2000:]}{err[-2000:]}"
        assert "No changes." in out, f"{name}: {out[-3000:]}"


def test_tables_lists_glue_tables(lakes: TwoLakes) -> None:
    listing = lakes.east.cli("tables", "--json")
    assert listing.returncode == 0, listing.stderr
    document = json.loads(listing.stdout)
    assert document["target"] == "aws"
    assert len(document["tables"]) == 2 * len(lakes.east.outputs.tables)


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
    lakes: TwoLakes, moto_server: MotoServer, tmp_path: Path
) -> None:
    outputs = lakes.east.outputs
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


# -- destroy during an ingest: it takes the ingest lock ---------------------------------------


def test_destroy_during_an_ingest_is_refused_and_removes_nothing(
    lakes: TwoLakes, moto_server: MotoServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lock an ingest holds in the bucket stops a destroy (after its bounded wait)
    before Terraform runs; once released, the lock's own objects are not "data"."""
    from ingest.pipeline.lock import ingest_lock
    from ingest.targets import open_lake

    west = lakes.west
    for key, value in west.env.items():
        if key.startswith("AWS_"):
            monkeypatch.setenv(key, value)
    lake = open_lake(Settings.from_env(lake_home=west.home))
    before, resources = protections(west, moto_server), west.state_resources()
    with ingest_lock(lake.storage):
        refused = west.cli("destroy", "--target", "aws", "--yes", "--wait", "1")
    assert refused.returncode == 1, refused.stdout[-2000:] + refused.stderr[-2000:]
    [line] = refused.stderr.strip().splitlines()
    assert "another ingest is running on this lake" in line, line
    assert line.endswith("nothing was destroyed: wait for it to finish and run again"), line
    assert protections(west, moto_server) == before
    assert west.state_resources() == resources
    s3 = moto_server.client("s3", west.region)
    versions = s3.list_object_versions(Bucket=west.outputs.bucket)
    assert {v["Key"] for v in versions.get("Versions", [])} == {"_locks/ingest.lock"}


# -- destroy: refused while the bucket holds data, complete with --delete-data -------------


def protections(lake: AwsLake, server: MotoServer) -> dict[str, Any]:
    """Everything Terraform would remove before the bucket, as AWS reports it now."""
    s3 = server.client("s3", lake.region)
    glue = server.client("glue", lake.region)
    athena = server.client("athena", lake.region)
    outputs = lake.outputs
    bucket = outputs.bucket
    return {
        "policy": json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"]),
        "encryption": s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"],
        "public_access_block": s3.get_public_access_block(Bucket=bucket)[
            "PublicAccessBlockConfiguration"
        ],
        "ownership": s3.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"],
        "versioning": s3.get_bucket_versioning(Bucket=bucket)["Status"],
        "lifecycle": s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"],
        "database": glue.get_database(Name=outputs.database)["Database"]["Name"],
        "tables": sorted(
            t["Name"] for t in glue.get_tables(DatabaseName=outputs.database)["TableList"]
        ),
        "workgroup": athena.get_work_group(WorkGroup=outputs.workgroup)["WorkGroup"]["State"],
    }


REFUSAL = re.compile(
    r"^nba-lake: error: the lake holds data \(bucket sports-data-lake-123456789012-us-east-1: "
    r"(?P<where>[^)]*)\); nothing was destroyed: to delete the lake with its data run make "
    r"destroy TARGET=aws DELETE_DATA=1 \(nba-lake destroy --delete-data\); to keep the data, "
    r"copy it elsewhere first$"
)


def test_destroying_a_lake_with_data_is_refused_and_removes_nothing(
    lakes: TwoLakes, moto_server: MotoServer
) -> None:
    east = lakes.east
    loaded = east.cli("ingest", "--dataset", "teams")
    assert loaded.returncode == 0, loaded.stderr[-2000:]
    before, resources = protections(east, moto_server), east.state_resources()

    refused = east.cli("destroy", "--target", "aws", "--yes")

    assert refused.returncode == 1
    [line] = refused.stderr.strip().splitlines()
    match = REFUSAL.match(line)
    assert match, line
    assert {"raw/", "curated/", "_manifests/"} <= set(match["where"].split(", ")), line
    assert protections(east, moto_server) == before
    assert east.state_resources() == resources
    assert (east.home / "outputs.json").exists()


def test_a_bucket_holding_only_deleted_versions_is_refused_too(
    lakes: TwoLakes, moto_server: MotoServer
) -> None:
    """Versioning keeps a deleted object as a noncurrent version behind a delete marker:
    ListObjectsV2 shows an empty bucket, but S3 would still refuse to delete it."""
    west = lakes.west
    s3 = moto_server.client("s3", west.region)
    bucket = west.outputs.bucket
    s3.put_object(Bucket=bucket, Key="raw/notes.txt", Body=b"kept by versioning")
    s3.delete_object(Bucket=bucket, Key="raw/notes.txt")
    assert s3.list_objects_v2(Bucket=bucket).get("KeyCount") == 0
    before = protections(west, moto_server)

    refused = west.cli("destroy", "--target", "aws", "--yes")

    assert refused.returncode == 1, refused.stderr
    assert f"holds data (bucket {bucket}: raw/)" in refused.stderr
    assert protections(west, moto_server) == before


def test_a_workgroup_holding_saved_queries_is_refused_too(
    lakes: TwoLakes, moto_server: MotoServer
) -> None:
    """The workgroup is destroyed with its contents (query history makes every used
    workgroup "not empty"), so saved queries count as data."""
    east = lakes.east
    athena = moto_server.client("athena", east.region)
    athena.create_named_query(
        Name="top scorers",
        Database=east.outputs.database,
        QueryString="SELECT 1",
        WorkGroup=east.outputs.workgroup,
    )
    refused = east.cli("destroy", "--target", "aws", "--yes")
    assert refused.returncode == 1, refused.stderr
    assert f"workgroup {east.outputs.workgroup}: 1 saved queries" in refused.stderr


def test_destroy_with_delete_data_removes_the_lake_and_leaves_the_other(
    lakes: TwoLakes, moto_server: MotoServer
) -> None:
    east, west = lakes.east, lakes.west
    west_before, west_state = protections(west, moto_server), west.state_path.read_text()
    outputs = east.outputs

    destroyed = east.cli("destroy", "--target", "aws", "--yes", "--delete-data")

    assert destroyed.returncode == 0, destroyed.stdout[-3000:] + destroyed.stderr[-3000:]
    s3 = moto_server.client("s3", east.region)
    glue = moto_server.client("glue", east.region)
    athena = moto_server.client("athena", east.region)
    assert outputs.bucket not in {b["Name"] for b in s3.list_buckets()["Buckets"]}
    assert outputs.database not in {d["Name"] for d in glue.get_databases()["DatabaseList"]}
    assert outputs.workgroup not in {w["Name"] for w in athena.list_work_groups()["WorkGroups"]}
    assert not (east.home / "outputs.json").exists()
    assert east.state_resources() == []
    assert protections(west, moto_server) == west_before
    assert west.state_path.read_text() == west_state


def test_make_destroy_passes_delete_data() -> None:
    dry = subprocess.run(
        ["make", "-n", "destroy", "TARGET=aws", "DELETE_DATA=1", "YES=1"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "destroy --target aws --yes --delete-data" in dry.stdout, dry.stdout + dry.stderr
