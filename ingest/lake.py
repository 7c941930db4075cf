"""An opened lake, and what a target must provide to open one.

`Lake` is a plain record: the names (the outputs contract), the storage and catalog a
target built for them, and that target. Code that needs storage, a catalog or a query
engine asks the `Lake` it was given; nothing outside `ingest.targets` asks which target
it runs on. `ingest.targets.open_lake` builds one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ingest.catalog.base import Catalog
from ingest.outputs import LakeOutputs
from ingest.provision.base import Provisioner
from ingest.query.engine import QueryEngine
from ingest.settings import Settings
from ingest.storage.base import ObjectStore


class Target(Protocol):
    """One place to run the lake (`local` or `aws`): builds everything that touches it.

    Implementations turn their SDK's errors into `LakeError`s, so nothing above them
    catches boto3's or DuckDB's exceptions.
    """

    #: "local" or "aws": the name outputs.json records
    name: str
    #: what runs the SQL, for people ("DuckDB", "Athena")
    engine_name: str

    def open(self, outputs: LakeOutputs) -> Lake:
        """The lake these outputs name: its storage and catalog."""
        ...

    def query_engine(self, lake: Lake) -> QueryEngine:
        """A new engine over `lake` (the caller closes it)."""
        ...

    def provisioner(self) -> Provisioner:
        """Plans, applies and destroys this target's lake."""
        ...


@dataclass(frozen=True)
class Lake:
    """A provisioned lake: its names (the contract), storage, catalog and target."""

    settings: Settings
    outputs: LakeOutputs
    storage: ObjectStore
    catalog: Catalog
    target: Target

    @property
    def history_path(self) -> Path:
        """Where the query history of this lake is kept."""
        return self.settings.history_path
