"""Where the `local` target keeps its lake under LAKE_HOME: buckets, catalog, workgroups."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LocalLayout:
    """The folders and files of an embedded lake (the local analogue of an AWS account)."""

    home: Path

    @property
    def buckets_root(self) -> Path:
        """One folder per bucket, keys as relative paths."""
        return self.home / "s3"

    @property
    def catalog_root(self) -> Path:
        """The Glue-shaped catalog."""
        return self.home / "catalog"

    @property
    def workgroups_root(self) -> Path:
        """Workgroup settings in Athena's GetWorkGroup shape."""
        return self.home / "workgroups"

    @property
    def state_path(self) -> Path:
        """What apply created, so destroy removes only that."""
        return self.home / "local-state.json"
