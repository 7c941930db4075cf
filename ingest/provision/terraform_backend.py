"""Where an `aws` lake's Terraform state lives: with the lake, never with the checkout.

Each LAKE_HOME holds its own state and Terraform working data, so two lakes (two regions,
other variables) provisioned from one checkout never plan over each other:

- `LAKE_HOME/terraform/terraform.tfstate`: the state, with the `local` backend that
  terraform/backend.tf declares (the path is given at `terraform init`);
- `LAKE_HOME/terraform/.terraform/`: Terraform's working data (`TF_DATA_DIR`): the backend
  settings it was initialised with, provider links;
- `LAKE_HOME/terraform/backend.hcl`, when present: the settings of a remote backend for
  this lake (S3 with a lock file, for teams; see the README), passed to `terraform init`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ingest.errors import LakeError
from ingest.terraform_config import parse_hcl_file


def declared_backend(terraform_dir: Path) -> str:
    """The backend type the root module declares (`terraform { backend "TYPE" {} }`)."""
    for tf_file in sorted(terraform_dir.glob("*.tf")):
        for block in parse_hcl_file(tf_file).get("terraform", []):
            for backend in block.get("backend", []):
                return str(next(iter(backend)))
    return "local"


@dataclass(frozen=True)
class LakeState:
    """The state and working data of one lake's Terraform root module."""

    terraform_dir: Path
    lake_home: Path

    @property
    def folder(self) -> Path:
        return self.lake_home / "terraform"

    @property
    def state_path(self) -> Path:
        """The local backend's state file."""
        return self.folder / "terraform.tfstate"

    @property
    def data_dir(self) -> Path:
        """`TF_DATA_DIR`: what `terraform init` records for this lake."""
        return self.folder / ".terraform"

    @property
    def backend_file(self) -> Path:
        """Remote backend settings for this lake (bucket, key, region, use_lockfile)."""
        return self.folder / "backend.hcl"

    def init_args(self) -> list[str]:
        """The `-backend-config` that points `terraform init` at this lake's state."""
        if self.backend_file.is_file():
            return [f"-backend-config={self.backend_file}"]
        backend = declared_backend(self.terraform_dir)
        if backend != "local":
            raise LakeError(
                f"{self.terraform_dir.name}/ declares the {backend} backend, but this lake "
                f"has no {self.backend_file}",
                "put the backend's settings for this lake there (see the README, "
                '"State: one per lake")',
            )
        self._refuse_checkout_state()
        return [f"-backend-config=path={self.state_path}"]

    def _refuse_checkout_state(self) -> None:
        """State left in the checkout by an older version belongs to some lake: applying
        without it would try to create that lake's resources a second time."""
        legacy = self.terraform_dir / "terraform.tfstate"
        if legacy.is_file() and not self.state_path.exists():
            raise LakeError(
                f"{legacy} holds the state of a lake made before state moved into LAKE_HOME",
                f"if it is this lake's, move it: mkdir -p {self.folder} && mv {legacy} "
                f"{self.state_path}; otherwise move it to its own LAKE_HOME the same way",
            )
