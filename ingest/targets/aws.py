"""The `aws` target: S3, the Glue Data Catalog and Athena through boto3; Terraform provisions.

Credentials come from the standard AWS chain (env, profile, SSO, instance role); the
region from outputs.json. `AWS_ENDPOINT_URL` (honoured by boto3 itself) points every
client at an emulator, which is how the tests reach a moto server. `TF_PLUGIN_DIR` names
an offline provider mirror for `terraform init`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, cast

import boto3
from botocore.config import Config

from ingest import __version__
from ingest.catalog.glue import GlueCatalog
from ingest.lake import Lake
from ingest.outputs import LakeOutputs
from ingest.provision.base import Provisioner
from ingest.query.engine import QueryEngine
from ingest.settings import Settings
from ingest.storage.s3 import S3ObjectStore
from ingest.targets.aws_data import clear_locks, data_held
from ingest.targets.aws_errors import translated

#: The user agent names the project, so its calls can be told apart in CloudTrail.
USER_AGENT = f"nba-lake/{__version__}"
_CONFIG = Config(
    retries={"max_attempts": 8, "mode": "adaptive"},
    connect_timeout=10,
    read_timeout=60,
    user_agent_extra=USER_AGENT,
)


def client(service: str, region: str) -> Any:
    """A boto3 client with adaptive retries and timeouts."""
    session = cast(Any, boto3.session.Session())  # stubs type clients per literal name
    return session.client(service, region_name=region, config=_CONFIG)


def lake_data(outputs: dict[str, Any]) -> list[str]:
    """Where the lake these `terraform output` values name holds data (`aws_data`)."""
    region = outputs.get("region")
    if not region:
        return []
    return data_held(client("s3", str(region)), client("athena", str(region)), outputs)


def lake_clear_locks(outputs: dict[str, Any]) -> None:
    """Remove the lock's object versions from the lake's bucket (`aws_data.clear_locks`)."""
    region, bucket = outputs.get("region"), outputs.get("bucket")
    if region and bucket:
        clear_locks(client("s3", str(region)), str(bucket))


class AwsTarget:
    """A lake in an AWS account."""

    name = "aws"
    engine_name = "Athena"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def open(self, outputs: LakeOutputs) -> Lake:
        region = outputs.region
        return Lake(
            self.settings,
            outputs,
            translated(S3ObjectStore(client("s3", region), outputs.bucket)),
            translated(GlueCatalog(client("glue", region))),
            self,
        )

    def query_engine(self, lake: Lake) -> QueryEngine:
        from ingest.query.athena_engine import AthenaEngine  # pyarrow's CSV reader on use

        region = lake.outputs.region
        return AthenaEngine(
            lake.outputs,
            athena_client=client("athena", region),
            s3_client=client("s3", region),
            owns_clients=True,
        )

    def provisioner(self) -> Provisioner:
        from ingest.provision.terraform import TerraformRunner

        plugin_dir = os.environ.get("TF_PLUGIN_DIR")
        return TerraformRunner(
            self.settings.terraform_dir,
            self.settings.outputs_path,
            lake_home=self.settings.lake_home,
            data_held=translated(lake_data),
            clear_locks=translated(lake_clear_locks),
            plugin_dir=Path(plugin_dir).expanduser().resolve() if plugin_dir else None,
        )
