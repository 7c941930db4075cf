"""Provision the `aws` target: run Terraform, then save its outputs as the contract."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ingest.errors import LakeError
from ingest.outputs import write_outputs
from ingest.provision.base import Confirm, Say, quiet


class TerraformRunner:
    """`terraform init / plan / apply / destroy / output` in the root module (a `Provisioner`).

    Terraform prints its own plan and asks its own question, on the user's terminal.
    """

    def __init__(
        self,
        terraform_dir: Path,
        outputs_path: Path,
        *,
        plugin_dir: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.terraform_dir = terraform_dir
        self.outputs_path = outputs_path
        self.plugin_dir = plugin_dir
        self.env = {**os.environ, "TF_IN_AUTOMATION": "1", **(env or {})}
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
        """Init, offline from a provider mirror when TF_PLUGIN_DIR is set."""
        args = ["init", "-input=false"]
        if self.plugin_dir:
            args.append(f"-plugin-dir={self.plugin_dir}")
        self._run(args)

    def plan(self, *, say: Say = quiet) -> None:
        self.init()
        self._run(["plan", "-input=false"])

    def apply(self, *, yes: bool = False, say: Say = quiet) -> None:
        """Apply (Terraform prints 'No changes' on a rerun), then write outputs.json."""
        self.init()
        self._run(["apply", "-input=false", *(["-auto-approve"] if yes else [])])
        document: dict[str, Any] = json.loads(self._run(["output", "-json"], capture=True))
        write_outputs(self.outputs_path, document)

    def destroy(self, confirm: Confirm, *, yes: bool = False, say: Say = quiet) -> None:
        """Terraform asks its own question unless `yes`."""
        self.init()
        self._run(["destroy", "-input=false", *(["-auto-approve"] if yes else [])])
        self.outputs_path.unlink(missing_ok=True)
