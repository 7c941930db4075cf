"""The `local` target: an embedded lake under LAKE_HOME, queried by DuckDB."""

from __future__ import annotations

from ingest.catalog.local import LocalCatalog
from ingest.interrupts import interrupts_deferred
from ingest.lake import Lake
from ingest.outputs import LakeOutputs
from ingest.provision.base import Provisioner
from ingest.provision.layout import LocalLayout
from ingest.query.engine import QueryEngine
from ingest.settings import Settings
from ingest.storage.base import split_s3_uri
from ingest.storage.lifecycle import expire_objects
from ingest.storage.local import LocalObjectStore


class LocalTarget:
    """Folders in S3 layout, a Glue-shaped catalog in JSON files, DuckDB for SQL."""

    name = "local"
    engine_name = "DuckDB"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.layout = LocalLayout(settings.lake_home)

    def open(self, outputs: LakeOutputs) -> Lake:
        return Lake(
            self.settings,
            outputs,
            LocalObjectStore(self.layout.buckets_root, outputs.bucket),
            LocalCatalog(self.layout.catalog_root),
            self,
        )

    def query_engine(self, lake: Lake, *, threads: int | None = None) -> QueryEngine:
        self.expire_results(lake)
        # DuckDB and sqlglot load on use. A Ctrl-C while DuckDB loads or sets up its
        # connection and views would abort the process (SIGABRT): it is held until then.
        with interrupts_deferred():
            from ingest.query.local_engine import DuckDbEngine

            return DuckDbEngine(
                lake.catalog,
                lake.outputs,
                buckets_root=self.layout.buckets_root,
                work_dir=self.settings.work_dir,
                threads=threads,
            )

    def expire_results(self, lake: Lake) -> int:
        """Delete result CSVs older than the lifecycle rule keeps them on S3."""
        bucket, prefix = split_s3_uri(lake.outputs.results_location)
        store = LocalObjectStore(self.layout.buckets_root, bucket)
        return expire_objects(store, prefix, lake.outputs.athena_results_expiration_days)

    def provisioner(self) -> Provisioner:
        from ingest.provision.local import LocalProvisioner  # python-hcl2 loads on use

        return LocalProvisioner(
            self.settings.terraform_dir, self.settings.outputs_path, self.layout
        )
