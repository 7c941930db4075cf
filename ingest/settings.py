"""Where things are and which target to use, from the environment, in one place.

Only paths and the target live here. Resource names (bucket, database, tables,
workgroup) never do: they come from the outputs contract (`ingest.outputs`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ingest.errors import LakeError

Target = Literal["local", "aws"]
TARGETS: tuple[Target, ...] = ("local", "aws")

_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def parse_target(value: str) -> Target:
    """Validate a target name, with an error that lists the valid ones."""
    name = value.strip().lower()
    if name not in TARGETS:
        raise LakeError(
            f"unknown target '{value}'",
            "use TARGET=local (the embedded lake, the default) or TARGET=aws",
        )
    return name


def _project_root() -> Path:
    """The checkout that holds terraform/, or the working folder for a plain install."""
    if (_PACKAGE_ROOT / "terraform").is_dir():
        return _PACKAGE_ROOT
    return Path.cwd()


@dataclass(frozen=True)
class Settings:
    """Paths and the target, resolved once and passed down."""

    project_root: Path
    lake_home: Path
    terraform_dir: Path
    target: Target
    tf_plugin_dir: Path | None

    @property
    def outputs_path(self) -> Path:
        """The outputs contract: `terraform output -json` shape, for either target."""
        return self.lake_home / "outputs.json"

    @property
    def buckets_root(self) -> Path:
        """`local` target: one folder per bucket, keys as relative paths."""
        return self.lake_home / "s3"

    @property
    def catalog_root(self) -> Path:
        """`local` target: the Glue-shaped catalog."""
        return self.lake_home / "catalog"

    @property
    def workgroups_root(self) -> Path:
        """`local` target: workgroup settings in Athena's GetWorkGroup shape."""
        return self.lake_home / "workgroups"

    @property
    def local_state_path(self) -> Path:
        """`local` target: what apply created, so destroy removes only that."""
        return self.lake_home / "local-state.json"

    @classmethod
    def from_env(
        cls,
        *,
        target: str | None = None,
        lake_home: str | Path | None = None,
        env: dict[str, str] | None = None,
    ) -> Settings:
        """Build settings from explicit values, then the environment, then defaults."""
        environ = os.environ if env is None else env
        root = _project_root()
        home = lake_home or environ.get("LAKE_HOME") or root / ".lake"
        tf_dir = environ.get("NBA_LAKE_TERRAFORM_DIR") or root / "terraform"
        plugin_dir = environ.get("TF_PLUGIN_DIR")
        return cls(
            project_root=root,
            lake_home=Path(home).expanduser().resolve(),
            terraform_dir=Path(tf_dir).expanduser().resolve(),
            target=parse_target(target or environ.get("NBA_LAKE_TARGET") or "local"),
            tf_plugin_dir=Path(plugin_dir).expanduser().resolve() if plugin_dir else None,
        )
