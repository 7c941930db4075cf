"""Provision the `aws` target: run Terraform, then save its outputs as the contract."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ingest.errors import LakeError
from ingest.outputs import write_outputs
from ingest.provision.base import Confirm, Say, quiet
from ingest.provision.terraform_backend import LakeState

#: Where a lake holds data, from its `terraform output` values (name -> value): one phrase
#: per place ("bucket B: raw/, curated/"); empty when a destroy would lose nothing.
DataCheck = Callable[[dict[str, Any]], list[str]]
#: Removes the lake's lock objects (every version) so an empty bucket can be deleted.
LockClear = Callable[[dict[str, Any]], None]

#: The buckets whose `force_destroy` lets `terraform destroy` delete their objects: the
#: lake's, and the scheduled function's artifacts bucket (when enable_schedule is on; a
#: target that names nothing is ignored).
_FORCE_DESTROY_TARGETS = (
    "-target=module.storage.aws_s3_bucket.this",
    "-target=module.schedule[0].aws_s3_bucket.artifacts",
)
_DELETE_DATA = "make destroy TARGET=aws DELETE_DATA=1 (nba-lake destroy --delete-data)"


class TerraformRunner:
    """`terraform init / plan / apply / destroy / output` in the root module (a `Provisioner`),
    with the state of the lake in `lake_home` (see `terraform_backend`).

    Terraform prints its own plan and asks its own question, on the user's terminal.
    """

    def __init__(
        self,
        terraform_dir: Path,
        outputs_path: Path,
        *,
        lake_home: Path | None = None,
        data_held: DataCheck | None = None,
        clear_locks: LockClear | None = None,
        plugin_dir: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.terraform_dir = terraform_dir
        self.outputs_path = outputs_path
        self.state = LakeState(terraform_dir, lake_home or outputs_path.parent)
        self.data_held = data_held
        self.clear_locks = clear_locks
        self.plugin_dir = plugin_dir
        self.env = {
            **os.environ,
            "TF_IN_AUTOMATION": "1",
            **(env or {}),
            "TF_DATA_DIR": str(self.state.data_dir),
        }
        if plugin_dir is None and "TF_PLUGIN_CACHE_DIR" not in self.env:
            # Each lake has its own working data: share downloaded providers between them.
            self.env["TF_PLUGIN_CACHE_DIR"] = str(Path.home() / ".terraform.d" / "plugin-cache")
        binary = shutil.which("terraform", path=self.env.get("PATH"))
        if binary is None:
            raise LakeError(
                "terraform is not installed",
                "install Terraform >= 1.5 for the aws target, or use TARGET=local",
            )
        self.binary = binary

    def _run(self, args: Sequence[str], *, capture: bool = False) -> str:
        command = [self.binary, f"-chdir={self.terraform_dir}", *args]
        completed = subprocess.run(
            command,
            env=self.env,
            text=True,
            check=False,
            stdout=subprocess.PIPE if capture else None,
        )
        if completed.returncode != 0:
            raise LakeError(
                f"`terraform {args[0]}` failed (exit {completed.returncode})",
                "read Terraform's message above; check AWS credentials and region",
            )
        return completed.stdout or ""

    def init(self) -> None:
        """Init against this lake's state, offline from a provider mirror when
        TF_PLUGIN_DIR is set."""
        args = ["init", "-input=false", *self.state.init_args()]
        if self.plugin_dir:
            args.append(f"-plugin-dir={self.plugin_dir}")
        self.state.folder.mkdir(parents=True, exist_ok=True)
        if "TF_PLUGIN_CACHE_DIR" in self.env:  # Terraform wants the folder to exist
            Path(self.env["TF_PLUGIN_CACHE_DIR"]).expanduser().mkdir(parents=True, exist_ok=True)
        self._run(args)

    def outputs(self) -> dict[str, Any]:
        """`terraform output -json` of this lake's state (empty before the first apply)."""
        document: dict[str, Any] = json.loads(self._run(["output", "-json"], capture=True))
        return document

    def plan(self, *, say: Say = quiet) -> None:
        self.init()
        self._run(["plan", "-input=false"])

    def apply(self, *, yes: bool = False, say: Say = quiet) -> None:
        """Apply (Terraform prints 'No changes' on a rerun), then write outputs.json."""
        self.init()
        self._run(["apply", "-input=false", *(["-auto-approve"] if yes else [])])
        write_outputs(self.outputs_path, self.outputs())

    def destroy(
        self, confirm: Confirm, *, yes: bool = False, say: Say = quiet, delete_data: bool = False
    ) -> None:
        """Destroy the lake, but never half of it: Terraform removes the bucket last, after
        its policy, encryption and public-access block, and fails there when the bucket
        holds data. So data is looked for first, and the destroy is refused before anything
        is removed, unless `delete_data` asks for the data to go too."""
        self.init()
        held = self._held()
        if held and not delete_data:
            raise LakeError(
                f"the lake holds data ({'; '.join(held)}); nothing was destroyed",
                f"to delete the lake with its data run {_DELETE_DATA}; "
                "to keep the data, copy it elsewhere first",
            )
        if not delete_data:
            values = {name: entry.get("value") for name, entry in self.outputs().items()}
            if values and self.clear_locks:  # the last thing in the bucket: the lock itself
                self.clear_locks(values)
            self._run(["destroy", "-input=false", *(["-auto-approve"] if yes else [])])
        elif yes or confirm(
            f"This deletes the lake and its data ({'; '.join(held) or 'none found'}). "
            "Type 'yes' to go on:"
        ):
            self._destroy_with_data(say)
        else:
            say("Destroy cancelled; nothing was deleted.")
            return
        self.outputs_path.unlink(missing_ok=True)

    def _held(self) -> list[str]:
        """Where the lake holds data (empty before the first apply)."""
        values = {name: entry.get("value") for name, entry in self.outputs().items()}
        return self.data_held(values) if values and self.data_held else []

    def _destroy_with_data(self, say: Say) -> None:
        """Record force_destroy in the state first (Terraform reads it from there, not from
        the configuration, when it destroys), then destroy."""
        force = ["-var", "force_destroy=true"]
        say("Allowing Terraform to delete the bucket's objects (force_destroy) ...")
        self._run(["apply", "-input=false", "-auto-approve", *force, *_FORCE_DESTROY_TARGETS])
        self._run(["destroy", "-input=false", "-auto-approve", *force])
