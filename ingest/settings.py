"""Where things are and which target to use, from the environment, in one place.

Only the paths every target shares and the target's name live here: each target keeps
its own (`ingest.targets`). Resource names (bucket, database, tables, workgroup) never
do: they come from the outputs contract (`ingest.outputs`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ingest.errors import LakeError

TargetName = Literal["local", "aws"]
TARGETS: tuple[TargetName, ...] = ("local", "aws")

_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def parse_target(value: str) -> TargetName:
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
    #: the target the user asked for (`--target`, NBA_LAKE_TARGET); an existing lake's own
    #: target comes from its outputs.json
    target: TargetName

    @property
    def outputs_path(self) -> Path:
        """The outputs contract: `terraform output -json` shape, for either target."""
        return self.lake_home / "outputs.json"

    @property
    def history_path(self) -> Path:
        """The query history of this lake (both targets)."""
        return self.lake_home / "history.ndjson"

    @property
    def work_dir(self) -> Path:
        """Scratch space on this machine: staging of ingest runs, DuckDB's spill files."""
        return self.lake_home / "tmp"

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
        return cls(
            project_root=root,
            lake_home=Path(home).expanduser().resolve(),
            terraform_dir=Path(tf_dir).expanduser().resolve(),
            target=parse_target(target or environ.get("NBA_LAKE_TARGET") or "local"),
        )
