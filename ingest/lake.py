"""Open the lake that outputs.json describes: its storage and catalog, for its target.

Code that needs storage or a catalog asks the `Lake` it was given; nothing else checks
which target it runs on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ingest import aws
from ingest.catalog.base import Catalog
from ingest.catalog.glue import GlueCatalog
from ingest.catalog.local import LocalCatalog
from ingest.outputs import LakeOutputs, load_outputs
from ingest.settings import Settings
from ingest.storage.base import ObjectStore
from ingest.storage.local import LocalObjectStore
from ingest.storage.s3 import S3ObjectStore

if TYPE_CHECKING:
    from ingest.query.engine import QueryEngine


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

    def query_engine(self) -> QueryEngine:
        """Athena on `aws`, DuckDB over the files on `local` (imported here: startup stays fast)."""
        if self.outputs.target == "aws":
            from ingest.query.athena_engine import AthenaEngine

            return AthenaEngine(self)
        from ingest.query.local_engine import DuckDbEngine

        return DuckDbEngine(self)

    @property
    def history_path(self) -> Path:
        """Where the query history of this lake is kept (both targets)."""
        return self.settings.lake_home / "history.ndjson"


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
