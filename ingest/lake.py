"""Open the lake that outputs.json describes: its storage and catalog, for its target.

Code that needs storage or a catalog asks the `Lake` it was given; nothing else checks
which target it runs on.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest import aws
from ingest.catalog.base import Catalog
from ingest.catalog.glue import GlueCatalog
from ingest.catalog.local import LocalCatalog
from ingest.outputs import LakeOutputs, load_outputs
from ingest.settings import Settings
from ingest.storage.base import ObjectStore
from ingest.storage.local import LocalObjectStore
from ingest.storage.s3 import S3ObjectStore


@dataclass(frozen=True)
class Lake:
    """A provisioned lake: its names (the contract), storage and catalog."""

    settings: Settings
    outputs: LakeOutputs
    storage: ObjectStore
    catalog: Catalog

    @property
    def target(self) -> str:
        return self.outputs.target


def open_lake(settings: Settings) -> Lake:
    """The lake in `settings.lake_home`; fails with 'run make apply' when there is none."""
    outputs = load_outputs(settings.outputs_path)
    if outputs.target == "aws":
        return Lake(
            settings,
            outputs,
            S3ObjectStore(aws.client("s3", outputs.region), outputs.bucket),
            GlueCatalog(aws.client("glue", outputs.region)),
        )
    return Lake(
        settings,
        outputs,
        LocalObjectStore(settings.buckets_root, outputs.bucket),
        LocalCatalog(settings.catalog_root),
    )
